import type { Kysely } from 'kysely';
import { columnTypes, createdAt, withId } from './helpers.ts';

/**
 * Goals (owner: goals): a programme's aims, overall and measurable goals (KLURA Table 1), each
 * measurable goal with an indicator computed live from the data; the office's status thresholds;
 * status overrides and manual assessments kept as history; snapshots at reporting dates; the
 * steering group's meetings and decisions (follow-up nudged once: `nudged_at`).
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);
	await withId(db, db.schema.createTable('goals'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('text_json', 'text', (c) => c.notNull())
		.addColumn('examined_by', 'text')
		.addColumn('indicator_kind', 'text', (c) => c.notNull().defaultTo('none'))
		.addColumn('indicator_json', 'text')
		.addColumn('target', 'real')
		.addColumn('manual_status', 'text')
		.addColumn('manual_comment', 'text')
		.addColumn('override_status', 'text')
		.addColumn('override_reason', 'text')
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('goals_programme')
		.on('goals')
		.columns(['programme_id', 'kind', 'sort_order'])
		.execute();

	await withId(db, db.schema.createTable('goal_events'))
		.addColumn('goal_id', 'integer', (c) => c.notNull().references('goals.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('status', 'text')
		.addColumn('reason', 'text')
		.addColumn('person_id', 'integer')
		.addColumn('at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('goal_events_goal').on('goal_events').columns(['goal_id', 'at']).execute();

	await db.schema
		.createTable('goal_settings')
		.addColumn('programme_id', 'integer', (c) =>
			c.primaryKey().references('programmes.id').onDelete('cascade')
		)
		.addColumn('good_progress', 'real', (c) => c.notNull())
		.addColumn('on_the_way', 'real', (c) => c.notNull())
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();

	await withId(db, db.schema.createTable('goal_snapshots'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('taken_at', t.timestamp, (c) => c.notNull())
		.addColumn('taken_by', 'integer')
		.execute();
	await db.schema
		.createIndex('goal_snapshots_programme')
		.on('goal_snapshots')
		.columns(['programme_id', 'taken_at'])
		.execute();
	await db.schema
		.createTable('goal_snapshot_rows')
		.addColumn('snapshot_id', 'integer', (c) =>
			c.notNull().references('goal_snapshots.id').onDelete('cascade')
		)
		.addColumn('goal_id', 'integer', (c) => c.notNull().references('goals.id').onDelete('cascade'))
		.addColumn('actual', 'real')
		.addColumn('target', 'real')
		.addColumn('status', 'text')
		.addColumn('status_source', 'text', (c) => c.notNull())
		.addColumn('evidence_json', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('goal_snapshot_rows_pk', ['snapshot_id', 'goal_id'])
		.execute();

	await withId(db, db.schema.createTable('steering_meetings'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('held_on', t.date, (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('notes', 'text')
		.addColumn(...createdAt(db))
		.execute();
	await db.schema
		.createIndex('steering_meetings_programme')
		.on('steering_meetings')
		.columns(['programme_id', 'held_on'])
		.execute();
	await withId(db, db.schema.createTable('steering_decisions'))
		.addColumn('meeting_id', 'integer', (c) =>
			c.notNull().references('steering_meetings.id').onDelete('cascade')
		)
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('responsible_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn('follow_up_on', t.date)
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
		.addColumn('nudged_at', t.timestamp)
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('steering_decisions_meeting')
		.on('steering_decisions')
		.columns(['meeting_id'])
		.execute();
	// The nudge job's filter: open, follow-up date passed, not yet nudged.
	await db.schema
		.createIndex('steering_decisions_due')
		.on('steering_decisions')
		.columns(['status', 'nudged_at', 'follow_up_on'])
		.execute();
	await db.schema
		.createIndex('steering_decisions_programme')
		.on('steering_decisions')
		.columns(['programme_id', 'follow_up_on'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'steering_decisions',
		'steering_meetings',
		'goal_snapshot_rows',
		'goal_snapshots',
		'goal_settings',
		'goal_events',
		'goals'
	])
		await db.schema.dropTable(table).ifExists().execute();
}
