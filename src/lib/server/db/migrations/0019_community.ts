import { sql, type Kysely } from 'kysely';
import { columnTypes, createdAt, withId } from './helpers.ts';

/**
 * Community (issue 13 part B): the expert directory (owner: experts), networks with members
 * and meetings (owner: networks), recordings on sessions (owner: recordings), the newsletter
 * (owner: newsletter). Every list filter has its index.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);

	// ---- experts
	await withId(db, db.schema.createTable('expert_subjects'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn(...createdAt(db))
		.addUniqueConstraint('expert_subjects_name', ['programme_id', 'name'])
		.execute();
	await db.schema
		.createTable('expert_profiles')
		.addColumn('person_id', 'integer', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('help_with', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('contact', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('expert_profiles_listed')
		.on('expert_profiles')
		.columns(['programme_id', 'listed', 'person_id'])
		.execute();
	// A profile's areas: `subject` (from the vocabulary), `tag` (free, lower-cased), `language` (code).
	await db.schema
		.createTable('expert_areas')
		.addColumn('person_id', 'integer', (c) =>
			c.notNull().references('expert_profiles.person_id').onDelete('cascade')
		)
		.addColumn('programme_id', 'integer', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('value', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('expert_areas_pk', ['person_id', 'kind', 'value'])
		.execute();
	await db.schema
		.createIndex('expert_areas_filter')
		.on('expert_areas')
		.columns(['programme_id', 'kind', 'value', 'person_id'])
		.execute();

	// ---- networks
	await withId(db, db.schema.createTable('networks'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('reach', 'text', (c) => c.notNull().defaultTo('programme'))
		.addColumn('contact_person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn('starts_on', t.date, (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('networks_programme')
		.on('networks')
		.columns(['programme_id', 'starts_on'])
		.execute();
	await withId(db, db.schema.createTable('network_members'))
		.addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('cascade'))
		.addColumn('external_name', 'text')
		.addColumn('external_organisation', 'text')
		.addColumn('external_email', 'text')
		.addColumn(...createdAt(db))
		.execute();
	await db.schema
		.createIndex('network_members_network')
		.on('network_members')
		.columns(['network_id'])
		.execute();
	await db.schema
		.createIndex('network_members_person')
		.on('network_members')
		.columns(['person_id', 'network_id'])
		.unique()
		.execute();
	await withId(db, db.schema.createTable('network_meetings'))
		.addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('meets_on', t.date, (c) => c.notNull())
		.addColumn('place', 'text')
		.addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn(...createdAt(db))
		.execute();
	await db.schema
		.createIndex('network_meetings_network')
		.on('network_meetings')
		.columns(['network_id', 'meets_on'])
		.execute();

	// ---- recordings (the id is random: never a guessable URL)
	await db.schema
		.createTable('session_recordings')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('url', 'text')
		.addColumn('file_name', 'text')
		.addColumn('content_type', 'text')
		.addColumn('size', 'integer')
		.addColumn('content', t.blob)
		.addColumn('duration_seconds', 'integer')
		.addColumn('consent_noted_at', t.timestamp)
		.addColumn('consent_noted_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn('published_at', t.timestamp)
		.addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn(...createdAt(db))
		.addCheckConstraint(
			'session_recordings_consent',
			sql`published_at is null or consent_noted_at is not null`
		)
		.execute();
	await db.schema
		.createIndex('session_recordings_session')
		.on('session_recordings')
		.columns(['session_id', 'created_at'])
		.execute();
	await db.schema
		.createIndex('session_recordings_programme')
		.on('session_recordings')
		.columns(['programme_id', 'published_at'])
		.execute();

	// ---- newsletter
	await db.schema
		.createTable('newsletter_settings')
		.addColumn('programme_id', 'integer', (c) =>
			c.primaryKey().references('programmes.id').onDelete('cascade')
		)
		.addColumn('frequency', 'text', (c) => c.notNull().defaultTo('off'))
		.addColumn('default_subscribed', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('newsletter_subscriptions')
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
		.addColumn('subscribed', 'integer', (c) => c.notNull())
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.addPrimaryKeyConstraint('newsletter_subscriptions_pk', ['programme_id', 'person_id'])
		.execute();
	await withId(db, db.schema.createTable('newsletter_issues'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('period_key', 'text', (c) => c.notNull())
		.addColumn('period_start', t.timestamp, (c) => c.notNull())
		.addColumn('period_end', t.timestamp, (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
		.addColumn('content', 'text', (c) => c.notNull())
		.addColumn('scheduled_for', t.timestamp, (c) => c.notNull())
		.addColumn('sent_at', t.timestamp)
		.addColumn('recipient_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn(...createdAt(db))
		.addUniqueConstraint('newsletter_issues_period', ['programme_id', 'period_key'])
		.execute();
	await db.schema
		.createIndex('newsletter_issues_due')
		.on('newsletter_issues')
		.columns(['status', 'scheduled_for'])
		.execute();
	// Once per person per issue: the primary key is the guarantee, whichever instance sends.
	await db.schema
		.createTable('newsletter_deliveries')
		.addColumn('issue_id', 'integer', (c) =>
			c.notNull().references('newsletter_issues.id').onDelete('cascade')
		)
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
		.addColumn('token_hash', 'text')
		.addColumn(...createdAt(db))
		.addPrimaryKeyConstraint('newsletter_deliveries_pk', ['issue_id', 'person_id'])
		.execute();
	await db.schema
		.createIndex('newsletter_deliveries_token')
		.on('newsletter_deliveries')
		.columns(['token_hash'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'newsletter_deliveries',
		'newsletter_issues',
		'newsletter_subscriptions',
		'newsletter_settings',
		'session_recordings',
		'network_meetings',
		'network_members',
		'networks',
		'expert_areas',
		'expert_profiles',
		'expert_subjects'
	])
		await db.schema.dropTable(table).ifExists().execute();
}
