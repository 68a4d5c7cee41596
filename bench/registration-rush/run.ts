/**
 * `npm run bench:rush`: 2,000 distinct participants register at the same moment for one
 * 30-seat session, over real HTTP against the built server, then the database is checked.
 *
 * 1. Builds the app when `build/` is missing or older than the sources.
 * 2. SQLite: a fresh database file, one app instance.
 * 3. PostgreSQL (when BENCH_DATABASE_URL or TEST_DATABASE_URL is set): a fresh database on that
 *    server, TWO app instances behind a round-robin proxy (./proxy.ts); dropped afterwards.
 * For each: autocannon fires `POST /api/v1/sessions/{id}/registrations` (every request with its
 * own participant's token), then `GET /healthz` with the same connections and amount as the
 * baseline. Results: bench/results/registration-rush-<date>.json and a table in BENCHMARKS.md.
 * Exits non-zero when a check fails. Environment: RUSH_PARTICIPANTS (2000), RUSH_CAPACITY (30),
 * RUSH_CONNECTIONS (200), RUSH_SKIP_BUILD=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createDb, type Db } from '#lib/server/db/index.ts';
import { migrateToLatest } from '#lib/server/db/migrate.ts';
import { root, section } from '../../scripts/lib.mjs';
import {
	buildIfStale,
	createScratchPostgres,
	freePort,
	machine,
	round,
	startApp,
	stopApp,
	writeBenchmarksSection,
	writeResultsJson,
	type App
} from '../lib/app.ts';
import { startRoundRobinProxy } from '../lib/proxy.ts';
import { seedRush, verifyRush, type RushSeed, type RushVerdict } from './rush.ts';

const PARTICIPANTS = Number(process.env.RUSH_PARTICIPANTS ?? 2000);
const CAPACITY = Number(process.env.RUSH_CAPACITY ?? 30);
const CONNECTIONS = Math.min(PARTICIPANTS, Number(process.env.RUSH_CONNECTIONS ?? 200));
const pgServerUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || '';

interface Measure {
	requests: number;
	seconds: number;
	requestsPerSecond: number;
	latencyMs: { p50: number; p90: number; p99: number; max: number };
	non2xx: number;
	errors: number;
	timeouts: number;
	statusCodes: Record<string, number>;
}

interface ScenarioResult {
	database: 'sqlite' | 'postgres';
	instances: number;
	rush: Measure;
	healthz: Measure;
	/** Rush throughput as a share of the healthz baseline (target ≥ 0.5). */
	ratio: number;
	verdict: RushVerdict;
	/** Requests each app instance received through the proxy (PostgreSQL run). */
	perInstance?: number[];
	passed: boolean;
	problems: string[];
}

// ---------------------------------------------------------------------------------------------

/** One autocannon run of exactly `amount` requests over `connections` connections. */
async function fire(
	url: string,
	options: { amount: number; requests: autocannon.Request[] }
): Promise<Measure> {
	const started = performance.now();
	const result = await autocannon({
		url,
		connections: CONNECTIONS,
		amount: options.amount,
		timeout: 60,
		requests: options.requests
	});
	const seconds = (performance.now() - started) / 1000;
	const statusCodes: Record<string, number> = {};
	for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
		statusCodes[code] = (stat as { count: number }).count;
	const requests = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
	return {
		requests,
		seconds: round(seconds, 3),
		// Whole-run throughput: a 2,000-request run lasts about a second, so autocannon's
		// per-second samples would say little.
		requestsPerSecond: round(requests / seconds, 0),
		latencyMs: {
			p50: result.latency.p50,
			p90: result.latency.p90,
			p99: result.latency.p99,
			max: result.latency.max
		},
		non2xx: result.non2xx,
		errors: result.errors,
		timeouts: result.timeouts,
		statusCodes
	};
}

/** Fires the rush (every request with the next participant's token), then the healthz baseline. */
async function rushAndBaseline(url: string, seed: RushSeed, proxyCounts?: number[]) {
	// Warm up the instances (JIT, connection pools) without touching the session.
	await fire(url, { amount: Math.min(1000, PARTICIPANTS), requests: [{ method: 'GET', path: '/healthz' }] });
	const before = proxyCounts ? [...proxyCounts] : [];
	let next = 0;
	const body = JSON.stringify({});
	const rush = await fire(url, {
		amount: PARTICIPANTS,
		requests: [
			{
				method: 'POST',
				path: `/api/v1/sessions/${seed.sessionId}/registrations`,
				// Called once per request sent (autocannon builds each request just before it
				// writes it), so each participant's token goes out exactly once.
				setupRequest: (req) => {
					const participant = seed.participants[next++ % seed.participants.length]!;
					return {
						...req,
						headers: {
							authorization: `Bearer ${participant.token}`,
							'content-type': 'application/json',
							accept: 'application/json'
						},
						body
					};
				}
			}
		]
	});
	const perInstance = proxyCounts?.map((c, i) => c - before[i]!);
	const healthz = await fire(url, { amount: PARTICIPANTS, requests: [{ method: 'GET', path: '/healthz' }] });
	return { rush, healthz, perInstance };
}

