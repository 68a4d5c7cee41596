import { sql, type Kysely } from 'kysely';
import { columnTypes, withId } from './helpers.ts';

/**
 * Privacy (issue 14 A): a person's data export as a background job (the ZIP kept in the row
 * until its link expires; only the link token's hash is stored), the programme's retention and
 * erasure rules, and the record of erasures (the placeholder "Erased person #N" takes N from
 * it, so it carries no identity). On PostgreSQL the audit log refuses UPDATE and DELETE unless
 * the transaction set `klok.audit_redaction` (only erasure and retention do, with SET LOCAL).
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);
	await withId(db, db.schema.createTable('privacy_exports'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
		.addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('token_hash', 'text')
		.addColumn('content', t.blob)
		.addColumn('size', 'integer')
		.addColumn('error', 'text')
		.addColumn('lease_until', t.timestamp)
		.addColumn('expires_at', t.timestamp)
		.addColumn('downloaded_at', t.timestamp)
		.addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
		.addColumn('finished_at', t.timestamp)
		.execute();
	await db.schema
		.createIndex('privacy_exports_person')
		.on('privacy_exports')
		.columns(['person_id', 'id'])
		.execute();
	await db.schema
		.createIndex('privacy_exports_status')
		.on('privacy_exports')
		.columns(['status', 'lease_until'])
		.execute();
	await db.schema.createIndex('privacy_exports_token').on('privacy_exports').column('token_hash').execute();

	await db.schema
		.createTable('privacy_settings')
		.addColumn('programme_id', 'integer', (c) =>
			c.primaryKey().references('programmes.id').onDelete('cascade')
		)
		.addColumn('dialogue_notes_on_erasure', 'text', (c) => c.notNull().defaultTo('keep'))
		.addColumn('logbook_months_after_end', 'integer')
		.addColumn('inactive_years', 'integer')
		.addColumn('survey_raw_months_after_close', 'integer')
		.addColumn('updated_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
		.execute();

	await withId(db, db.schema.createTable('privacy_erasures'))
		.addColumn('programme_id', 'integer', (c) => c.references('programmes.id').onDelete('cascade'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		.addColumn('erased_by', 'integer', (c) => c.references('people.id'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('counts', 'text', (c) => c.notNull())
		.addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
		.execute();
	await db.schema
		.createIndex('privacy_erasures_programme')
		.on('privacy_erasures')
		.columns(['programme_id', 'id'])
		.execute();
	await db.schema.createIndex('privacy_erasures_person').on('privacy_erasures').column('person_id').execute();

	// The audit page filters by actor or entity and period; retention finds inactive people.
	await db.schema
		.createIndex('audit_log_programme_created')
		.on('audit_log')
		.columns(['programme_id', 'created_at'])
		.execute();
	await db.schema
		.createIndex('audit_log_actor')
		.on('audit_log')
		.columns(['actor_id', 'created_at'])
		.execute();

	if (t.pg) {
		await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
			begin
				if coalesce(current_setting('klok.audit_redaction', true), '') = 'on' then
					if tg_op = 'DELETE' then return old; end if;
					return new;
				end if;
				raise exception 'audit_log is append-only';
			end $$`.execute(db);
		await sql`create trigger audit_log_append_only before update or delete on audit_log
			for each row execute function audit_log_append_only()`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);
	if (t.pg) {
		await sql`drop trigger if exists audit_log_append_only on audit_log`.execute(db);
		await sql`drop function if exists audit_log_append_only()`.execute(db);
	}
	await db.schema.dropIndex('audit_log_actor').execute();
	await db.schema.dropIndex('audit_log_programme_created').execute();
	await db.schema.dropTable('privacy_erasures').execute();
	await db.schema.dropTable('privacy_settings').execute();
	await db.schema.dropTable('privacy_exports').execute();
}
