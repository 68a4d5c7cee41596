import type { Kysely } from 'kysely';

/**
 * The funder report's key survey questions (issue 12, SPEC §3.6; owner: funderReport): the
 * scale questions the office chose for a report's survey summary, in its order. A matrix
 * statement is named by `item`, its index in the question's statements as answers store it
 * (`survey_answers.item`); a single-choice question is item 0. With no rows the summary keeps
 * its default (the first scale questions of each survey). A deleted report or question takes
 * its rows with it; frozen versions keep the figures they stored.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('funder_report_key_results')
		.addColumn('report_id', 'integer', (c) => c.notNull().references('funder_reports.id').onDelete('cascade'))
		.addColumn('question_id', 'integer', (c) =>
			c.notNull().references('survey_questions.id').onDelete('cascade')
		)
		.addColumn('item', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('funder_report_key_results_pk', ['report_id', 'question_id', 'item'])
		.execute();
	// Deleting a survey question cascades here: without it every such delete scans the table.
	await db.schema
		.createIndex('funder_report_key_results_question')
		.on('funder_report_key_results')
		.column('question_id')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('funder_report_key_results').execute();
}
