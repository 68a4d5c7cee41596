import type { Kysely } from 'kysely';

/**
 * The funder report's live sources at national scale (issue 12). The participation figures and
 * the goals' coverage counts are memoised by data version (0026, 0015); what is read live each
 * view must be cheap. The survey summary's response rates count a survey's invitations and the
 * completed ones (100,000 a survey in the national demo): with `completed_at` in the index the
 * count reads the index alone instead of every invitation's row (~40 → a few ms a survey).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createIndex('survey_invitations_survey_completed')
		.ifNotExists()
		.on('survey_invitations')
		.columns(['survey_id', 'completed_at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('survey_invitations_survey_completed').ifExists().execute();
}