function judge(
	database: 'sqlite' | 'postgres',
	instances: number,
	measured: { rush: Measure; healthz: Measure },
	verdict: RushVerdict,
	perInstance?: number[]
): ScenarioResult {
	const problems = [...verdict.problems];
	const { rush, healthz } = measured;
	if (rush.requests !== PARTICIPANTS)
		problems.push(`rush: ${rush.requests} answers, expected ${PARTICIPANTS}`);
	if (rush.non2xx > 0)
		problems.push(`rush: ${rush.non2xx} non-2xx answers ${JSON.stringify(rush.statusCodes)}`);
	if (rush.errors + rush.timeouts > 0)
		problems.push(`rush: ${rush.errors} errors, ${rush.timeouts} timeouts`);
	if (healthz.non2xx + healthz.errors + healthz.timeouts > 0)
		problems.push('healthz: errors or non-2xx answers');
	const ratio = round(rush.requestsPerSecond / healthz.requestsPerSecond, 3);
	const result: ScenarioResult = {
		database,
		instances,
		rush,
		healthz,
		ratio,
		verdict,
		passed: problems.length === 0,
		problems
	};
	if (perInstance) result.perInstance = perInstance;
	return result;
}

async function seedFresh(db: Db): Promise<RushSeed> {
	await migrateToLatest(db);
	return seedRush(db, { participants: PARTICIPANTS, capacity: CAPACITY });
}

