import { sql, type Kysely } from 'kysely';
import { columnTypes, createdAt, withId } from './helpers.ts';

/**
 * Catalogue (activities, sessions, materials, trainers, interest), registrations with
 * database-enforced capacity, and personal calendar feeds.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);

	await withId(db, db.schema.createTable('activities'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
		.addColumn('track_id', 'integer', (c) => c.references('tracks.id'))
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('learning_form', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description_html', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('provider', 'text')
		.addColumn('cost', t.decimal)
		// JSON arrays; an empty array means "everyone".
		.addColumn('target_job_categories', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('target_unit_ids', 'text', (c) => c.notNull().defaultTo('[]'))
		// Published without a date: collects expressions of interest.
		.addColumn('interest_only', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('published_at', t.timestamp)
		.addColumn('archived_at', t.timestamp)
		.addColumn('created_by', 'integer', (c) => c.references('people.id'))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('activities_programme')
		.on('activities')
		.columns(['programme_id', 'track_id'])
		.execute();

	await withId(db, db.schema.createTable('activity_materials'))
		.addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		// Stored in the database so every app instance serves the same files.
		.addColumn('content', t.blob, (c) => c.notNull())
		.addColumn('uploaded_by', 'integer', (c) => c.references('people.id'))
		.addColumn(...createdAt(db))
		.execute();
	await db.schema
		.createIndex('activity_materials_activity')
		.on('activity_materials')
		.column('activity_id')
		.execute();

	await withId(db, db.schema.createTable('activity_interests'))
		.addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		.addColumn('comment', 'text')
		.addColumn(...createdAt(db))
		.addUniqueConstraint('activity_interests_once', ['activity_id', 'person_id'])
		.execute();

	await withId(db, db.schema.createTable('sessions'))
		.addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
		.addColumn('title', 'text')
		.addColumn('starts_at', t.timestamp, (c) => c.notNull())
		.addColumn('ends_at', t.timestamp, (c) => c.notNull())
		.addColumn('place', 'text')
		.addColumn('online_url', 'text')
		.addColumn('capacity', 'integer', (c) => c.notNull())
		.addColumn('hours', t.decimal, (c) => c.notNull())
		.addColumn('requires_approval', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('registration_opens_at', t.timestamp)
		.addColumn('registration_closes_at', t.timestamp)
		// planned | open | cancelled | done ("full" is derived from the counter).
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
		// Confirmed seats, kept by conditional updates; the check below makes overbooking impossible.
		.addColumn('confirmed_count', 'integer', (c) => c.notNull().defaultTo(0))
		// RFC 5545 SEQUENCE, raised on every change that attendees should see.
		.addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
		// Last waitlist number handed out; bumped atomically so waitlist order is arrival order.
		.addColumn('waitlist_counter', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('recording_url', 'text')
		.addColumn('cancelled_at', t.timestamp)
		.addColumn('cancel_reason', 'text')
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.addCheckConstraint(
			'sessions_capacity',
			sql`capacity >= 0 and confirmed_count >= 0 and confirmed_count <= capacity`
		)
		.addCheckConstraint('sessions_period', sql`starts_at < ends_at`)
		.addCheckConstraint('sessions_hours', sql`hours >= 0`)
		.execute();
	await db.schema.createIndex('sessions_activity').on('sessions').column('activity_id').execute();
	await db.schema.createIndex('sessions_starts').on('sessions').column('starts_at').execute();

	await db.schema
		.createTable('session_trainers')
		.addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		.addPrimaryKeyConstraint('session_trainers_pk', ['session_id', 'person_id'])
		.execute();
	await db.schema.createIndex('session_trainers_person').on('session_trainers').column('person_id').execute();

	await withId(db, db.schema.createTable('registrations'))
		.addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		// requested | confirmed | waitlisted | declined | attended | absent | cancelled
		.addColumn('status', 'text', (c) => c.notNull())
		// Arrival order on the waitlist: a counter per session, assigned when waitlisted.
		.addColumn('waitlist_seq', 'integer')
		.addColumn('requested_at', t.timestamp)
		.addColumn('approved_at', t.timestamp)
		.addColumn('approved_by', 'integer', (c) => c.references('people.id'))
		.addColumn('declined_at', t.timestamp)
		.addColumn('decline_reason', 'text')
		.addColumn('confirmed_at', t.timestamp)
		.addColumn('waitlisted_at', t.timestamp)
		.addColumn('cancelled_at', t.timestamp)
		.addColumn('attendance_marked_at', t.timestamp)
		.addColumn('attendance_marked_by', 'integer', (c) => c.references('people.id'))
		.addColumn('hours_credited', t.decimal)
		// A manager who registered or reserved the seat for the person.
		.addColumn('registered_by', 'integer', (c) => c.references('people.id'))
		.addColumn('reminder_sent_at', t.timestamp)
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		// Registering twice is harmless: one row per person and session.
		.addUniqueConstraint('registrations_once', ['session_id', 'person_id'])
		.execute();
	await db.schema.createIndex('registrations_person').on('registrations').column('person_id').execute();
	await db.schema
		.createIndex('registrations_waitlist')
		.on('registrations')
		.columns(['session_id', 'status', 'waitlist_seq'])
		.execute();

	// Calendar invitations (.ics) travel with the message; JSON [{ filename, contentType, content }].
	await db.schema.alterTable('outbox').addColumn('attachments', 'text').execute();

	await db.schema
		.createTable('calendar_feeds')
		.addColumn('person_id', 'integer', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn(...createdAt(db))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('outbox').dropColumn('attachments').execute();
	for (const table of [
		'calendar_feeds',
		'registrations',
		'session_trainers',
		'sessions',
		'activity_interests',
		'activity_materials',
		'activities'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
