import { sql, type Kysely } from 'kysely';
import { dialect } from '../database.ts';

/**
 * The programme's coverage figures kept as a snapshot (owner: processes) so that
 * `/learning/programme` does not count 100,000 people per request. `coverage_versions` holds
 * one counter that triggers bump, in the writing transaction, on every change coverage reads
 * (people's unit and state, manager roles, units, plans and their goals, process participants
 * and goals): a snapshot taken at an older version, or for another day, is stale. Also an
 * index for the process list's milestone counts (a scan per process without it).
 */
const WATCHED: { table: string; columns?: string[] }[] = [
	{ table: 'people', columns: ['programme_id', 'unit_id', 'deactivated_at'] },
	{ table: 'role_assignments' },
	{ table: 'units', columns: ['programme_id', 'parent_id', 'kind'] },
	{ table: 'individual_plans', columns: ['person_id', 'period_start', 'period_end'] },
	{ table: 'individual_goals', columns: ['individual_plan_id', 'workplace_goal_id', 'status'] },
	{ table: 'process_participants' },
	{ table: 'process_goals' }
];

export async function up(db: Kysely<any>): Promise<void> {
	const pg = dialect(db) === 'postgres';
	await db.schema
		.createTable('coverage_versions')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('version', 'bigint', (c) => c.notNull())
		.execute();
	await db.insertInto('coverage_versions').values({ id: 1, version: 1 }).execute();
	await db.schema
		.createTable('coverage_snapshot_state')
		.addColumn('programme_id', 'integer', (c) =>
			c.primaryKey().references('programmes.id').onDelete('cascade')
		)
		.addColumn('on_date', 'text', (c) => c.notNull())
		.addColumn('version', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('coverage_snapshots')
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('unit_id', 'integer')
		.addColumn('people', 'integer', (c) => c.notNull())
		.addColumn('with_plan', 'integer', (c) => c.notNull())
		.addColumn('none', 'integer', (c) => c.notNull())
		.addColumn('unmatched', 'integer', (c) => c.notNull())
		.addColumn('covered', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('coverage_snapshots_programme')
		.on('coverage_snapshots')
		.columns(['programme_id', 'unit_id'])
		.execute();

	// The process list counts milestones (done or not) per process: without it, a scan per process.
	await db.schema
		.createIndex('process_milestones_process')
		.ifNotExists()
		.on('process_milestones')
		.columns(['process_id', 'done_at'])
		.execute();

	if (pg) {
		await sql`create function coverage_bump() returns trigger language plpgsql as $$
			begin update coverage_versions set version = version + 1 where id = 1; return null; end $$`.execute(db);
		for (const w of WATCHED) {
			const update = w.columns ? `update of ${w.columns.join(', ')}` : 'update';
			await sql
				.raw(
					`create trigger ${w.table}_coverage_bump after insert or ${update} or delete on ${w.table} ` +
						`for each statement execute function coverage_bump()`
				)
				.execute(db);
		}
	} else {
		for (const w of WATCHED)
			for (const event of ['insert', 'update', 'delete']) {
				const on = event === 'update' && w.columns ? `update of ${w.columns.join(', ')}` : event;
				await sql
					.raw(
						`create trigger ${w.table}_coverage_bump_${event} after ${on} on ${w.table} ` +
							`begin update coverage_versions set version = version + 1 where id = 1; end`
					)
					.execute(db);
			}
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	const pg = dialect(db) === 'postgres';
	for (const w of WATCHED) {
		if (pg) await sql.raw(`drop trigger if exists ${w.table}_coverage_bump on ${w.table}`).execute(db);
		else
			for (const event of ['insert', 'update', 'delete'])
				await sql.raw(`drop trigger if exists ${w.table}_coverage_bump_${event}`).execute(db);
	}
	if (pg) await sql`drop function if exists coverage_bump()`.execute(db);
	await db.schema.dropIndex('process_milestones_process').ifExists().execute();
	await db.schema.dropTable('coverage_snapshots').ifExists().execute();
	await db.schema.dropTable('coverage_snapshot_state').ifExists().execute();
	await db.schema.dropTable('coverage_versions').ifExists().execute();
}