async function runSqlite(): Promise<ScenarioResult> {
	section(`SQLite, one instance: ${PARTICIPANTS} registrations for ${CAPACITY} seats`);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klok-rush-'));
	const file = path.join(dir, 'klok.sqlite');
	const db = createDb({ sqlitePath: file });
	let app: App | undefined;
	try {
		const seed = await seedFresh(db);
		app = await startApp({ SQLITE_PATH: file });
		const measured = await rushAndBaseline(app.url, seed);
		const verdict = await verifyRush(db, seed, { capacity: CAPACITY });
		if (measured.rush.non2xx > 0) console.error(app.output().slice(-4000));
		return judge('sqlite', 1, measured, verdict);
	} finally {
		if (app) await stopApp(app);
		await db.destroy();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

async function runPostgres(serverUrl: string): Promise<ScenarioResult> {
	section(
		`PostgreSQL, two instances behind round-robin: ${PARTICIPANTS} registrations for ${CAPACITY} seats`
	);
	const scratch = await createScratchPostgres(serverUrl, 'klok_rush');
	const url = new URL(scratch.url);
	const db = createDb({ databaseUrl: url.toString(), poolSize: 4 });
	const apps: App[] = [];
	let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>> | undefined;
	try {
		const seed = await seedFresh(db);
		const proxyPort = await freePort();
		const origin = `http://127.0.0.1:${proxyPort}`;
		apps.push(...(await Promise.all([0, 1].map(() => startApp({ DATABASE_URL: url.toString() }, origin)))));
		proxy = await startRoundRobinProxy(
			apps.map((a) => a.url),
			proxyPort
		);
		const { perInstance, ...measured } = await rushAndBaseline(proxy.url, seed, proxy.counts);
		const verdict = await verifyRush(db, seed, { capacity: CAPACITY });
		if (measured.rush.non2xx > 0) for (const a of apps) console.error(a.output().slice(-3000));
		return judge('postgres', 2, measured, verdict, perInstance);
	} finally {
		await proxy?.close();
		await Promise.all(apps.map(stopApp));
		await db.destroy();
		await scratch.drop();
	}
}

// ---------------------------------------------------------------------------------------------

function row(r: ScenarioResult): string {
	const db = r.database === 'sqlite' ? 'SQLite, 1 instance' : 'PostgreSQL, 2 instances (round-robin)';
	return (
		`| ${db} | ${r.rush.requestsPerSecond} | ${r.rush.latencyMs.p50} | ${r.rush.latencyMs.p99} | ` +
		`${r.healthz.requestsPerSecond} | ${r.healthz.latencyMs.p50} | ${r.healthz.latencyMs.p99} | ` +
		`${Math.round(r.ratio * 100)} % (${r.ratio >= 0.5 ? 'met' : 'missed'}) | ${r.verdict.confirmed} / ${r.verdict.waitlisted} | ` +
		`${r.rush.non2xx + r.rush.errors + r.rush.timeouts} | ${r.passed ? 'pass' : 'FAIL'} |`
	);
}

const BEGIN = '<!-- registration-rush:begin -->';
const END = '<!-- registration-rush:end -->';

/** Replaces the registration-rush section of BENCHMARKS.md (other benchmarks stay untouched). */
async function writeBenchmarksMd(
	date: string,
	results: ScenarioResult[],
	m: ReturnType<typeof machine>,
	file: string
) {
	const lines = [
		'## Registration rush',
		'',
		`${PARTICIPANTS} distinct participants register at once for one ${CAPACITY}-seat session (no approval) ` +
			`over real HTTP (\`POST /api/v1/sessions/{id}/registrations\`, each with its own API token; ` +
			`autocannon, ${CONNECTIONS} connections, ${PARTICIPANTS} requests), against the built server on a ` +
			'fresh database. The baseline is `GET /healthz` with the same connections and amount in the same run. ' +
			'Checked afterwards in the database: exactly the capacity confirmed (and `confirmed_count` equal), ' +
			'everyone else waitlisted with `waitlist_seq` 1..n unique and in arrival order (registration id and ' +
			'`waitlisted_at` ascend with the number), no non-2xx answers or errors (the Checks column). ' +
			'Target: rush throughput ≥ 50 % of the baseline. Run it with `npm run bench:rush` ' +
			'(PostgreSQL too when `BENCH_DATABASE_URL` or `TEST_DATABASE_URL` is set).',
		'',
		`Last run: ${date}, ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; ` +
			`load average ${m.loadAverage} at the start (other work on the machine skews the numbers). ` +
			`Raw results: \`${path.relative(root, file)}\`.`,
		'',
		'| Setup | Rush req/s | Rush p50 ms | Rush p99 ms | healthz req/s | healthz p50 ms | healthz p99 ms | Rush / healthz | Confirmed / waitlisted | Errors | Checks |',
		'| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |',
		...results.map(row),
		'',
		...results.filter((r) => !r.passed).map((r) => `- **${r.database} failed:** ${r.problems.join('; ')}`)
	];
	await writeBenchmarksSection(BEGIN, END, lines);
}

async function main() {
	const m = machine();
	await buildIfStale('RUSH_SKIP_BUILD');
	const results: ScenarioResult[] = [await runSqlite()];
	if (pgServerUrl) results.push(await runPostgres(pgServerUrl));
	else
		console.warn(
			'\n!!! BENCH_DATABASE_URL / TEST_DATABASE_URL not set: the PostgreSQL run (two instances) is SKIPPED.\n'
		);

	const date = new Date().toISOString();
	const file = await writeResultsJson('registration-rush', date, {
		date,
		machine: m,
		participants: PARTICIPANTS,
		capacity: CAPACITY,
		connections: CONNECTIONS,
		results
	});
	await writeBenchmarksMd(date, results, m, file);

	section('Registration rush results');
	for (const r of results) {
		console.log(
			`${r.database} (${r.instances} instance${r.instances > 1 ? 's' : ''}): rush ${r.rush.requestsPerSecond} req/s ` +
				`(p50 ${r.rush.latencyMs.p50} ms, p99 ${r.rush.latencyMs.p99} ms), healthz ${r.healthz.requestsPerSecond} req/s ` +
				`(p50 ${r.healthz.latencyMs.p50} ms, p99 ${r.healthz.latencyMs.p99} ms), ratio ${Math.round(r.ratio * 100)} %; ` +
				`${r.verdict.confirmed} confirmed, ${r.verdict.waitlisted} waitlisted` +
				(r.perInstance ? `; per instance ${r.perInstance.join(' / ')}` : '') +
				(r.passed ? ' — checks passed' : `\n  FAILED: ${r.problems.join('\n  ')}`)
		);
		if (r.ratio < 0.5)
			console.warn(`  below the target: rush throughput is under 50 % of the healthz baseline`);
	}
	console.log(`\nWrote ${path.relative(root, file)} and BENCHMARKS.md`);
	process.exit(results.every((r) => r.passed) ? 0 : 1);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
