import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ResultsBase } from '../db/schema.ts';

/**
 * The grouped SQL aggregates behind survey results. Every query is one round trip for the
 * whole survey (never one per question), over `survey_answers` joined to its questions and,
 * for breakdowns, to `survey_responses`; the indexes `survey_answers_question`
 * (question_id, item, value) and `survey_responses_survey` (survey_id, unit_id) serve them.
 * No permissions here: the service decides who may see what.
 */

/**
 * Breakdowns: a grouping attribute copied onto each response at submission, or the workplace
 * type of the response's unit (`unitType`, derived from the unit counts when read).
 */
export const RESULT_DIMENSIONS = ['unit', 'unitType', 'jobCategory', 'track', 'gender', 'tenure'] as const;
export type ResultDimension = (typeof RESULT_DIMENSIONS)[number];

const dimensionColumn = {
	unit: 'r.unit_id',
	unitType: 'r.unit_id',
	jobCategory: 'r.job_category',
	track: 'r.attended',
	gender: 'r.gender',
	tenure: 'r.tenure_band'
} as const satisfies Record<ResultDimension, string>;

/** A group key as text; null when the response has no value for the attribute. */
export type GroupKey = string | null;

const groupKey = (v: unknown): GroupKey => (v === null || v === undefined ? null : String(v));

export interface ValueCount {
	group: GroupKey;
	questionId: number;
	item: number;
	value: number;
	n: number;
}

/** Answers per (group,) question, item and value: scale, single, matrix and multiple choice. */
export async function valueCounts(db: Db, surveyId: number, by?: ResultDimension): Promise<ValueCount[]> {
	const g = by ? sql.raw(dimensionColumn[by] + ' as g, ') : sql.raw('');
	const gb = by ? sql.raw(dimensionColumn[by] + ', ') : sql.raw('');
	const join = by ? sql.raw('join survey_responses r on r.id = a.response_id') : sql.raw('');
	const rows = await sql<{
		g?: unknown;
		questionId: number;
		item: number;
		value: number;
		n: number | string;
	}>`
		select ${g}a.question_id, a.item, a.value, count(*) as n
		from survey_answers a
		join survey_questions q on q.id = a.question_id
		${join}
		where q.survey_id = ${surveyId} and a.value is not null
		group by ${gb}a.question_id, a.item, a.value`.execute(db);
	return rows.rows.map((r) => ({
		group: groupKey(r.g),
		questionId: Number(r.questionId),
		item: Number(r.item),
		value: Number(r.value),
		n: Number(r.n)
	}));
}

export interface RespondentCount {
	group: GroupKey;
	questionId: number;
	n: number;
}

/**
 * Distinct respondents per (group,) question, for question types where a respondent gives
 * several answer rows (matrix, multiple choice) or none with a value (text, number).
 * Single-choice questions are counted from `valueCounts` (one row each), learning situations
 * from `learningLevels` (one row per respondent), so neither pays for a distinct count.
 */
export async function respondentCounts(
	db: Db,
	surveyId: number,
	by?: ResultDimension
): Promise<RespondentCount[]> {
	const g = by ? sql.raw(dimensionColumn[by] + ' as g, ') : sql.raw('');
	const gb = by ? sql.raw(dimensionColumn[by] + ', ') : sql.raw('');
	const join = by ? sql.raw('join survey_responses r on r.id = a.response_id') : sql.raw('');
	const rows = await sql<{ g?: unknown; questionId: number; n: number | string }>`
		select ${g}a.question_id, count(distinct a.response_id) as n
		from survey_answers a
		join survey_questions q on q.id = a.question_id
		${join}
		where q.survey_id = ${surveyId} and q.type not in ('single', 'learning_situations')
			and (a.value is not null or a.number_value is not null or a.text_value is not null)
		group by ${gb}a.question_id`.execute(db);
	return rows.rows.map((r) => ({ group: groupKey(r.g), questionId: Number(r.questionId), n: Number(r.n) }));
}

export interface NumberAnswer {
	group: GroupKey;
	questionId: number;
	value: number;
}

