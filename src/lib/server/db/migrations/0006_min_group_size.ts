import { sql, type Kysely } from 'kysely';
import { columnTypes } from './helpers.ts';

/**
 * A floor of 3 under the programme's minimum group size (k), enforced by the database: with
 * k = 2 either member of a group can read the other's answers by subtracting their own.
 * Programmes below the floor are raised to it first, each change written to the audit log
 * (no actor: the system did it). PostgreSQL gets a CHECK constraint; SQLite cannot add one
 * to an existing table, so two triggers refuse the same rows.
 */
const FLOOR = 3;

export async function up(db: Kysely<any>): Promise<void> {
	const below = await sql<{ id: number; k: number }>`
		select id, min_group_size as k from programmes where min_group_size < ${FLOOR}`.execute(db);
	for (const p of below.rows) {
		await sql`
			insert into audit_log (programme_id, actor_id, action, entity_type, entity_id, before, after)
			values (${p.id}, null, 'update', 'programme', ${p.id},
				${JSON.stringify({ minGroupSize: Number(p.k) })}, ${JSON.stringify({ minGroupSize: FLOOR })})`.execute(db);
	}
	await sql`update programmes set min_group_size = ${FLOOR} where min_group_size < ${FLOOR}`.execute(db);

	if (columnTypes(db).pg) {
		await sql
			.raw(
				`alter table programmes add constraint programmes_min_group_size check (min_group_size >= ${FLOOR})`
			)
			.execute(db);
		return;
	}
	for (const [name, event] of [
		['programmes_min_group_size_insert', 'insert'],
		['programmes_min_group_size_update', 'update of min_group_size']
	] as const)
		await sql
			.raw(
				`create trigger ${name} before ${event} on programmes when new.min_group_size < ${FLOOR}
				begin select raise(abort, 'CHECK constraint failed: programmes_min_group_size'); end`
			)
			.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	if (columnTypes(db).pg) {
		await sql`alter table programmes drop constraint if exists programmes_min_group_size`.execute(db);
		return;
	}
	await sql`drop trigger if exists programmes_min_group_size_insert`.execute(db);
	await sql`drop trigger if exists programmes_min_group_size_update`.execute(db);
}
