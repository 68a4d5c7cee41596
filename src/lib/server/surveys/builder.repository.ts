import type { Db } from '../db/database.ts';
import type { Insertable, Updateable } from 'kysely';
import type {
	SurveyBankQuestionTable,
	SurveyKind,
	SurveyQuestionTable,
	SurveyStatus,
	SurveyTable
} from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/** Survey builder queries (surveys, sections, questions, bank questions). No permission checks here: the service decides who may call them. */

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

/** Marks a survey as changed now. */
export async function touchSurvey(db: Db, surveyId: number) {
	await db.updateTable('surveys').set({ updatedAt: nowIso() }).where('id', '=', surveyId).execute();
}

export async function insertSurvey(db: Db, values: Insertable<SurveyTable>): Promise<number> {
	const row = await db.insertInto('surveys').values(values).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

export async function updateSurveyRow(db: Db, surveyId: number, values: Updateable<SurveyTable>) {
	await db.updateTable('surveys').set(values).where('id', '=', surveyId).execute();
}

/** Has anyone been invited to the survey? */
export async function hasInvitations(db: Db, surveyId: number): Promise<boolean> {
	const row = await db
		.selectFrom('surveyInvitations')
		.select('id')
		.where('surveyId', '=', surveyId)
		.executeTakeFirst();
	return row !== undefined;
}

/** Does a later wave point at the survey? */
export async function hasLaterWave(db: Db, surveyId: number): Promise<boolean> {
	const row = await db
		.selectFrom('surveys')
		.select('id')
		.where('previousWaveId', '=', surveyId)
		.executeTakeFirst();
	return row !== undefined;
}

/** Deletes a survey with its questions and sections. */
export async function deleteSurveyRows(db: Db, surveyId: number) {
	await db.deleteFrom('surveyQuestions').where('surveyId', '=', surveyId).execute();
	await db.deleteFrom('surveySections').where('surveyId', '=', surveyId).execute();
	await db.deleteFrom('surveys').where('id', '=', surveyId).execute();
}

export async function insertSection(
	db: Db,
	values: { surveyId: number; titleJson: string; sortOrder: number }
): Promise<number> {
	const row = await db.insertInto('surveySections').values(values).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

/** The section's id when it belongs to the survey, else undefined. */
export async function findSectionOf(
	db: Db,
	surveyId: number,
	sectionId: number
): Promise<number | undefined> {
	const row = await db
		.selectFrom('surveySections')
		.select('id')
		.where('id', '=', sectionId)
		.where('surveyId', '=', surveyId)
		.executeTakeFirst();
	return row?.id;
}

export async function setSectionOrder(db: Db, sectionId: number, sortOrder: number) {
	await db.updateTable('surveySections').set({ sortOrder }).where('id', '=', sectionId).execute();
}

export async function deleteSectionRow(db: Db, sectionId: number) {
	await db.deleteFrom('surveySections').where('id', '=', sectionId).execute();
}

/** The highest sort order of the questions in a section (null: outside sections), 0 when none. */
export async function lastQuestionOrder(db: Db, surveyId: number, sectionId: number | null): Promise<number> {
	const row = await db
		.selectFrom('surveyQuestions')
		.select((eb) => eb.fn.max('sortOrder').as('m'))
		.where('surveyId', '=', surveyId)
		.where((eb) => (sectionId === null ? eb('sectionId', 'is', null) : eb('sectionId', '=', sectionId)))
		.executeTakeFirst();
	return Number(row?.m ?? 0);
}

export async function insertQuestionRow(db: Db, values: Insertable<SurveyQuestionTable>): Promise<number> {
	const row = await db.insertInto('surveyQuestions').values(values).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

export async function updateQuestionRow(db: Db, questionId: number, values: Updateable<SurveyQuestionTable>) {
	await db.updateTable('surveyQuestions').set(values).where('id', '=', questionId).execute();
}

export async function deleteQuestionRow(db: Db, questionId: number) {
	await db.deleteFrom('surveyQuestions').where('id', '=', questionId).execute();
}

export async function insertBankQuestion(
	db: Db,
	values: Insertable<SurveyBankQuestionTable>
): Promise<number> {
	const row = await db
		.insertInto('surveyBankQuestions')
		.values(values)
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** How many survey questions use each of the bank questions. */
export async function bankUseCounts(db: Db, bankIds: readonly number[]) {
	return db
		.selectFrom('surveyQuestions')
		.select(['bankQuestionId', (eb) => eb.fn.countAll<number | string>().as('n')])
		.where('bankQuestionId', 'in', [...bankIds])
		.groupBy('bankQuestionId')
		.execute();
}

/** The stored form of a question, as the bank keeps it. */
export async function questionColumnsRow(db: Db, questionId: number) {
	return db
		.selectFrom('surveyQuestions')
		.select(['type', 'textJson', 'scaleId', 'optionsJson', 'maxPicks'])
		.where('id', '=', questionId)
		.executeTakeFirstOrThrow();
}
