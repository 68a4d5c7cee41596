import type { Db } from '../db/database.ts';
import type { SurveyKind, SurveyStatus } from '../db/schema.ts';

/** Survey builder queries. No permission checks here: the service decides who may call them. */

export async function findSurveyRow(db: Db, id: number) {
	return db.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function sectionRows(db: Db, surveyId: number) {
	return db
		.selectFrom('surveySections')
		.selectAll()
		.where('surveyId', '=', surveyId)
		.orderBy('sortOrder')
		.orderBy('id')
		.execute();
}

export async function questionRows(db: Db, surveyId: number) {
	return db
		.selectFrom('surveyQuestions')
		.selectAll()
		.where('surveyId', '=', surveyId)
		.orderBy('sortOrder')
		.orderBy('id')
		.execute();
}

export async function scaleRows(db: Db, ids: readonly number[]) {
	if (ids.length === 0) return [];
	return db
		.selectFrom('surveyScales')
		.selectAll()
		.where('id', 'in', [...ids])
		.execute();
}

/** Built-in scales and the programme's own, built-in first. */
export async function programmeScaleRows(db: Db, programmeId: number) {
	return db
		.selectFrom('surveyScales')
		.selectAll()
		.where((eb) => eb.or([eb('programmeId', 'is', null), eb('programmeId', '=', programmeId)]))
		.orderBy('programmeId', 'desc')
		.orderBy('id')
		.execute()
		.then((rows) => rows.sort((a, b) => (a.programmeId === null ? 0 : 1) - (b.programmeId === null ? 0 : 1)));
}

export async function responseCount(db: Db, surveyId: number): Promise<number> {
	const row = await db
		.selectFrom('surveyResponses')
		.select((eb) => eb.fn.countAll<number | string>().as('n'))
		.where('surveyId', '=', surveyId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export interface SurveyListRow {
	id: number;
	programmeId: number;
	kind: SurveyKind;
	titleJson: string;
	status: SurveyStatus;
	anonymous: number;
	opensAt: string | null;
	closesAt: string | null;
	previousWaveId: number | null;
	createdAt: string;
	updatedAt: string;
	questionCount: number;
	responseCount: number;
}

export async function surveyListRows(
	db: Db,
	programmeId: number,
	filter: { status?: SurveyStatus; kind?: SurveyKind }
): Promise<SurveyListRow[]> {
	let q = db
		.selectFrom('surveys as s')
		.select((eb) => [
			's.id',
			's.programmeId',
			's.kind',
			's.titleJson',
			's.status',
			's.anonymous',
			's.opensAt',
			's.closesAt',
			's.previousWaveId',
			's.createdAt',
			's.updatedAt',
			eb
				.selectFrom('surveyQuestions as q')
				.select((e) => e.fn.countAll<number | string>().as('n'))
				.whereRef('q.surveyId', '=', 's.id')
				.as('questionCount'),
			eb
				.selectFrom('surveyResponses as r')
				.select((e) => e.fn.countAll<number | string>().as('n'))
				.whereRef('r.surveyId', '=', 's.id')
				.as('responseCount')
		])
		.where('s.programmeId', '=', programmeId);
	if (filter.status) q = q.where('s.status', '=', filter.status);
	if (filter.kind) q = q.where('s.kind', '=', filter.kind);
	const rows = await q.orderBy('s.createdAt', 'desc').orderBy('s.id', 'desc').execute();
	return rows.map((r) => ({
		...r,
		anonymous: Number(r.anonymous),
		questionCount: Number(r.questionCount ?? 0),
		responseCount: Number(r.responseCount ?? 0)
	}));
}

export async function bankRows(db: Db, programmeId: number) {
	return db
		.selectFrom('surveyBankQuestions')
		.selectAll()
		.where((eb) => eb.or([eb('programmeId', 'is', null), eb('programmeId', '=', programmeId)]))
		.orderBy('id')
		.execute();
}

export async function findBankRow(db: Db, id: number) {
	return db.selectFrom('surveyBankQuestions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The programme of a session (through its activity), or undefined. */
export async function sessionProgramme(db: Db, sessionId: number) {
	return db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['a.programmeId', 'a.id as activityId'])
		.where('s.id', '=', sessionId)
		.executeTakeFirst();
}

export async function activityProgramme(db: Db, activityId: number) {
	return db.selectFrom('activities').select('programmeId').where('id', '=', activityId).executeTakeFirst();
}
