/** Ad-hoc: query plan and cost of the submit-time counts upsert on a seeded survey (not part of npm test). */
import { sql } from 'kysely';
import { createSqliteTestDatabase } from '#lib/server/testing/db.ts';
import { migrateToLatest } from '#lib/server/db/migrate.ts';
import { addResponseCounts, countsSelect } from '#lib/server/surveys/results-counts.repository.ts';
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
console.log('upsert median ms', runs[100], 'p10', runs[20]);
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