/** Every number answer (medians need the values), sorted by value. */
export async function numberAnswers(db: Db, surveyId: number, by?: ResultDimension): Promise<NumberAnswer[]> {
	const g = by ? sql.raw(dimensionColumn[by] + ' as g, ') : sql.raw('');
	const join = by ? sql.raw('join survey_responses r on r.id = a.response_id') : sql.raw('');
	const rows = await sql<{ g?: unknown; questionId: number; v: number | string }>`
		select ${g}a.question_id, a.number_value as v
		from survey_answers a
		join survey_questions q on q.id = a.question_id
		${join}
		where q.survey_id = ${surveyId} and q.type = 'number' and a.number_value is not null
		order by a.number_value`.execute(db);
	return rows.rows.map((r) => ({
		group: groupKey(r.g),
		questionId: Number(r.questionId),
		value: Number(r.v)
	}));
}

/** Free-text answers per question, sorted by text (never by submission order: that could link to invitations). */
/**
 * A survey's free-text answers, identical texts counted by the database (a national survey has
 * thousands of answers per question, mostly a few phrasings: they were read and sorted one by one).
 */
export async function textAnswers(
	db: Db,
	surveyId: number
): Promise<{ questionId: number; text: string; count: number }[]> {
	const rows = await sql<{ questionId: number; t: string; n: number }>`
		select a.question_id, a.text_value as t, count(*) as n
		from survey_answers a
		join survey_questions q on q.id = a.question_id
		where q.survey_id = ${surveyId} and q.type = 'text' and a.text_value is not null and a.text_value <> ''
		group by a.question_id, a.text_value`.execute(db);
	return rows.rows.map((r) => ({ questionId: Number(r.questionId), text: r.t, count: Number(r.n) }));
}

export interface LevelCount {
	group: GroupKey;
	questionId: number;
	level: 'low' | 'medium' | 'high';
	n: number;
}

/**
 * The experienced-learning index per (group,) learning-situations question: each response's
 * count of items answered with the question's top value, bucketed low (< 3), medium (3–5),
 * high (> 5) in SQL. `topValues` maps question id → the scale's top value.
 */
export async function learningLevels(
	db: Db,
	topValues: ReadonlyMap<number, number>,
	by?: ResultDimension
): Promise<LevelCount[]> {
	if (topValues.size === 0) return [];
	const ids = [...topValues.keys()];
	const topCase = sql.join(
		[...topValues].map(([q, v]) => sql`when a.question_id = ${q} and a.value = ${v} then 1`),
		sql` `
	);
	const g = by ? sql.raw(dimensionColumn[by] + ' as g, ') : sql.raw('');
	const gb = by ? sql.raw(', ' + dimensionColumn[by]) : sql.raw('');
	const outerG = by ? sql.raw('x.g, ') : sql.raw('');
	const join = by ? sql.raw('join survey_responses r on r.id = a.response_id') : sql.raw('');
	const rows = await sql<{ g?: unknown; questionId: number; level: string; n: number | string }>`
		select ${outerG}x.question_id,
			case when x.top < 3 then 'low' when x.top <= 5 then 'medium' else 'high' end as level,
			count(*) as n
		from (
			select ${g}a.question_id, sum(case ${topCase} else 0 end) as top
			from survey_answers a
			${join}
			where a.question_id in (${sql.join(ids)}) and a.value is not null
			group by a.response_id, a.question_id${gb}
		) x
		group by ${outerG}x.question_id,
			case when x.top < 3 then 'low' when x.top <= 5 then 'medium' else 'high' end`.execute(db);
	return rows.rows.map((r) => ({
		group: groupKey(r.g),
		questionId: Number(r.questionId),
		level: r.level as LevelCount['level'],
		n: Number(r.n)
	}));
}

/** Completed and sent invitations (the response rate's numerator and denominator). */
export async function invitationCounts(
	db: Db,
	surveyId: number
): Promise<{ invited: number; completed: number }> {
	const row = await db
		.selectFrom('surveyInvitations')
		.where('surveyId', '=', surveyId)
		.select((eb) => [
			eb.fn.countAll<number | string>().as('invited'),
			eb.fn.count<number | string>('completedAt').as('completed')
		])
		.executeTakeFirstOrThrow();
	return { invited: Number(row.invited), completed: Number(row.completed) };
}

/** Submitted responses, in total or per group. */
export async function responseCounts(
	db: Db,
	surveyId: number,
	by?: ResultDimension
): Promise<{ group: GroupKey; n: number }[]> {
	const g = by ? sql.raw(dimensionColumn[by] + ' as g, ') : sql.raw('');
	const gb = by ? sql`group by ${sql.raw(dimensionColumn[by])}` : sql``;
	const rows = await sql<{ g?: unknown; n: number | string }>`
		select ${g}count(*) as n from survey_responses r where r.survey_id = ${surveyId} ${gb}`.execute(db);
	return rows.rows.map((r) => ({ group: groupKey(r.g), n: Number(r.n) }));
}

