/** Ad-hoc: query plan and cost of the submit-time counts upsert on a seeded survey (not part of npm test). */
import { sql } from 'kysely';
import { createSqliteTestDatabase } from '#lib/server/testing/db.ts';
import { migrateToLatest } from '#lib/server/db/migrate.ts';
import { addCounts, addResponseCounts, countsSelect } from '#lib/server/surveys/results-counts.repository.ts';
import { responseCountRows } from '#lib/server/surveys/results.service.ts';
import { seedSurvey } from './seed.ts';

const database = await createSqliteTestDatabase();
const db = database.db;
await migrateToLatest(db);
const s = await seedSurvey(db, {
	responses: Number(process.env.N ?? 5000),
	invited: 6000,
	questions: 12,
	workplaces: 30
});
console.log('seeded', s.seconds, 'counts', s.countsSeconds);
const learning = await db
	.selectFrom('surveyQuestions')
	.where('surveyId', '=', s.surveyId)
	.where('type', '=', 'learning_situations')
	.select('id')
	.executeTakeFirstOrThrow();
const r = await db
	.selectFrom('surveyResponses')
	.select('id')
	.where('surveyId', '=', s.surveyId)
	.limit(1)
	.executeTakeFirstOrThrow();
const tops = new Map([[learning.id, 5]]);
const runs: number[] = [];
for (let i = 0; i < 200; i++) {
	const t0 = performance.now();
	await db.transaction().execute((trx) => addResponseCounts(trx, r.id, tops));
	runs.push(performance.now() - t0);
}
runs.sort((a, b) => a - b);
console.log('SQL upsert (insert … select) median ms', runs[100], 'p10', runs[20]);
const questions = await db
	.selectFrom('surveyQuestions')
	.where('surveyId', '=', s.surveyId)
	.select(['id', 'type'])
	.execute();
const answers = await db
	.selectFrom('surveyAnswers')
	.where('responseId', '=', r.id)
	.select(['questionId', 'item', 'value', 'numberValue', 'textValue'])
	.execute();
const js: number[] = [];
for (let i = 0; i < 200; i++) {
	const t0 = performance.now();
	await db.transaction().execute((trx) =>
		addCounts(
			trx,
			s.surveyId,
			responseCountRows(
				{
					surveyId: s.surveyId,
					attributes: { unit: 1, jobCategory: 'librarian', track: 1, gender: 'female', tenure: '2_5' },
					questions,
					rows: answers.map((a) => ({
						...a,
						numberValue: a.numberValue === null ? null : Number(a.numberValue)
					}))
				},
				tops
			)
		)
	);
	js.push(performance.now() - t0);
}
js.sort((a, b) => a - b);
console.log('JS rows + VALUES upsert median ms', js[100], 'p10', js[20]);
const empty: number[] = [];
for (let i = 0; i < 200; i++) {
	const t0 = performance.now();
	await db
		.transaction()
		.execute(
			async (trx) =>
				void (await trx.selectFrom('surveys').select('id').where('id', '=', s.surveyId).execute())
		);
	empty.push(performance.now() - t0);
}
empty.sort((a, b) => a - b);
console.log('empty transaction median ms', empty[100]);
for (const scope of [{ responseId: r.id }, { surveyId: s.surveyId }]) {
	const c = countsSelect(scope, tops).compile(db);
	const plan = await sql
		.raw('explain query plan ' + c.sql.replace(/\?/g, () => '?'))
		.execute(db)
		.catch((e) => e);
	void plan;
	const { default: SQLite } = await import('better-sqlite3');
	void SQLite;
	// better-sqlite3 via kysely executeQuery
	const res = await db.executeQuery({ ...c, sql: 'explain query plan ' + c.sql } as never);
	console.log(
		JSON.stringify(scope),
		'\n' + (res.rows as { detail: string }[]).map((x) => x.detail).join('\n')
	);
}
await database.destroy();
