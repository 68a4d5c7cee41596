import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * The maintained aggregates behind survey results (`survey_result_counts`, owned by the results
 * module). One statement computes them from raw answers for a scope: one response (in the
 * submit transaction, added with `n = n + excluded.n`) or a whole survey (the bulk rebuild and
 * the check). Both dialects run the same SQL: `insert … select … on conflict … do update`.
 *
 * Every response is counted once per dimension: `all` (group key '') and each grouping
 * attribute copied onto the response (unit, job category, attended, gender, tenure band);
 * unit type and workplace are derived from the unit groups when read (a unit's type may change).
 * Kinds: `v` answers by (question, item, value); `r` respondents per question (matrix, multiple
 * choice, text, number); `l` the experienced-learning level per learning-situations question
 * (value 0 low, 1 medium, 2 high); `x` number answers by value (medians); `s` responses.
 */

/** The stored dimensions (besides `all`); keys are the result dimensions. */
export const COUNT_DIMENSIONS = {
	unit: 'r.unit_id',
	jobCategory: 'r.job_category',
	track: 'r.attended',
	gender: 'r.gender',
	tenure: 'r.tenure_band'
} as const;
export type CountDimension = keyof typeof COUNT_DIMENSIONS;

export type CountKind = 'v' | 'r' | 'l' | 'x' | 's';

export interface CountRow {
	dimension: string;
	groupKey: string;
	kind: CountKind;
	questionId: number;
	item: number;
	value: number;
	n: number;
}

type Scope = { responseId: number } | { surveyId: number };

const dims = Object.keys(COUNT_DIMENSIONS) as CountDimension[];

type Dimension = 'all' | CountDimension;
const ALL_DIMENSIONS: readonly Dimension[] = ['all', ...dims];

/** `case d.dim when 'unit' then coalesce(cast(r.unit_id as text), '') … end` over the given dimensions. */
function groupKeyOf(list: readonly Dimension[]) {
	const keyOf = (d: Dimension) => (d === 'all' ? `''` : `coalesce(cast(${COUNT_DIMENSIONS[d]} as text), '')`);
	// PostgreSQL refuses constants in GROUP BY: a single dimension groups by its column only.
	if (list.length === 1)
		return {
			key: sql.raw(keyOf(list[0]!)),
			dim: sql.raw(`'${list[0]}'`),
			groupBy: sql.raw(list[0] === 'all' ? '' : `${COUNT_DIMENSIONS[list[0] as CountDimension]}, `),
			join: sql``
		};
	const key = `case d.dim ${list.map((d) => `when '${d}' then ${keyOf(d)}`).join(' ')} end`;
	return {
		key: sql.raw(key),
		dim: sql.raw('d.dim'),
		groupBy: sql.raw(`d.dim, ${key}, `),
		join: sql`cross join (${sql.raw(
			list.map((d, i) => (i === 0 ? `select '${d}' as dim` : `select '${d}'`)).join(' union all ')
		)}) d`
	};
}

/** The answer rows in scope, as a condition on `a`. */
function answersIn(scope: Scope): RawBuilder<unknown> {
	return 'responseId' in scope
		? sql`a.response_id = ${scope.responseId}`
		: sql`a.question_id in (select id from survey_questions where survey_id = ${scope.surveyId})`;
}

/**
 * Every counted fact of a scope's responses (kind, question, item, value), each with its
 * response's grouping attributes: the rows the counts group. `topValues` maps each
 * learning-situations question to its scale's top value (the level counts the items answered with it).
 */
function factsSelect(scope: Scope, topValues: ReadonlyMap<number, number>) {
	const inScope = answersIn(scope);
	const responses =
		'responseId' in scope ? sql`r.id = ${scope.responseId}` : sql`r.survey_id = ${scope.surveyId}`;
	const levels =
		topValues.size === 0
			? sql``
			: sql`union all
				select t.response_id, 'l' as kind, t.question_id, 0 as item,
					case when t.top < 3 then 0 when t.top <= 5 then 1 else 2 end as value
				from (
					select a.response_id, a.question_id,
						sum(case ${sql.join(
							[...topValues].map(([q, v]) => sql`when a.question_id = ${q} and a.value = ${v} then 1`),
							sql` `
						)} else 0 end) as top
					from survey_answers a
					where ${inScope} and a.value is not null and a.question_id in (${sql.join([...topValues.keys()])})
					group by a.response_id, a.question_id
				) t`;
	return sql`
		select r.survey_id, r.unit_id, r.job_category, r.attended, r.gender, r.tenure_band,
			f.kind, f.question_id, f.item, f.value
		from (
			select a.response_id, 'v' as kind, a.question_id, a.item, a.value
			from survey_answers a
			where ${inScope} and a.value is not null
			union all
			select a.response_id, 'r' as kind, a.question_id, 0 as item, 0 as value
			from survey_answers a
			join survey_questions q on q.id = a.question_id
			where ${inScope} and q.type not in ('single', 'learning_situations')
				and (a.value is not null or a.number_value is not null or a.text_value is not null)
			group by a.response_id, a.question_id
			union all
			select a.response_id, 'x' as kind, a.question_id, 0 as item, a.number_value as value
			from survey_answers a
			join survey_questions q on q.id = a.question_id
			where ${inScope} and q.type = 'number' and a.number_value is not null
			${levels}
			union all
			select r.id as response_id, 's' as kind, 0 as question_id, 0 as item, 0 as value
			from survey_responses r
			where ${responses}
		) f
		join survey_responses r on r.id = f.response_id
		where ${responses}`;
}

/**
 * The counts of a scope, grouped by the given dimensions. `facts` is the scope's facts: a
 * subquery of `factsSelect` or a table holding them (the bulk rebuild materialises them once).
 */
function groupedCounts(
	facts: RawBuilder<unknown>,
	dimensions: readonly Dimension[],
	n: RawBuilder<unknown> = sql`count(*)`
) {
	const g = groupKeyOf(dimensions);
	return sql<CountRow & { surveyId: number }>`
		select r.survey_id, ${g.dim} as dimension, ${g.key} as group_key, r.kind, r.question_id, r.item,
			r.value, ${n} as n
		from ${facts} r
		${g.join}
		group by r.survey_id, ${g.groupBy}r.kind, r.question_id, r.item, r.value`;
}

/** The select computing the counts of a scope (every dimension unless given). */
export function countsSelect(
	scope: Scope,
	topValues: ReadonlyMap<number, number>,
	dimensions: readonly Dimension[] = ALL_DIMENSIONS
) {
	return groupedCounts(sql`(${factsSelect(scope, topValues)})`, dimensions);
}

const columns = sql.raw('survey_id, dimension, group_key, kind, question_id, item, value, n');

/** Adds one submitted response's answers to its survey's counts (inside the submit transaction). */
export async function addResponseCounts(
	db: Db,
	responseId: number,
	topValues: ReadonlyMap<number, number>
): Promise<void> {
	await sql`insert into survey_result_counts (${columns})
		${countsSelect({ responseId }, topValues)}
		on conflict (survey_id, dimension, group_key, kind, question_id, item, value)
		do update set n = survey_result_counts.n + excluded.n`.execute(db);
}

/** Recomputes a survey's counts from its raw answers, replacing what is stored (one transaction: the caller's). */
export async function rebuildSurveyCounts(
	db: Db,
	surveyId: number,
	topValues: ReadonlyMap<number, number>
): Promise<void> {
	await db.deleteFrom('surveyResultCounts').where('surveyId', '=', surveyId).execute();
	// The facts are read from the answers once and grouped by every attribute together into a
	// small base (at 76,000 responses, 1.5 M facts give ~60,000 base rows); each dimension then
	// sums the base. One grouped insert per dimension straight over the answers re-read them six
	// times and sorted 1.5 M rows each time (94 s against 13 s for this, same load). A temporary
	// table is private to this connection (the caller's transaction) on both databases, and a
	// rollback takes it away.
	const base = sql.raw('survey_count_base');
	const keys = sql.raw(
		'survey_id, unit_id, job_category, attended, gender, tenure_band, kind, question_id, item, value'
	);
	await sql`drop table if exists ${base}`.execute(db);
	await sql`create temporary table ${base} as
		select ${keys}, count(*) as n from (${factsSelect({ surveyId }, topValues)}) f group by ${keys}`.execute(db);
	for (const d of ALL_DIMENSIONS)
		await sql`insert into survey_result_counts (${columns})
			${groupedCounts(base, [d], sql`sum(r.n)`)}`.execute(db);
	await sql`drop table ${base}`.execute(db);
}

const toRow = (r: { [K in keyof CountRow]: unknown }): CountRow => ({
	dimension: String(r.dimension),
	groupKey: String(r.groupKey),
	kind: String(r.kind) as CountKind,
	questionId: Number(r.questionId),
	item: Number(r.item),
	value: Number(r.value),
	n: Number(r.n)
});

/** What the raw answers give now (for the check), in key order. */
export async function recomputedCounts(
	db: Db,
	surveyId: number,
	topValues: ReadonlyMap<number, number>
): Promise<CountRow[]> {
	const rows: CountRow[] = [];
	for (const d of ALL_DIMENSIONS)
		for (const r of (await countsSelect({ surveyId }, topValues, [d]).execute(db)).rows) rows.push(toRow(r));
	return rows;
}

/** The stored counts of one survey and dimension (`all` for the overall figures); one indexed range. */
export async function storedCounts(db: Db, surveyId: number, dimension?: string): Promise<CountRow[]> {
	let q = db
		.selectFrom('surveyResultCounts')
		.select(['dimension', 'groupKey', 'kind', 'questionId', 'item', 'value', 'n'])
		.where('surveyId', '=', surveyId);
	if (dimension !== undefined) q = q.where('dimension', '=', dimension);
	const rows = await q.execute();
	return rows.map(toRow);
}

/** Surveys of a programme (or all) that have responses: the check's work list. */
export async function surveysWithResponses(db: Db, programmeId?: number): Promise<number[]> {
	let q = db
		.selectFrom('surveys')
		.select('id')
		.where((eb) =>
			eb.exists(eb.selectFrom('surveyResponses').select('id').whereRef('surveyId', '=', 'surveys.id'))
		)
		.orderBy('id');
	if (programmeId !== undefined) q = q.where('programmeId', '=', programmeId);
	return (await q.execute()).map((r) => r.id);
}

/**
 * Adds count rows computed in the app (one submitted response) with one multi-row upsert:
 * `insert … values … on conflict … do update set n = n + excluded.n`. The rows must not repeat
 * a key (PostgreSQL refuses to update one row twice in a statement).
 */
export async function addCounts(db: Db, surveyId: number, rows: readonly CountRow[]): Promise<void> {
	if (rows.length === 0) return;
	await sql`insert into survey_result_counts (${columns})
		values ${sql.join(
			rows.map(
				(r) =>
					sql`(${surveyId}, ${r.dimension}, ${r.groupKey}, ${r.kind}, ${r.questionId}, ${r.item}, ${r.value}, ${r.n})`
			)
		)}
		on conflict (survey_id, dimension, group_key, kind, question_id, item, value)
		do update set n = survey_result_counts.n + excluded.n`.execute(db);
}

/**
 * The responses counted in the programme's surveys (kind `s`, dimension `all`): grows with every
 * submit, so it stamps what the answers show (memoised report figures) without a shared row on
 * the submit path. One primary-key range per survey.
 */
export async function programmeResponseCount(db: Db, programmeId: number): Promise<number> {
	const row = await db
		.selectFrom('surveyResultCounts as c')
		.select((eb) => eb.fn.coalesce(eb.fn.sum<number>('c.n'), sql<number>`0`).as('n'))
		.where('c.surveyId', 'in', (eb) =>
			eb.selectFrom('surveys').select('id').where('programmeId', '=', programmeId)
		)
		.where('c.dimension', '=', 'all')
		.where('c.groupKey', '=', '')
		.where('c.kind', '=', 's')
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}
