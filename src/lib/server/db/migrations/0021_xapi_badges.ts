import type { Kysely } from 'kysely';
import { columnTypes, createdAt, withId } from './helpers.ts';

/**
 * Open standards (issue 14): xAPI statements queued for a Learning Record Store (owner: xapi),
 * and Open Badges 3.0 achievements, issued credentials and the issuer key (owner: badges).
 * `xapi_statements` is a queue like the outbox (status, attempts, next_attempt_at as lease);
 * its `statement_id` is unique so that an event recorded twice queues one statement.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);
	await db.schema
		.createTable('xapi_settings')
		.addColumn('programme_id', 'integer', (c) =>
			c.primaryKey().references('programmes.id').onDelete('cascade')
		)
		.addColumn('actor_mode', 'text', (c) => c.notNull().defaultTo('account'))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await withId(db, db.schema.createTable('xapi_statements'))
		.addColumn('statement_id', 'text', (c) => c.notNull().unique())
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn('verb', 'text', (c) => c.notNull())
		.addColumn('statement', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_attempt_at', t.timestamp)
		.addColumn('sent_at', t.timestamp)
		.addColumn('error', 'text')
		.addColumn(...createdAt(db))
		.execute();
	await db.schema
		.createIndex('xapi_statements_due')
		.on('xapi_statements')
		.columns(['status', 'next_attempt_at'])
		.execute();
	await db.schema
		.createIndex('xapi_statements_programme')
		.on('xapi_statements')
		.columns(['programme_id', 'created_at', 'id'])
		.execute();

	await withId(db, db.schema.createTable('badge_achievements'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('criteria', 'text', (c) => c.notNull())
		.addColumn('image_url', 'text')
		.addColumn('criteria_kind', 'text', (c) => c.notNull())
		.addColumn('track_id', 'integer', (c) => c.references('tracks.id').onDelete('cascade'))
		.addColumn('activity_id', 'integer', (c) => c.references('activities.id').onDelete('cascade'))
		.addColumn('created_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('badge_achievements_programme')
		.on('badge_achievements')
		.columns(['programme_id', 'id'])
		.execute();
	// `id` is also the credential's index in the status lists (list = id / size, bit = id % size).
	await withId(db, db.schema.createTable('badge_credentials'))
		.addColumn('public_id', 'text', (c) => c.notNull().unique())
		.addColumn('achievement_id', 'integer', (c) =>
			c.notNull().references('badge_achievements.id').onDelete('cascade')
		)
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('jwt', 'text', (c) => c.notNull())
		.addColumn('issued_at', t.timestamp, (c) => c.notNull())
		.addColumn('revoked_at', t.timestamp)
		.addColumn('revoked_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addUniqueConstraint('badge_credentials_earner', ['achievement_id', 'person_id'])
		.execute();
	await db.schema
		.createIndex('badge_credentials_person')
		.on('badge_credentials')
		.columns(['person_id', 'id'])
		.execute();
	await db.schema
		.createIndex('badge_credentials_revoked')
		.on('badge_credentials')
		.columns(['revoked_at', 'id'])
		.execute();
	// One signing key per installation; the private JWK is encrypted (AES-256-GCM).
	await withId(db, db.schema.createTable('badge_issuer_keys'))
		.addColumn('kid', 'text', (c) => c.notNull().unique())
		.addColumn('public_jwk', 'text', (c) => c.notNull())
		.addColumn('private_jwk_encrypted', 'text', (c) => c.notNull())
		.addColumn(...createdAt(db))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'badge_issuer_keys',
		'badge_credentials',
		'badge_achievements',
		'xapi_statements',
		'xapi_settings'
	])
		await db.schema.dropTable(table).execute();
}