/** Raw answers for the de-identified export: no person or token (the caller orders and cuts the time). */
export async function rawAnswers(db: Db, surveyId: number) {
	const rows = await sql<{
		responseId: number;
		unitId: number | null;
		jobCategory: string | null;
		gender: string | null;
		tenureBand: string | null;
		attended: number | null;
		submittedAt: string;
		questionId: number;
		item: number;
		value: number | null;
		numberValue: number | string | null;
		textValue: string | null;
	}>`
		select r.id as response_id, r.unit_id, r.job_category, r.gender, r.tenure_band, r.attended, r.submitted_at,
			a.question_id, a.item, a.value, a.number_value, a.text_value
		from survey_responses r
		join survey_answers a on a.response_id = r.id
		where r.survey_id = ${surveyId}
		order by a.question_id, a.item, a.value, a.number_value, a.text_value`.execute(db);
	return rows.rows.map((r) => ({
		responseId: Number(r.responseId),
		unitId: r.unitId === null ? null : Number(r.unitId),
		jobCategory: r.jobCategory,
		gender: r.gender,
		tenureBand: r.tenureBand,
		attended: r.attended === null ? null : Number(r.attended),
		submittedAt: String(r.submittedAt),
		questionId: Number(r.questionId),
		item: Number(r.item),
		value: r.value === null ? null : Number(r.value),
		numberValue: r.numberValue === null ? null : Number(r.numberValue),
		textValue: r.textValue
	}));
}

/** The survey's fields that results need. */
export async function resultsSurveyRow(db: Db, surveyId: number) {
	return db
		.selectFrom('surveys')
		.where('id', '=', surveyId)
		.select([
			'id',
			'programmeId',
			'titleJson',
			'kind',
			'anonymous',
			'status',
			'previousWaveId',
			'resultsBase'
		])
		.executeTakeFirst();
}

/** Remembers the survey's percentage base. */
export async function updateResultsBase(db: Db, surveyId: number, base: ResultsBase) {
	await db.updateTable('surveys').set({ resultsBase: base }).where('id', '=', surveyId).execute();
}

/** A survey's questions with their section titles, in display order. */
export async function loadQuestions(db: Db, surveyId: number) {
	return db
		.selectFrom('surveyQuestions as q')
		.leftJoin('surveySections as s', 's.id', 'q.sectionId')
		.where('q.surveyId', '=', surveyId)
		.select([
			'q.id',
			'q.type',
			'q.textJson',
			'q.scaleId',
			'q.optionsJson',
			'q.bankQuestionId',
			's.titleJson as sectionTitle'
		])
		.orderBy((eb) => eb.fn.coalesce('s.sortOrder', eb.lit(0)))
		.orderBy('q.sortOrder')
		.orderBy('q.id')
		.execute();
}

/**
 * A survey's single-choice and matrix questions with their scale's options, in display order
 * (the funder report's key-question chooser): one indexed read, no scale ids sent back.
 */
export async function scaleQuestionRows(db: Db, surveyId: number) {
	return db
		.selectFrom('surveyQuestions as q')
		.innerJoin('surveyScales as sc', 'sc.id', 'q.scaleId')
		.leftJoin('surveySections as s', 's.id', 'q.sectionId')
		.where('q.surveyId', '=', surveyId)
		.where('q.type', 'in', ['single', 'matrix'])
		.select(['q.id', 'q.type', 'q.textJson', 'q.optionsJson', 'sc.optionsJson as scaleOptionsJson'])
		.orderBy((eb) => eb.fn.coalesce('s.sortOrder', eb.lit(0)))
		.orderBy('q.sortOrder')
		.orderBy('q.id')
		.execute();
}

export async function scaleOptionRows(db: Db, ids: readonly number[]) {
	return db
		.selectFrom('surveyScales')
		.where('id', 'in', [...ids])
		.select(['id', 'optionsJson'])
		.execute();
}

/** The earlier wave of a survey, when it is the same programme's. */
export async function previousWave(db: Db, id: number, programmeId: number) {
	return db
		.selectFrom('surveys')
		.where('id', '=', id)
		.where('programmeId', '=', programmeId)
		.select(['id', 'titleJson'])
		.executeTakeFirst();
}
