/**
 * `npm run bench:survey`: survey results at scale. Not part of `npm test`.
 *
 * For SQLite (always) and PostgreSQL (when BENCH_DATABASE_URL or TEST_DATABASE_URL is set; a
 * fresh database, dropped afterwards): seeds a survey with 1,000,000 answers (./seed.ts, which
 * rebuilds the maintained result counts in bulk SQL), starts the BUILT server
 * (`scripts/serve.mjs`, as `npm start` runs it) on it, and times
 * - the results page `GET /surveys/{id}/results` and the breakdown by workplace
 *   `GET /surveys/{id}/results?by=unit` over real HTTP (a session created in the database);
 *   target ≤ 50 ms each;
 * - in the same run, straight on the database from this process: the SQL those pages run now
 *   (the maintained counts, `results-counts.repository.ts`, one indexed range per page) and the
 *   grouped scans over the raw answers they replaced (`results.repository.ts`), for scale;
 * - the submit transaction (response + answers) without and with the counts' upsert, the cost
 *   the maintained counts add to every submission.
 * HTTP requests go through a keep-alive agent made per timing phase and destroyed after it, so
 * no idle socket the server has closed meanwhile (during the SQL phases) is ever reused ("other
 * side closed"). Each is run SURVEY_REPEAT times after one warm-up; the median counts. Results go
 * to bench/results/survey-results-<date>.json and the marked section of BENCHMARKS.md.
 * Environment: SURVEY_RESPONSES (50000), SURVEY_QUESTIONS (12; answers = responses × (questions + 8)),
 * SURVEY_REPEAT (5), SURVEY_SKIP_BUILD=1.
 */
import fs from 'node:fs';
import http from 'node:http';
import { sql } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import type { Db } from '#lib/server/db/index.ts';
import {
	createPostgresTestDatabase,
	createSqliteTestDatabase,
	type TestDatabase
} from '#lib/server/testing/db.ts';
import {
	invitationCounts,
	learningLevels,
	numberAnswers,
	respondentCounts,
	responseCounts,
	textAnswers,
	valueCounts
} from '#lib/server/surveys/results.repository.ts';
import { storedCounts } from '#lib/server/surveys/results-counts.repository.ts';
import { recordResponseCounts } from '#lib/server/surveys/results.service.ts';
import { binOf, newestMtime, root, runNode, section } from '../../scripts/lib.mjs';
import { startTestServer } from '../../tests/support/server.ts';
import { seedSurvey, type SurveySeed } from './seed.ts';

const RESPONSES = Number(process.env.SURVEY_RESPONSES ?? 50_000);
const QUESTIONS = Number(process.env.SURVEY_QUESTIONS ?? 12);
const REPEAT = Number(process.env.SURVEY_REPEAT ?? 5);
const WORKPLACES = 30;
const TARGET_MS = 50;
const SUBMITS = Number(process.env.SURVEY_SUBMITS ?? 200);
const pgServerUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || '';

interface Timing {
	medianMs: number;
	minMs: number;
	maxMs: number;
	runsMs: number[];
}

interface Scenario {
	database: 'sqlite' | 'postgres';
	answers: number;
	responses: number;
	seedSeconds: number;
	countsSeconds: number;
	countRows: number;
	page: Timing;
	pageSql: Timing;
	pageScanSql: Timing;
	breakdown: Timing;
	breakdownSql: Timing;
	breakdownScanSql: Timing;
	pageBytes: number;
	breakdownBytes: number;
	/** Median ms of one submit transaction without / with the counts' upsert. */
	submitBefore: Timing;
	submitAfter: Timing;
	passed: boolean;
}

async function time(work: () => Promise<unknown>): Promise<Timing> {
	await work(); // warm-up: JIT, caches, connection pools
	const runs: number[] = [];
	for (let i = 0; i < REPEAT; i++) {
		const t0 = performance.now();
		await work();
		runs.push(Math.round((performance.now() - t0) * 10) / 10);
	}
	const sorted = [...runs].sort((a, b) => a - b);
	return {
		medianMs: sorted[sorted.length >> 1]!,
		minMs: sorted[0]!,
		maxMs: sorted[sorted.length - 1]!,
		runsMs: runs
	};
}

/** What the results page reads now: the maintained counts, the free texts, the invitation counts. */
async function pageCounts(db: Db, surveyId: number) {
	await Promise.all([
		storedCounts(db, surveyId, 'all'),
		textAnswers(db, surveyId),
		invitationCounts(db, surveyId)
	]);
}

