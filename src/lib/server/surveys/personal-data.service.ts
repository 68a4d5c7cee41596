import type { Db } from '../db/database.ts';
import type { PersonalDataPart } from '../core/personal-data.ts';
import {
	countRawOfClosedSurveys,
	countSurveyRows,
	deleteRawOfClosedSurveys,
	eraseSurveyTexts,
	surveyDataOf
} from './personal-data.repository.ts';

/** Invitations and identified answers (never anonymous ones); erasure keeps the counted values. */
export const surveysPersonalData: PersonalDataPart = {
	area: 'surveys',
	covers: {
		subject: ['survey_invitations.person_id', 'survey_responses.person_id'],
		actor: ['surveys.created_by']
	},
	exportOf: (db, personId) => surveyDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countSurveyRows(db, ctx.personId);
		return [
			{ table: 'survey_invitations', deleted: 0, anonymised: 0, kept: n.survey_invitations },
			{ table: 'survey_responses', deleted: 0, anonymised: 0, kept: n.survey_responses },
			{ table: 'survey_answers', deleted: 0, anonymised: n.survey_answers, kept: 0 }
		];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await eraseSurveyTexts(trx, ctx.personId);
		return counts;
	}
};

/**
 * Retention: raw responses of a programme's surveys closed before `cutoff`; the results stay
 * (they are read from the maintained counts in survey_result_counts). Dry run counts.
 */
export function surveyRawRetention(db: Db, programmeId: number, cutoff: string, dryRun: boolean) {
	return dryRun
		? countRawOfClosedSurveys(db, programmeId, cutoff)
		: deleteRawOfClosedSurveys(db, programmeId, cutoff);
}
