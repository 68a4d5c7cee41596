import { sql, type Kysely } from 'kysely';
import { columnTypes, createdAt, withId } from './helpers.ts';

/**
 * Learning at work: SWOT boards, needs inventory, workplace and individual competence plans,
 * development dialogues, the 40-20-40 cycle per registration, development processes and the
 * reflection logbook with consent-based sharing.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);

	// Days after a session before the 40-20-40 "after" part is due.
	await db.schema
		.alterTable('programmes')
		.addColumn('followup_days', 'integer', (c) => c.notNull().defaultTo(30))
		.execute();

	await withId(db, db.schema.createTable('swot_items'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
		// Null: the programme's own analysis.
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		// strength | weakness | opportunity | threat
		.addColumn('category', 'text', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		// A short label that groups similar items across workplaces (e.g. "digital skills").
		.addColumn('theme', 'text')
		.addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('author_id', 'integer', (c) => c.references('people.id'))
		.addColumn('archived_at', t.timestamp)
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('swot_items_unit')
		.on('swot_items')
		.columns(['programme_id', 'unit_id'])
		.execute();

	await withId(db, db.schema.createTable('needs'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn('author_id', 'integer', (c) => c.references('people.id'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text')
		.addColumn('track_id', 'integer', (c) => c.references('tracks.id'))
		// A learning form or activity type the author suggests (free code, e.g. 'course_basic').
		.addColumn('suggested_form', 'text')
		// new | planned | met | declined
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
		.addColumn('decline_reason', 'text')
		.addColumn('priority', 'integer')
		.addColumn('decided_by', 'integer', (c) => c.references('people.id'))
		// Kept by conditional updates when votes are cast or withdrawn.
		.addColumn('vote_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('needs_programme').on('needs').columns(['programme_id', 'status']).execute();

	await db.schema
		.createTable('need_votes')
		.addColumn('need_id', 'integer', (c) => c.notNull().references('needs.id').onDelete('cascade'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		.addColumn(...createdAt(db))
		.addPrimaryKeyConstraint('need_votes_pk', ['need_id', 'person_id'])
		.execute();

	await db.schema
		.createTable('need_activities')
		.addColumn('need_id', 'integer', (c) => c.notNull().references('needs.id').onDelete('cascade'))
		.addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
		.addPrimaryKeyConstraint('need_activities_pk', ['need_id', 'activity_id'])
		.execute();

	await withId(db, db.schema.createTable('workplace_plans'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('period_start', t.date, (c) => c.notNull())
		.addColumn('period_end', t.date, (c) => c.notNull())
		.addColumn('focus_areas', 'text')
		.addColumn('created_by', 'integer', (c) => c.references('people.id'))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.addCheckConstraint('workplace_plans_period', sql`period_start <= period_end`)
		.execute();

	await withId(db, db.schema.createTable('workplace_goals'))
		.addColumn('workplace_plan_id', 'integer', (c) =>
			c.notNull().references('workplace_plans.id').onDelete('cascade')
		)
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('track_id', 'integer', (c) => c.references('tracks.id'))
		.addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn(...createdAt(db))
		.execute();

	await withId(db, db.schema.createTable('individual_plans'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		.addColumn('workplace_plan_id', 'integer', (c) => c.references('workplace_plans.id'))
		.addColumn('period_start', t.date, (c) => c.notNull())
		.addColumn('period_end', t.date, (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('people.id'))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.addCheckConstraint('individual_plans_period', sql`period_start <= period_end`)
		.execute();
	await db.schema.createIndex('individual_plans_person').on('individual_plans').column('person_id').execute();

	await withId(db, db.schema.createTable('individual_goals'))
		.addColumn('individual_plan_id', 'integer', (c) =>
			c.notNull().references('individual_plans.id').onDelete('cascade')
		)
		.addColumn('text', 'text', (c) => c.notNull())
		// The workplace goal it serves; null = "unlinked" on the manager's overview.
		.addColumn('workplace_goal_id', 'integer', (c) => c.references('workplace_goals.id'))
		// open | achieved | dropped
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
		.addColumn(...createdAt(db))
		.execute();

	await withId(db, db.schema.createTable('planned_activities'))
		.addColumn('individual_plan_id', 'integer', (c) =>
			c.notNull().references('individual_plans.id').onDelete('cascade')
		)
		.addColumn('individual_goal_id', 'integer', (c) => c.references('individual_goals.id'))
		.addColumn('session_id', 'integer', (c) => c.references('sessions.id'))
		.addColumn('activity_id', 'integer', (c) => c.references('activities.id'))
		.addColumn('description', 'text')
		// planned | done | dropped ("done" also derives from attendance of the linked session)
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
		.addColumn(...createdAt(db))
		.execute();

	await withId(db, db.schema.createTable('development_dialogues'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		.addColumn('manager_id', 'integer', (c) => c.references('people.id'))
		.addColumn('held_on', t.date, (c) => c.notNull())
		.addColumn('notes', 'text')
		.addColumn('agreed_goals', 'text')
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('development_dialogues_person')
		.on('development_dialogues')
		.column('person_id')
		.execute();

	// The 40-20-40 cycle: one row per registration (before / during from attendance / after).
	await db.schema
		.createTable('cycle_forms')
		.addColumn('registration_id', 'integer', (c) =>
			c.primaryKey().references('registrations.id').onDelete('cascade')
		)
		.addColumn('before_need', 'text')
		.addColumn('before_goal', 'text')
		.addColumn('before_motivation', 'text')
		.addColumn('before_manager_talk_on', t.date)
		.addColumn('before_completed_at', t.timestamp)
		.addColumn('after_learned', 'text')
		.addColumn('after_apply', 'text')
		.addColumn('after_shared_on', t.date)
		.addColumn('after_shared_where', 'text')
		.addColumn('after_followup_on', t.date)
		.addColumn('after_completed_at', t.timestamp)
		// When the after part is due (session end + the programme's follow-up delay).
		.addColumn('after_due_at', t.timestamp)
		.addColumn('nudged_at', t.timestamp)
		.addColumn('hours_before', t.decimal)
		.addColumn('hours_during', t.decimal)
		.addColumn('hours_after', t.decimal)
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.addCheckConstraint(
			'cycle_forms_hours',
			sql`coalesce(hours_before, 0) >= 0 and coalesce(hours_during, 0) >= 0 and coalesce(hours_after, 0) >= 0`
		)
		.execute();

	await withId(db, db.schema.createTable('processes'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('track_id', 'integer', (c) => c.references('tracks.id'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text')
		.addColumn('questions', 'text')
		// planned | running | finished
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
		.addColumn('results', 'text')
		.addColumn('lessons', 'text')
		.addColumn('starts_on', t.date)
		.addColumn('ends_on', t.date)
		.addColumn('created_by', 'integer', (c) => c.references('people.id'))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('processes_programme')
		.on('processes')
		.columns(['programme_id', 'unit_id'])
		.execute();

	await db.schema
		.createTable('process_participants')
		.addColumn('process_id', 'integer', (c) => c.notNull().references('processes.id').onDelete('cascade'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		// member | lead
		.addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
		.addPrimaryKeyConstraint('process_participants_pk', ['process_id', 'person_id'])
		.execute();
	await db.schema
		.createIndex('process_participants_person')
		.on('process_participants')
		.column('person_id')
		.execute();

	await db.schema
		.createTable('process_sessions')
		.addColumn('process_id', 'integer', (c) => c.notNull().references('processes.id').onDelete('cascade'))
		.addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
		.addPrimaryKeyConstraint('process_sessions_pk', ['process_id', 'session_id'])
		.execute();

	await db.schema
		.createTable('process_needs')
		.addColumn('process_id', 'integer', (c) => c.notNull().references('processes.id').onDelete('cascade'))
		.addColumn('need_id', 'integer', (c) => c.notNull().references('needs.id'))
		.addPrimaryKeyConstraint('process_needs_pk', ['process_id', 'need_id'])
		.execute();

	// A process "matches a plan" when it serves a workplace goal that the person's individual goals link to.
	await db.schema
		.createTable('process_goals')
		.addColumn('process_id', 'integer', (c) => c.notNull().references('processes.id').onDelete('cascade'))
		.addColumn('workplace_goal_id', 'integer', (c) => c.notNull().references('workplace_goals.id'))
		.addPrimaryKeyConstraint('process_goals_pk', ['process_id', 'workplace_goal_id'])
		.execute();

	await withId(db, db.schema.createTable('process_milestones'))
		.addColumn('process_id', 'integer', (c) => c.notNull().references('processes.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('due_on', t.date)
		.addColumn('done_at', t.timestamp)
		.addColumn(...createdAt(db))
		.execute();

	await withId(db, db.schema.createTable('logbook_entries'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		.addColumn('title', 'text')
		// Sanitised HTML.
		.addColumn('body_html', 'text', (c) => c.notNull())
		.addColumn('session_id', 'integer', (c) => c.references('sessions.id'))
		.addColumn('process_id', 'integer', (c) => c.references('processes.id'))
		.addColumn('individual_goal_id', 'integer', (c) => c.references('individual_goals.id'))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('logbook_entries_person').on('logbook_entries').column('person_id').execute();

	// Current consent: a row means "shared with this audience now". Withdrawal deletes it.
	await db.schema
		.createTable('logbook_shares')
		.addColumn('entry_id', 'integer', (c) => c.notNull().references('logbook_entries.id').onDelete('cascade'))
		// process_group | manager | evaluators
		.addColumn('audience', 'text', (c) => c.notNull())
		.addColumn('granted_at', t.timestamp, (c) => c.notNull())
		.addPrimaryKeyConstraint('logbook_shares_pk', ['entry_id', 'audience'])
		.execute();

	// Every consent change, kept for accountability (GDPR).
	await withId(db, db.schema.createTable('logbook_consent_events'))
		.addColumn('entry_id', 'integer', (c) => c.notNull().references('logbook_entries.id').onDelete('cascade'))
		.addColumn('audience', 'text', (c) => c.notNull())
		// grant | withdraw
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'integer', (c) => c.references('people.id'))
		.addColumn(...createdAt(db))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'logbook_consent_events',
		'logbook_shares',
		'logbook_entries',
		'process_milestones',
		'process_goals',
		'process_needs',
		'process_sessions',
		'process_participants',
		'processes',
		'cycle_forms',
		'development_dialogues',
		'planned_activities',
		'individual_goals',
		'individual_plans',
		'workplace_goals',
		'workplace_plans',
		'need_activities',
		'need_votes',
		'needs',
		'swot_items'
	]) {
		await db.schema.dropTable(table).execute();
	}
	await db.schema.alterTable('programmes').dropColumn('followup_days').execute();
}