/** What the breakdown by unit reads now (units' names and roll-up aside: one small table). */
async function breakdownCounts(db: Db, surveyId: number) {
	await Promise.all([
		storedCounts(db, surveyId, 'unit'),
		textAnswers(db, surveyId),
		invitationCounts(db, surveyId)
	]);
}

/** The grouped scans over the raw answers the results page ran before the counts (for scale). */
async function pageAggregates(db: Db, surveyId: number, learningId: number, top: number) {
	const tops = new Map([[learningId, top]]);
	await Promise.all([
		valueCounts(db, surveyId),
		respondentCounts(db, surveyId),
		numberAnswers(db, surveyId),
		learningLevels(db, tops),
		textAnswers(db, surveyId),
		invitationCounts(db, surveyId),
		responseCounts(db, surveyId)
	]);
}

/** The breakdown by unit as raw scans (before the counts): grouped aggregates and the counts. */
async function breakdownAggregates(db: Db, surveyId: number, learningId: number, top: number) {
	const tops = new Map([[learningId, top]]);
	await Promise.all([
		valueCounts(db, surveyId, 'unit'),
		respondentCounts(db, surveyId, 'unit'),
		numberAnswers(db, surveyId, 'unit'),
		learningLevels(db, tops, 'unit')
	]);
	await Promise.all([
		textAnswers(db, surveyId),
		invitationCounts(db, surveyId),
		responseCounts(db, surveyId),
		responseCounts(db, surveyId, 'unit')
	]);
}

/** GET over a keep-alive agent; the caller destroys the agent after its timing phase. */
function fetchPage(agent: http.Agent, url: string, token: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = http.get(
			url,
			{ agent, headers: { cookie: `klok_session=${token}`, accept: 'text/html' } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const body = Buffer.concat(chunks).toString('utf8');
					if (res.statusCode !== 200)
						reject(new Error(`${url}: HTTP ${res.statusCode}\n${body.slice(0, 500)}`));
					else resolve(body.length);
				});
				res.on('error', reject);
			}
		);
		req.on('error', reject);
	});
}

/** Times an HTTP phase on its own agent, closed afterwards (no socket outlives the phase). */
async function timeHttp(url: string, token: string, bytes: (n: number) => void): Promise<Timing> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	try {
		return await time(async () => bytes(await fetchPage(agent, url, token)));
	} finally {
		agent.destroy();
	}
}

/**
 * One submit's writes as `submitAnswers` does them in its transaction — the response, its
 * answers (the bench survey's 12 statements and 8 situations) and, `withCounts`, the counts'
 * upsert — SUBMITS times; the median transaction counts.
 */
