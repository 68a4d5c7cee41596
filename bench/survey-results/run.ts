/**
 * `npm run bench:survey`: survey results at scale. Not part of `npm test`.
 *
 * For SQLite (always) and PostgreSQL (when BENCH_DATABASE_URL or TEST_DATABASE_URL is set; a
 * fresh database, dropped afterwards): seeds a survey with 1,000,000 answers (./seed.ts), starts
 * the BUILT server (`scripts/serve.mjs`, as `npm start` runs it) on it, and times
 * - the results page `GET /surveys/{id}/results` and the breakdown by workplace
 *   `GET /surveys/{id}/results?by=unit` over real HTTP (a session created in the database), and
 * - in the same run, the raw SQL aggregates those pages need (results.repository.ts, the same
 *   grouped queries the service runs), straight on the database from this process.
 * Each is run SURVEY_REPEAT times after one warm-up; the median counts. The ratio page / SQL
 * (target ≤ 2×) shows what the app adds on top of the unavoidable database work. Results go to
 * bench/results/survey-results-<date>.json and the marked section of BENCHMARKS.md.
 * Environment: SURVEY_RESPONSES (50000), SURVEY_QUESTIONS (12; answers = responses × (questions + 8)),
 * SURVEY_REPEAT (5), SURVEY_SKIP_BUILD=1.
 */
import fs from 'node:fs';
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
import { binOf, newestMtime, root, runNode, section } from '../../scripts/lib.mjs';
import { startTestServer } from '../../tests/support/server.ts';
import { seedSurvey, type SurveySeed } from './seed.ts';

const RESPONSES = Number(process.env.SURVEY_RESPONSES ?? 50_000);
const QUESTIONS = Number(process.env.SURVEY_QUESTIONS ?? 12);
const REPEAT = Number(process.env.SURVEY_REPEAT ?? 5);
const WORKPLACES = 30;
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
	page: Timing;
	pageSql: Timing;
	breakdown: Timing;
	breakdownSql: Timing;
	pageRatio: number;
	breakdownRatio: number;
	pageBytes: number;
	breakdownBytes: number;
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

/** The aggregates of the results page, as the service issues them (one grouped query each). */
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

/** The breakdown by unit: the grouped aggregates (the overall figures are their sum) and the counts. */
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

async function fetchPage(url: string, token: string): Promise<number> {
	const res = await fetch(url, { headers: { cookie: `klok_session=${token}`, accept: 'text/html' } });
	const body = await res.text();
	if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}\n${body.slice(0, 500)}`);
	return body.length;
}

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
		const page = await time(async () => (pageBytes = await fetchPage(base, s.token)));
		const pageSql = await time(() => pageAggregates(database.db, s.surveyId, learning.id, 5));
		const breakdown = await time(async () => (breakdownBytes = await fetchPage(base + '?by=unit', s.token)));
		const breakdownSql = await time(() => breakdownAggregates(database.db, s.surveyId, learning.id, 5));
		const pageRatio = Math.round((page.medianMs / pageSql.medianMs) * 100) / 100;
		const breakdownRatio = Math.round((breakdown.medianMs / breakdownSql.medianMs) * 100) / 100;
		const result: Scenario = {
			database: database.dialect,
			answers: s.answers,
			responses: s.responses,
			seedSeconds: s.seconds,
			page,
			pageSql,
			breakdown,
			breakdownSql,
			pageRatio,
			breakdownRatio,
			pageBytes,
			breakdownBytes,
			passed: pageRatio <= 2 && breakdownRatio <= 2
		};
		console.log(
			JSON.stringify({
				...result,
				page: page.medianMs,
				pageSql: pageSql.medianMs,
				breakdown: breakdown.medianMs,
				breakdownSql: breakdownSql.medianMs
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
	const ms = (t: Timing) => String(Math.round(t.medianMs));
	const row = (r: Scenario) =>
		`| ${r.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${r.answers.toLocaleString('en')} | ${ms(r.page)} | ${ms(r.pageSql)} | ${r.pageRatio}× | ${ms(r.breakdown)} | ${ms(r.breakdownSql)} | ${r.breakdownRatio}× | ${r.passed ? 'met' : 'missed'} |`;
	const sectionText = [
		'<!-- survey-results:begin -->',
		'',
		'## Survey results at scale',
		'',
		`A survey with ${(RESPONSES * (QUESTIONS + 8)).toLocaleString('en')} answers (${RESPONSES.toLocaleString('en')} responses × ${QUESTIONS} single-choice statements on a 4-point + "don't know" scale and the 8-item learning-situations block, ${WORKPLACES} workplaces with a team each, ${Math.round(RESPONSES * 1.2).toLocaleString('en')} invited), bulk-inserted into a fresh database. Timed over real HTTP against the built server (signed-in session): the results page \`GET /surveys/{id}/results\` and the breakdown by workplace \`?by=unit\` (whole HTML page, server-rendered SVG charts and tables). Timed in the same run, straight on the database: the grouped SQL aggregates those pages need (\`results.repository.ts\`: one grouped query per figure kind over \`survey_answers\` ⨝ \`survey_responses\`, never one per question). Median of ${REPEAT} after a warm-up. Target: page ≤ 2× its SQL. Run it with \`npm run bench:survey\` (PostgreSQL too when \`BENCH_DATABASE_URL\` or \`TEST_DATABASE_URL\` is set).`,
		'',
		`Last run: ${started}, ${machine}; load average ${load.toFixed(2)} at the start (other work on the machine skews the numbers). Raw results: \`${rawFile}\`.`,
		'',
		'| Database | Answers | Page ms | Page SQL ms | Page / SQL | By unit ms | By unit SQL ms | By unit / SQL | Target ≤ 2× |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
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
