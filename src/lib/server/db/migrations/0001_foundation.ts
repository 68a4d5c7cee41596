import { sql, type Kysely } from 'kysely';
import { columnTypes, createdAt, withId } from './helpers.ts';

/** Programmes, the organisation tree, people, roles, sign-in, mail outbox, audit log, imports. */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);

	await withId(db, db.schema.createTable('programmes'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('funder', 'text')
		.addColumn('starts_on', t.date, (c) => c.notNull())
		.addColumn('ends_on', t.date, (c) => c.notNull())
		.addColumn('default_locale', 'text', (c) => c.notNull().defaultTo('sv'))
		.addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Europe/Stockholm'))
		.addColumn('min_group_size', 'integer', (c) => c.notNull().defaultTo(5))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.addCheckConstraint('programmes_period', sql`starts_on <= ends_on`)
		.execute();

	await withId(db, db.schema.createTable('units'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
		.addColumn('parent_id', 'integer', (c) => c.references('units.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('code', 'text')
		.addColumn('closed_at', t.timestamp)
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('units_parent').on('units').column('parent_id').execute();
	await db.schema
		.createIndex('units_programme_code')
		.on('units')
		.columns(['programme_id', 'code'])
		.unique()
		.execute();

	await withId(db, db.schema.createTable('tracks'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('description', 'text')
		.addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn(...createdAt(db))
		.execute();

	await withId(db, db.schema.createTable('people'))
		.addColumn('programme_id', 'integer', (c) => c.references('programmes.id'))
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('email_normalized', 'text', (c) => c.notNull().unique())
		.addColumn('job_category', 'text')
		.addColumn('gender', 'text')
		.addColumn('role_started_on', t.date)
		.addColumn('hourly_cost', t.decimal)
		.addColumn('locale', 'text')
		.addColumn('password_hash', 'text')
		.addColumn('deactivated_at', t.timestamp)
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('people_unit').on('people').column('unit_id').execute();
	await db.schema
		.createIndex('people_programme_name')
		.on('people')
		.columns(['programme_id', 'name'])
		.execute();

	await withId(db, db.schema.createTable('role_assignments'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('programme_id', 'integer', (c) => c.references('programmes.id'))
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn(...createdAt(db))
		.execute();
	await db.schema.createIndex('role_assignments_person').on('role_assignments').column('person_id').execute();

	await db.schema
		.createTable('auth_sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
		.addColumn(...createdAt(db))
		.addColumn('expires_at', t.timestamp, (c) => c.notNull())
		.addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
		.addColumn('user_agent', 'text')
		.addColumn('ip', 'text')
		.execute();
	await db.schema.createIndex('auth_sessions_person').on('auth_sessions').column('person_id').execute();

	await db.schema
		.createTable('password_resets')
		.addColumn('token_hash', 'text', (c) => c.primaryKey())
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
		.addColumn('expires_at', t.timestamp, (c) => c.notNull())
		.addColumn('used_at', t.timestamp)
		.addColumn(...createdAt(db))
		.execute();

	await withId(db, db.schema.createTable('login_attempts'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('attempted_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('login_attempts_key_time')
		.on('login_attempts')
		.columns(['key', 'attempted_at'])
		.execute();

	await withId(db, db.schema.createTable('api_tokens'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('prefix', 'text', (c) => c.notNull())
		.addColumn(...createdAt(db))
		.addColumn('last_used_at', t.timestamp)
		.addColumn('revoked_at', t.timestamp)
		.execute();

	await withId(db, db.schema.createTable('outbox'))
		.addColumn('programme_id', 'integer', (c) => c.references('programmes.id'))
		.addColumn('person_id', 'integer', (c) => c.references('people.id'))
		.addColumn('to_address', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('text_body', 'text', (c) => c.notNull())
		.addColumn('html_body', 'text')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn(...createdAt(db))
		.addColumn('sent_at', t.timestamp)
		.addColumn('error', 'text')
		.execute();
	await db.schema.createIndex('outbox_created').on('outbox').column('created_at').execute();

	await withId(db, db.schema.createTable('audit_log'))
		.addColumn('programme_id', 'integer', (c) => c.references('programmes.id'))
		.addColumn('actor_id', 'integer', (c) => c.references('people.id'))
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('entity_type', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'integer')
		.addColumn('before', 'text')
		.addColumn('after', 'text')
		.addColumn(...createdAt(db))
		.execute();
	await db.schema
		.createIndex('audit_log_programme_time')
		.on('audit_log')
		.columns(['programme_id', 'created_at'])
		.execute();
	await db.schema
		.createIndex('audit_log_entity')
		.on('audit_log')
		.columns(['entity_type', 'entity_id'])
		.execute();

	await withId(db, db.schema.createTable('import_jobs'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('rows', 'text', (c) => c.notNull())
		.addColumn('row_count', 'integer', (c) => c.notNull())
		.addColumn('error_count', 'integer', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn(...createdAt(db))
		.addColumn('finished_at', t.timestamp)
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'import_jobs',
		'audit_log',
		'outbox',
		'api_tokens',
		'login_attempts',
		'password_resets',
		'auth_sessions',
		'role_assignments',
		'people',
		'tracks',
		'units',
		'programmes'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