async function timeSubmits(
	db: Db,
	surveyId: number,
	withCounts: boolean,
	tops: Map<number, number>
): Promise<Timing> {
	const questions = await db
		.selectFrom('surveyQuestions')
		.where('surveyId', '=', surveyId)
		.select(['id', 'type'])
		.orderBy('sortOrder')
		.execute();
	const unit = await db
		.selectFrom('surveyResponses')
		.where('surveyId', '=', surveyId)
		.select('unitId')
		.limit(1)
		.executeTakeFirstOrThrow();
	let i = 0;
	const submit = () =>
		db.transaction().execute(async (trx) => {
			i++;
			const { id } = await trx
				.insertInto('surveyResponses')
				.values({
					surveyId,
					unitId: unit.unitId,
					jobCategory: 'librarian',
					gender: 'female',
					tenureBand: '2_5',
					attended: i % 2,
					locale: 'en',
					submittedAt: nowIsoDay()
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const rows = questions.flatMap((q) =>
				q.type === 'learning_situations'
					? Array.from({ length: 8 }, (_, item) => ({
							responseId: id,
							questionId: q.id,
							item,
							value: 1 + ((i + item) % 5)
						}))
					: [{ responseId: id, questionId: q.id, item: 0, value: 1 + (i % 4) }]
			);
			await trx.insertInto('surveyAnswers').values(rows).execute();
			if (withCounts)
				await recordResponseCounts(
					trx,
					{
						surveyId,
						attributes: {
							unit: unit.unitId,
							jobCategory: 'librarian',
							track: i % 2,
							gender: 'female',
							tenure: '2_5'
						},
						questions,
						rows: rows.map((r) => ({ ...r, numberValue: null, textValue: null }))
					},
					tops
				);
		});
	await submit();
	const runs: number[] = [];
	for (let n = 0; n < SUBMITS; n++) {
		const t0 = performance.now();
		await submit();
		runs.push(Math.round((performance.now() - t0) * 100) / 100);
	}
	const sorted = [...runs].sort((a, b) => a - b);
	return {
		medianMs: sorted[sorted.length >> 1]!,
		minMs: sorted[0]!,
		maxMs: sorted[sorted.length - 1]!,
		runsMs: []
	};
}

const nowIsoDay = () => new Date().toISOString().slice(0, 10) + 'T00:00:00.000Z';

async function scenario(database: TestDatabase): Promise<Scenario> {
	section(`${database.dialect}: seeding ${RESPONSES * (QUESTIONS + 8)} answers`);
	let seed: SurveySeed | undefined;
	const server = await startTestServer({
		database,
		seed: async (db) => {
			seed = await seedSurvey(db, {
				responses: RESPONSES,
				invited: Math.round(RESPONSES * 1.2),
				questions: QUESTIONS,
				workplaces: WORKPLACES
			});
		}
	});
	try {
		const s = seed!;
		console.log(`seeded in ${s.seconds} s`);
		const learning = await database.db
			.selectFrom('surveyQuestions')
			.where('surveyId', '=', s.surveyId)
			.where('type', '=', 'learning_situations')
			.select('id')
			.executeTakeFirstOrThrow();
		const base = `${server.url}/surveys/${s.surveyId}/results`;
		let pageBytes = 0;
		let breakdownBytes = 0;
		section(`${database.dialect}: timing`);
		const page = await timeHttp(base, s.token, (n) => (pageBytes = n));
		const pageSql = await time(() => pageCounts(database.db, s.surveyId));
		const pageScanSql = await time(() => pageAggregates(database.db, s.surveyId, learning.id, 5));
		const breakdown = await timeHttp(base + '?by=unit', s.token, (n) => (breakdownBytes = n));
		const breakdownSql = await time(() => breakdownCounts(database.db, s.surveyId));
		const breakdownScanSql = await time(() => breakdownAggregates(database.db, s.surveyId, learning.id, 5));
		section(`${database.dialect}: submit cost (${SUBMITS} submits each)`);
		const tops = new Map([[learning.id, 5]]);
		const submitBefore = await timeSubmits(database.db, s.surveyId, false, tops);
		const submitAfter = await timeSubmits(database.db, s.surveyId, true, tops);
		const countRows = Number(
			(
				await sql<{
					n: number | string;
				}>`select count(*) as n from survey_result_counts where survey_id = ${s.surveyId}`.execute(
					database.db
				)
			).rows[0]!.n
		);
		const result: Scenario = {
			database: database.dialect,
			answers: s.answers,
			responses: s.responses,
			seedSeconds: s.seconds,
			countsSeconds: s.countsSeconds,
			countRows,
			page,
			pageSql,
			pageScanSql,
			breakdown,
			breakdownSql,
			breakdownScanSql,
			pageBytes,
			breakdownBytes,
			submitBefore,
			submitAfter,
			passed: page.medianMs <= TARGET_MS && breakdown.medianMs <= TARGET_MS
		};
		console.log(
			JSON.stringify({
				...result,
				page: page.medianMs,
				pageSql: pageSql.medianMs,
				pageScanSql: pageScanSql.medianMs,
				breakdown: breakdown.medianMs,
				breakdownSql: breakdownSql.medianMs,
				breakdownScanSql: breakdownScanSql.medianMs,
				submitBefore: submitBefore.medianMs,
				submitAfter: submitAfter.medianMs
			})
		);
		return result;
	} catch (e) {
		console.error(`The server said:\n${server.output()}`);
		throw e;
	} finally {
		await server.stop();
	}
}

function buildIfStale(): Promise<void> {
	const entry = path.join(root, 'build', 'index.js');
	const stale =
		!fs.existsSync(entry) ||
		newestMtime(['src', 'static', 'vite.config.ts', 'package.json', 'tsconfig.json']) >
			fs.statSync(entry).mtimeMs;
	if (!stale || process.env.SURVEY_SKIP_BUILD === '1') return Promise.resolve();
	section('Building the app (vite build)');
	return runNode([binOf('vite'), 'build']).then(({ code }) => {
		if (code !== 0) throw new Error(`vite build failed (exit code ${code})`);
	});
}

async function writeReport(results: Scenario[], started: string, load: number) {
	const date = started.slice(0, 10);
	const rawFile = `bench/results/survey-results-${date}.json`;
	fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
	const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim().split(' ').slice(0, 2).join(' ')}), ${Math.round(os.totalmem() / 1e8) / 10} GB, Node ${process.version}, ${os.platform()} ${os.release()}`;
	fs.writeFileSync(
		path.join(root, rawFile),
		JSON.stringify(
			{
				started,
				machine,
				loadAverage: load,
				responses: RESPONSES,
				questions: QUESTIONS,
				repeat: REPEAT,
				results
			},
			null,
			'\t'
		) + '\n'
	);
	const ms = (t: Timing) => String(Math.round(t.medianMs * 10) / 10);
	const row = (r: Scenario) =>
		`| ${r.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${r.answers.toLocaleString('en')} | ${ms(r.page)} | ${ms(r.pageSql)} | ${ms(r.pageScanSql)} | ${ms(r.breakdown)} | ${ms(r.breakdownSql)} | ${ms(r.breakdownScanSql)} | ${ms(r.submitBefore)} → ${ms(r.submitAfter)} | ${r.passed ? 'met' : 'missed'} |`;
	const sectionText = [
		'<!-- survey-results:begin -->',
		'',
		'## Survey results at scale',
		'',
		`A survey with ${(RESPONSES * (QUESTIONS + 8)).toLocaleString('en')} answers (${RESPONSES.toLocaleString('en')} responses × ${QUESTIONS} single-choice statements on a 4-point + "don't know" scale and the 8-item learning-situations block, ${WORKPLACES} workplaces with a team each, ${Math.round(RESPONSES * 1.2).toLocaleString('en')} invited), bulk-inserted into a fresh database; the maintained result counts (\`survey_result_counts\`, ${results.map((r) => `${r.countRows.toLocaleString('en')} rows, rebuilt in ${r.countsSeconds} s on ${r.database}`).join('; ')}) are rebuilt from them in one bulk statement, as a bulk load does. Timed over real HTTP against the built server (signed-in session): the results page \`GET /surveys/{id}/results\` and the breakdown by workplace \`?by=unit\` (whole HTML page, server-rendered SVG charts and tables). Timed in the same run, straight on the database: the SQL the pages run now (the counts: one indexed range of \`survey_result_counts\`, the free texts, the invitation counts) and, for scale, the grouped scans over \`survey_answers\` they replaced. Submit: the submit transaction's writes (response and 20 answer rows) without and with the counts' upsert (\`insert … select … on conflict do update set n = n + excluded.n\`, one statement), median of ${SUBMITS}. Median of ${REPEAT} after a warm-up. Target: page and breakdown ≤ ${TARGET_MS} ms. Run it with \`npm run bench:survey\` (PostgreSQL too when \`BENCH_DATABASE_URL\` or \`TEST_DATABASE_URL\` is set).`,
		'',
		`Last run: ${started}, ${machine}; load average ${load.toFixed(2)} at the start (other work on the machine skews the numbers). Raw results: \`${rawFile}\`.`,
		'',
		`| Database | Answers | Page ms | Page SQL ms (counts) | Page SQL ms (raw scan, before) | By unit ms | By unit SQL ms (counts) | By unit SQL ms (raw scan, before) | Submit ms before → after | Target ≤ ${TARGET_MS} ms |`,
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
		...results.map(row),
		'',
		'<!-- survey-results:end -->'
	].join('\n');
	const file = path.join(root, 'BENCHMARKS.md');
	let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
	const re = /<!-- survey-results:begin -->[\s\S]*?<!-- survey-results:end -->/;
	text = re.test(text) ? text.replace(re, sectionText) : text.trimEnd() + '\n\n' + sectionText + '\n';
	const formatted = await prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
	fs.writeFileSync(file, formatted);
	console.log(`\nBENCHMARKS.md updated; raw results in ${rawFile}`);
}

async function main() {
	const started = new Date().toISOString();
	const load = os.loadavg()[0] ?? 0;
	await buildIfStale();
	const results: Scenario[] = [];
	const sqlite = await createSqliteTestDatabase();
	try {
		results.push(await scenario(sqlite));
	} finally {
		await sqlite.destroy();
	}
	if (pgServerUrl) {
		const pgdb = await createPostgresTestDatabase(pgServerUrl);
		try {
			results.push(await scenario(pgdb));
		} finally {
			await pgdb.destroy();
		}
	} else console.warn('BENCH_DATABASE_URL / TEST_DATABASE_URL not set: PostgreSQL skipped.');
	await writeReport(results, started, load);
	if (results.some((r) => !r.passed)) process.exitCode = 1;
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
