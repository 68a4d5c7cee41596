import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { SurveyAnswerTable, SurveyResponseTable } from '../db/schema.ts';
import type { Survey } from './distribution.repository.ts';

/** Answering queries (invitations, drafts, responses and answers; the form). No permission checks here. */

/** An invitation by token hash, or by survey and person (identified surveys only). */
export async function findInvitation(
	db: Db,
	by: { tokenHash: string } | { surveyId: number; personId: number }
) {
	let q = db
		.selectFrom('surveyInvitations')
		.innerJoin('surveys', 'surveys.id', 'surveyInvitations.surveyId')
		.select([
			'surveyInvitations.id as invitationId',
			'surveyInvitations.tokenHash',
			'surveyInvitations.completedAt',
			'surveyInvitations.draftJson',
			'surveyInvitations.personId',
			'surveys.id as surveyId'
		]);
	if ('tokenHash' in by) {
		q = q.where('surveyInvitations.tokenHash', '=', by.tokenHash);
	} else {
		q = q
			.where('surveyInvitations.surveyId', '=', by.surveyId)
			.where('surveyInvitations.personId', '=', by.personId)
			// Signed-in answering is for identified surveys; anonymous ones go by token only.
			.where('surveys.anonymous', '=', 0);
	}
	return q.executeTakeFirst();
}

export async function findSurveyOrThrow(db: Db, surveyId: number): Promise<Survey> {
	return db.selectFrom('surveys').selectAll().where('id', '=', surveyId).executeTakeFirstOrThrow();
}

/** Deletes every draft kept on the survey's invitations. */
export async function deleteDrafts(db: Db, surveyId: number) {
	await db
		.updateTable('surveyInvitations')
		.set({ draftJson: null })
		.where('surveyId', '=', surveyId)
		.where('draftJson', 'is not', null)
		.execute();
}

/** Keeps a draft on an invitation not completed, while its survey is open at `now`. */
export async function writeDraftRow(db: Db, invitationId: number, draftJson: string, now: string) {
	await db
		.updateTable('surveyInvitations')
		.set({ draftJson })
		.where('id', '=', invitationId)
		.where('completedAt', 'is', null)
		.where('surveyId', 'in', (eb) =>
			eb
				.selectFrom('surveys')
				.select('id')
				.where('status', '=', 'open')
				.where((w) => w.or([w('closesAt', 'is', null), w('closesAt', '>', now)]))
		)
		.execute();
}

/** Marks the invitation completed and drops its draft, unless done already (or the token changed); true when marked. */
export async function completeInvitation(
	db: Db,
	invitationId: number,
	tokenHash: string | null,
	completedAt: string
): Promise<boolean> {
	let update = db
		.updateTable('surveyInvitations')
		.set({ completedAt, draftJson: null })
		.where('id', '=', invitationId)
		.where('completedAt', 'is', null);
	if (tokenHash !== null) update = update.where('tokenHash', '=', tokenHash);
	const done = await update.executeTakeFirst();
	return Number(done.numUpdatedRows) === 1;
}

export async function insertResponse(db: Db, values: Insertable<SurveyResponseTable>): Promise<number> {
	const row = await db.insertInto('surveyResponses').values(values).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

export async function insertAnswers(db: Db, rows: readonly Insertable<SurveyAnswerTable>[]) {
	for (let i = 0; i < rows.length; i += 500)
		await db
			.insertInto('surveyAnswers')
			.values(rows.slice(i, i + 500))
			.execute();
}

/** Identified surveys open at `now` to which the person is invited and has not answered. */
export async function openInvitedSurveys(db: Db, personId: number, now: string) {
	return db
		.selectFrom('surveyInvitations')
		.innerJoin('surveys', 'surveys.id', 'surveyInvitations.surveyId')
		.select(['surveys.id', 'surveys.titleJson', 'surveys.closesAt'])
		.where('surveyInvitations.personId', '=', personId)
		.where('surveyInvitations.completedAt', 'is', null)
		.where('surveys.anonymous', '=', 0)
		.where('surveys.status', '=', 'open')
		.where((eb) => eb.or([eb('surveys.opensAt', 'is', null), eb('surveys.opensAt', '<=', now)]))
		.where((eb) => eb.or([eb('surveys.closesAt', 'is', null), eb('surveys.closesAt', '>', now)]))
		.orderBy('surveys.id')
		.execute();
}

/** The form's rows: sections and questions in stored order, and the options of their scales. */
export async function formRows(db: Db, surveyId: number) {
	const survey = await db.selectFrom('surveys').selectAll().where('id', '=', surveyId).executeTakeFirst();
	if (!survey) return null;
	const [sections, questions] = await Promise.all([
		db
			.selectFrom('surveySections')
			.selectAll()
			.where('surveyId', '=', surveyId)
			.orderBy('sortOrder')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('surveyQuestions')
			.selectAll()
			.where('surveyId', '=', surveyId)
			.orderBy('sortOrder')
			.orderBy('id')
			.execute()
	]);
	const scaleIds = [...new Set(questions.map((q) => q.scaleId).filter((id): id is number => id !== null))];
	const scales = scaleIds.length
		? await db.selectFrom('surveyScales').select(['id', 'optionsJson']).where('id', 'in', scaleIds).execute()
		: [];
	return { survey, sections, questions, scales };
}
