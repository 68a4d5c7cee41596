import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { parseInput } from '../core/validation.ts';
import { authorize, type Actor } from '../policy/policy.ts';
import { getSurvey, loadSurvey, orderQuestions, type SurveyView } from './builder.service.ts';
import {
	insertBankQuestion,
	insertQuestionRow,
	insertSection,
	insertSurvey,
	questionRows,
	updateQuestionRow
} from './builder.repository.ts';
import { stringifyI18n } from './i18n-text.ts';
import { followUpSchema, surveyInputError } from './surveys.schema.ts';

/** Waves: a follow-up of an earlier survey, for results compared wave by wave. */

/**
 * A follow-up wave of an earlier survey: the same sections and questions, each tied to the
 * same bank question (questions not yet in the bank are put there first, on both waves), and
 * `previousWaveId` pointing back, so results compare wave by wave.
 */
export async function createFollowUpWave(
	db: Db,
	actor: Actor,
	surveyId: number,
	input: unknown = {}
): Promise<SurveyView> {
	const source = await getSurvey(db, actor, surveyId, 'update');
	authorize(actor, 'create', { type: 'survey', id: 0, programmeId: source.programmeId });
	const data = parseInput(followUpSchema, input, surveyInputError);
	const id = await db.transaction().execute(async (trx) => {
		const now = nowIso();
		const waveId = await insertSurvey(trx, {
			programmeId: source.programmeId,
			kind: source.kind,
			titleJson: stringifyI18n(data.title ?? source.title),
			introJson: source.intro ? stringifyI18n(source.intro) : null,
			anonymous: source.anonymous ? 1 : 0,
			sessionId: source.sessionId,
			activityId: source.activityId,
			previousWaveId: source.id,
			createdBy: actor.personId,
			updatedAt: now
		});
		const sectionMap = new Map<number, number>();
		for (const s of source.sections) {
			sectionMap.set(
				s.id,
				await insertSection(trx, {
					surveyId: waveId,
					titleJson: stringifyI18n(s.title),
					sortOrder: s.sortOrder
				})
			);
		}
		const rows = await questionRows(trx, source.id);
		const questionMap = new Map<number, number>();
		for (const q of orderQuestions(rows, source.sections)) {
			let bankId = q.bankQuestionId;
			if (bankId === null) {
				bankId = await insertBankQuestion(trx, {
					programmeId: source.programmeId,
					type: q.type,
					textJson: q.textJson,
					scaleId: q.scaleId,
					optionsJson: q.optionsJson,
					maxPicks: q.maxPicks
				});
				await updateQuestionRow(trx, q.id, { bankQuestionId: bankId });
			}
			const condition = q.conditionJson
				? (JSON.parse(q.conditionJson) as { questionId: number; values: number[] })
				: null;
			const id = await insertQuestionRow(trx, {
				surveyId: waveId,
				sectionId: q.sectionId === null ? null : (sectionMap.get(q.sectionId) ?? null),
				bankQuestionId: bankId,
				type: q.type,
				textJson: q.textJson,
				scaleId: q.scaleId,
				optionsJson: q.optionsJson,
				maxPicks: q.maxPicks,
				required: q.required,
				conditionJson:
					condition && questionMap.has(condition.questionId)
						? JSON.stringify({ ...condition, questionId: questionMap.get(condition.questionId) })
						: null,
				sortOrder: q.sortOrder
			});
			questionMap.set(q.id, id);
		}
		await recordAudit(trx, {
			programmeId: source.programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'survey',
			entityId: waveId,
			after: { previousWaveId: source.id }
		});
		return waveId;
	});
	return (await loadSurvey(db, id))!;
}
