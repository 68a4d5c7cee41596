import type { Kysely } from 'kysely';
import { columnTypes, createdAt, withId } from './helpers.ts';

/**
 * Issue 12 part B: the programme's budget (owner: budget), follow-up visits (owner: visits)
 * and the funder report with its frozen versions (owner: funderReport). Money is an integer of
 * minor units (öre, øre, cent) in the programme's currency (`budget_settings.currency`), so
 * sums are exact on both databases; bigint because a programme budget passes 2^31 öre.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);

	await db.schema
		.createTable('budget_settings')
		.addColumn('programme_id', 'integer', (c) =>
			c.primaryKey().references('programmes.id').onDelete('cascade')
		)
		.addColumn('currency', 'text', (c) => c.notNull().defaultTo('SEK'))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();

	// Money in: the funder's grant and the own contribution, per year.
	await withId(db, db.schema.createTable('funding_sources'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		// funder | own
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('amount', 'bigint', (c) => c.notNull())
		.addColumn(...createdAt(db))
		.execute();
	await db.schema
		.createIndex('funding_sources_programme_year')
		.on('funding_sources')
		.columns(['programme_id', 'year'])
		.execute();

	// Money out, planned: an allocation per year; `per_workplace` = a fixed sum for each workplace.
	await withId(db, db.schema.createTable('budget_lines'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('year', 'integer', (c) => c.notNull())
		// workplaces | central | other
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('amount', 'bigint', (c) => c.notNull())
		.addColumn('per_workplace', 'bigint')
		.addColumn(...createdAt(db))
		.execute();
	await db.schema
		.createIndex('budget_lines_programme_year')
		.on('budget_lines')
		.columns(['programme_id', 'year'])
		.execute();

	// Money out, actual: linked to a budget line and an activity, session or workplace.
	await withId(db, db.schema.createTable('expenses'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('budget_line_id', 'integer', (c) => c.references('budget_lines.id').onDelete('set null'))
		// trainer_fee | venue | travel | materials | other
		.addColumn('category', 'text', (c) => c.notNull())
		.addColumn('amount', 'bigint', (c) => c.notNull())
		.addColumn('spent_on', t.date, (c) => c.notNull())
		.addColumn('supplier', 'text')
		.addColumn('description', 'text')
		.addColumn('activity_id', 'integer', (c) => c.references('activities.id').onDelete('set null'))
		.addColumn('session_id', 'integer', (c) => c.references('sessions.id').onDelete('set null'))
		.addColumn('unit_id', 'integer', (c) => c.references('units.id').onDelete('set null'))
		.addColumn('created_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn(...createdAt(db))
		.execute();
	await db.schema
		.createIndex('expenses_programme_spent')
		.on('expenses')
		.columns(['programme_id', 'spent_on'])
		.execute();
	await db.schema.createIndex('expenses_unit').on('expenses').columns(['unit_id', 'spent_on']).execute();
	await db.schema.createIndex('expenses_line').on('expenses').columns(['budget_line_id']).execute();

	// Follow-up visits: the programme's checklist (JSON array of questions; none = KUB's default).
	await db.schema
		.createTable('visit_templates')
		.addColumn('programme_id', 'integer', (c) =>
			c.primaryKey().references('programmes.id').onDelete('cascade')
		)
		.addColumn('questions', 'text', (c) => c.notNull())
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await withId(db, db.schema.createTable('visits'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('visited_on', t.date, (c) => c.notNull())
		.addColumn('coordinator_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
		// The workplace's figures as prepared for the visit (JSON; counts only, never texts).
		.addColumn('indicators', 'text', (c) => c.notNull())
		// The checklist as asked, with answers: JSON [{ question, answer, note }].
		.addColumn('answers', 'text', (c) => c.notNull())
		.addColumn('notes', 'text')
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('visits_unit')
		.on('visits')
		.columns(['programme_id', 'unit_id', 'visited_on'])
		.execute();
	await withId(db, db.schema.createTable('visit_actions'))
		.addColumn('visit_id', 'integer', (c) => c.notNull().references('visits.id').onDelete('cascade'))
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('responsible', 'text')
		.addColumn('follow_up_on', t.date)
		.addColumn('done_at', t.timestamp)
		.addColumn(...createdAt(db))
		.execute();
	await db.schema.createIndex('visit_actions_visit').on('visit_actions').columns(['visit_id']).execute();

	// The funder report: a period with the office's texts; versions keep the figures as sent.
	await withId(db, db.schema.createTable('funder_reports'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('period_start', t.date, (c) => c.notNull())
		.addColumn('period_end', t.date, (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('lessons', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('funder_reports_programme')
		.on('funder_reports')
		.columns(['programme_id', 'period_start'])
		.execute();
	await withId(db, db.schema.createTable('funder_report_versions'))
		.addColumn('report_id', 'integer', (c) => c.notNull().references('funder_reports.id').onDelete('cascade'))
		.addColumn('frozen_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn('locale', 'text', (c) => c.notNull())
		// The computed figures and texts as JSON, exactly as the version shows them.
		.addColumn('figures', 'text', (c) => c.notNull())
		.addColumn(...createdAt(db))
		.execute();
	await db.schema
		.createIndex('funder_report_versions_report')
		.on('funder_report_versions')
		.columns(['report_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'funder_report_versions',
		'funder_reports',
		'visit_actions',
		'visits',
		'visit_templates',
		'expenses',
		'budget_lines',
		'funding_sources',
		'budget_settings'
	])
		await db.schema.dropTable(table).ifExists().execute();
}
