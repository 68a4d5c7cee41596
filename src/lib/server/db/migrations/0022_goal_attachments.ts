import { sql, type Kysely } from 'kysely';
import { columnTypes, createdAt, withId } from './helpers.ts';

/**
 * Attachments (issue 12, owner: goals): files on a manual goal's assessment and on a
 * steering-group meeting (minutes, decision papers), stored in the database like catalogue
 * materials so every app instance serves the same files. Exactly one of `goal_id` and
 * `meeting_id` is set; the file goes with its goal or meeting.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);
	await withId(db, db.schema.createTable('goal_attachments'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('goal_id', 'integer', (c) => c.references('goals.id').onDelete('cascade'))
		.addColumn('meeting_id', 'integer', (c) => c.references('steering_meetings.id').onDelete('cascade'))
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('content', t.blob, (c) => c.notNull())
		.addColumn('uploaded_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn(...createdAt(db))
		.addCheckConstraint('goal_attachments_one_owner', sql`(goal_id is null) <> (meeting_id is null)`)
		.execute();
	await db.schema.createIndex('goal_attachments_goal').on('goal_attachments').column('goal_id').execute();
	await db.schema
		.createIndex('goal_attachments_meeting')
		.on('goal_attachments')
		.column('meeting_id')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('goal_attachments').execute();
}
