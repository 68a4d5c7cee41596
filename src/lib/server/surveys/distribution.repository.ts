import type { Selectable, Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { SurveyTable } from '../db/schema.ts';

/** Distribution queries (surveys' status and window, invitations). No permission checks here. */

/** A survey row as distribution and answering read it. */
export type Survey = Selectable<SurveyTable>;

export async function findSurvey(db: Db, surveyId: number): Promise<Survey | undefined> {
	return db.selectFrom('surveys').selectAll().where('id', '=', surveyId).executeTakeFirst();
}

export async function questionCount(db: Db, surveyId: number): Promise<number> {
	const row = await db
		.selectFrom('surveyQuestions')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('surveyId', '=', surveyId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function invitedPersonIds(db: Db, surveyId: number): Promise<number[]> {
	const rows = await db
		.selectFrom('surveyInvitations')
		.select('personId')
		.where('surveyId', '=', surveyId)
		.execute();
	return rows.map((r) => r.personId);
}

/** Inserts invitations; a (survey, person) pair that exists already is skipped. */
export async function insertInvitations(
	db: Db,
	rows: readonly {
		surveyId: number;
		personId: number;
		tokenHash: string;
		unitId: number | null;
		sentAt: string;
	}[]
) {
	if (rows.length === 0) return [];
	return (
		db
			.insertInto('surveyInvitations')
			.values([...rows])
			// Two concurrent sends of the same audience: the second adds nobody twice.
			.onConflict((oc) => oc.columns(['surveyId', 'personId']).doNothing())
			.returning(['id', 'personId'])
			.execute()
	);
}

/** What the invitation mail needs about an invitation (the worker renders it). */
export async function findInvitationForMail(db: Db, invitationId: number) {
	return db
		.selectFrom('surveyInvitations')
		.select(['id', 'surveyId', 'personId', 'completedAt'])
		.where('id', '=', invitationId)
		.executeTakeFirst();
}

/**
 * Gives a pending invitation a new token hash at send time (the old link stops working);
 * `reminded` also records the reminder. True when the invitation was still pending.
 */
export async function mintPendingToken(
	db: Db,
	invitationId: number,
	tokenHash: string,
	now: string,
	reminded: boolean
) {
	const res = await db
		.updateTable('surveyInvitations')
		.set(reminded ? { tokenHash, remindedAt: now } : { tokenHash })
		.where('id', '=', invitationId)
		.where('completedAt', 'is', null)
		.executeTakeFirst();
	return Number(res.numUpdatedRows) === 1;
}

/** Updates a survey unless it is closed; true when it was updated. */
export async function updateOpenSurvey(db: Db, surveyId: number, values: Updateable<SurveyTable>) {
	const res = await db
		.updateTable('surveys')
		.set(values)
		.where('id', '=', surveyId)
		.where('status', '!=', 'closed')
		.executeTakeFirst();
	return Number(res.numUpdatedRows) === 1;
}

/** Invitations not completed yet: invitation and person ids. */
export async function pendingInvitations(db: Db, surveyId: number) {
	return db
		.selectFrom('surveyInvitations')
		.select(['id as invitationId', 'personId'])
		.where('surveyId', '=', surveyId)
		.where('completedAt', 'is', null)
		.orderBy('id')
		.execute();
}

/** Replaces the token of an invitation not completed meanwhile; true when it was. */
export async function renewPendingToken(db: Db, invitationId: number, tokenHash: string, now: string) {
	const res = await db
		.updateTable('surveyInvitations')
		.set({ tokenHash, remindedAt: now })
		.where('id', '=', invitationId)
		.where('completedAt', 'is', null)
		.executeTakeFirst();
	return Number(res.numUpdatedRows) === 1;
}

/** Closes a survey and deletes its invitations' drafts. */
export async function closeSurveyRows(db: Db, surveyId: number, now: string) {
	await db
		.updateTable('surveys')
		.set({ status: 'closed', updatedAt: now })
		.where('id', '=', surveyId)
		.execute();
	await db
		.updateTable('surveyInvitations')
		.set({ draftJson: null })
		.where('surveyId', '=', surveyId)
		.where('draftJson', 'is not', null)
		.execute();
}

/** Deletes the drafts of invitations to surveys closed or past their closing date; how many. */
export async function purgeDrafts(db: Db, now: string): Promise<number> {
	const res = await db
		.updateTable('surveyInvitations')
		.set({ draftJson: null })
		.where('draftJson', 'is not', null)
		.where('surveyId', 'in', (eb) =>
			eb
				.selectFrom('surveys')
				.select('id')
				.where((w) => w.or([w('status', '=', 'closed'), w('closesAt', '<=', now)]))
		)
		.executeTakeFirst();
	return Number(res.numUpdatedRows);
}

/** Invited and completed per unit (the unit recorded on the invitation). */
export async function invitationCountsByUnit(db: Db, surveyId: number) {
	const rows = await db
		.selectFrom('surveyInvitations')
		.select((eb) => [
			'unitId',
			eb.fn.countAll<number>().as('invited'),
			eb.fn.count<number>('completedAt').as('completed')
		])
		.where('surveyId', '=', surveyId)
		.groupBy('unitId')
		.execute();
	return rows.map((r) => ({ unitId: r.unitId, invited: Number(r.invited), completed: Number(r.completed) }));
}

export async function invitationTotals(db: Db, surveyId: number) {
	const row = await db
		.selectFrom('surveyInvitations')
		.select((eb) => [
			eb.fn.countAll<number>().as('invited'),
			eb.fn.count<number>('completedAt').as('completed')
		])
		.where('surveyId', '=', surveyId)
		.executeTakeFirstOrThrow();
	return { invited: Number(row.invited), completed: Number(row.completed) };
}

/** Open course evaluations of a session, or of its activity (surveys tied to no session), still open at `now`. */
export async function openCourseEvaluations(
	db: Db,
	programmeId: number,
	sessionId: number,
	activityId: number,
	now: string
): Promise<Survey[]> {
	return db
		.selectFrom('surveys')
		.selectAll()
		.where('kind', '=', 'course_evaluation')
		.where('status', '=', 'open')
		.where('programmeId', '=', programmeId)
		.where((eb) =>
			eb.or([
				eb('sessionId', '=', sessionId),
				eb.and([eb('sessionId', 'is', null), eb('activityId', '=', activityId)])
			])
		)
		.where((eb) => eb.or([eb('closesAt', 'is', null), eb('closesAt', '>', now)]))
		.execute();
}
