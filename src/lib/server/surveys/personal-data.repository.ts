import type { Db } from '../db/database.ts';

/**
 * The surveys domain's part of a person's data export and erasure. Only identified answers
 * (a response with the person's id): anonymous responses carry no person and are never linked
 * to an invitation, so Klok cannot tell whose they are.
 */

const responsesOf = (db: Db, personId: number) =>
	db
		.selectFrom('surveyResponses')
		.select('surveyResponses.id')
		.where('surveyResponses.personId', '=', personId);

export async function surveyDataOf(db: Db, personId: number) {
	const [invitations, responses, answers, created] = await Promise.all([
		db
			.selectFrom('surveyInvitations')
			.select(['id', 'surveyId', 'unitId', 'sentAt', 'remindedAt', 'completedAt', 'createdAt'])
			.where('personId', '=', personId)
			.orderBy('id')
			.execute(),
		db.selectFrom('surveyResponses').selectAll().where('personId', '=', personId).orderBy('id').execute(),
		db
			.selectFrom('surveyAnswers')
			.selectAll()
			.where('responseId', 'in', responsesOf(db, personId))
			.orderBy('id')
			.execute(),
		db
			.selectFrom('surveys')
			.select(['id', 'kind', 'titleJson', 'createdAt'])
			.where('createdBy', '=', personId)
			.orderBy('id')
			.execute()
	]);
	return {
		invitations,
		identified_responses: responses,
		identified_answers: answers,
		surveys_created: created
	};
}

export async function countSurveyRows(db: Db, personId: number) {
	const c = async (q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) =>
		Number((await q.executeTakeFirstOrThrow()).n);
	return {
		survey_invitations: await c(
			db
				.selectFrom('surveyInvitations')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('personId', '=', personId)
		),
		survey_responses: await c(
			db
				.selectFrom('surveyResponses')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('personId', '=', personId)
		),
		survey_answers: await c(
			db
				.selectFrom('surveyAnswers')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('responseId', 'in', responsesOf(db, personId))
				.where('textValue', 'is not', null)
		)
	};
}

/** Answers stay as counted values; the person's written answers and unsent drafts go. */
export async function eraseSurveyTexts(trx: Db, personId: number) {
	await trx
		.updateTable('surveyInvitations')
		.set({ draftJson: null })
		.where('personId', '=', personId)
		.execute();
	await trx
		.updateTable('surveyAnswers')
		.set({ textValue: null })
		.where('responseId', 'in', responsesOf(trx, personId))
		.where('textValue', 'is not', null)
		.execute();
}

// ---- retention: raw answers of surveys closed before the cutoff (aggregates stay in survey_result_counts)

const closedBefore = (db: Db, programmeId: number, cutoff: string) =>
	db
		.selectFrom('surveys')
		.select('surveys.id')
		.where('surveys.programmeId', '=', programmeId)
		.where('surveys.status', '=', 'closed')
		.where('surveys.closesAt', '<', cutoff);

export async function countRawOfClosedSurveys(db: Db, programmeId: number, cutoff: string) {
	const row = await db
		.selectFrom('surveyResponses')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('surveyId', 'in', closedBefore(db, programmeId, cutoff))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function deleteRawOfClosedSurveys(trx: Db, programmeId: number, cutoff: string) {
	await trx
		.deleteFrom('surveyAnswers')
		.where('responseId', 'in', (eb) =>
			eb
				.selectFrom('surveyResponses')
				.select('id')
				.where('surveyId', 'in', closedBefore(trx, programmeId, cutoff))
		)
		.execute();
	const result = await trx
		.deleteFrom('surveyResponses')
		.where('surveyId', 'in', closedBefore(trx, programmeId, cutoff))
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}
