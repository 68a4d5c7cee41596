/**
 * `npm run bench:rush`: distinct participants register for one 30-seat session as fast as the
 * server answers, over real HTTP against the built server, then the database and the outbox are
 * checked.
 *
 * 1. Builds the app when `build/` is missing or older than the sources.
 * 2. SQLite: a fresh database file, one app instance.
 * 3. PostgreSQL (when BENCH_DATABASE_URL or TEST_DATABASE_URL is set): a fresh database on that
 *    server, TWO app instances behind a round-robin proxy (./proxy.ts); dropped afterwards.
 * For each: warm-up (/healthz, then registrations for a second session), then over the SAME
 * fixed duration each: the rush (`POST /api/v1/sessions/{id}/registrations`, every request with
 * the next participant's token), `GET /healthz`, and a bare `node:http` server (the cost of the
 * stack). The instances run without their outbox worker (KLOK_OUTBOX=off, so the request path is
 * measured alone); afterwards workers (two on PostgreSQL) send the queued mail to a real SMTP
 * receiver and every message must arrive exactly once. Results: bench/results/
 * registration-rush-<date>.json and a table in BENCHMARKS.md. Exits non-zero when a check
 * fails. Environment: RUSH_SECONDS (10), RUSH_PARTICIPANTS (20000), RUSH_CAPACITY (30),
 * RUSH_CONNECTIONS (100), RUSH_SKIP_BUILD=1.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import * as prettier from 'prettier';
import pg from 'pg';
import { createDb, type Db } from '#lib/server/db/index.ts';
import { migrateToLatest } from '#lib/server/db/migrate.ts';
import { root, section } from '../../scripts/lib.mjs';
import { startSmtpReceiver } from '#lib/server/mail/smtp-receiver.ts';
import { runOutbox } from '#lib/server/mail/outbox.service.ts';
// The renderers of queued mail register when these load.
import '#lib/server/registrations/registrations.service.ts';
import '#lib/server/surveys/distribution.service.ts';
import { buildIfStale, freePort, machine, round, startApp, stopApp, type App } from '../lib/app.ts';
import { startRoundRobinProxy } from '../lib/proxy.ts';
import { seedRush, verifyRush, type RushSeed, type RushVerdict } from './rush.ts';

const SECONDS = Number(process.env.RUSH_SECONDS ?? 10);
const PARTICIPANTS = Number(process.env.RUSH_PARTICIPANTS ?? 20000);
const CAPACITY = Number(process.env.RUSH_CAPACITY ?? 30);
const CONNECTIONS = Math.min(PARTICIPANTS, Number(process.env.RUSH_CONNECTIONS ?? 100));
/** Participants kept for warming the registration route up (on the warm-up session). */
const WARM = 500;
/** The request path alone: mail is sent by the workers afterwards (see checkOutbox). */
const REQUEST_PATH_ONLY = { KLOK_OUTBOX: 'off', KLOK_REMINDERS: 'off' };
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

interface OutboxCheck {
	/** Rows queued by the run (warm-up and rush). */
	queued: number;
	sent: number;
	/** Messages the SMTP receiver got. */
	received: number;
	/** Distinct (recipient, kind) pairs among them: equal to `received` when none came twice. */
	distinct: number;
	workers: number;
	seconds: number;
}

interface ScenarioResult {
	database: 'sqlite' | 'postgres';
	instances: number;
	seconds: number;
	rush: Measure;
	healthz: Measure;
	/** A bare `node:http` server answering "ok", same machine, same load generator. */
	bareNode: Measure;
	/** Rush throughput as a share of the healthz baseline (target ≥ 0.5). */
	ratio: number;
	/** healthz as a share of the bare node:http server. */
	healthzVsBare: number;
	outbox: OutboxCheck;
	verdict: RushVerdict;
	/** Requests each app instance received through the proxy (PostgreSQL run). */
	perInstance?: number[];
	passed: boolean;
	problems: string[];
}

// ---------------------------------------------------------------------------------------------

/** One autocannon run over `connections` connections for `seconds`. */
async function fire(
	url: string,
	options: { seconds: number; requests: autocannon.Request[] }
): Promise<Measure> {
	const started = performance.now();
	const result = await autocannon({
		url,
		connections: CONNECTIONS,
		duration: options.seconds,
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
		// Whole-run throughput, the same measure for every target.
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

/** A bare node:http server in a child process (nothing but "ok"), for the cost of the stack. */
async function startBareNode(): Promise<{ url: string; stop: () => void }> {
	const port = await freePort();
	const child = spawn(
		process.execPath,
		['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`],
		{ stdio: 'ignore' }
	);
	const url = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 100; i++) {
		try {
			await (await fetch(url)).text();
			break;
		} catch {
			await new Promise((r) => setTimeout(r, 50));
		}
	}
	return { url, stop: () => child.kill('SIGKILL') };
}

function registrationRequest(sessionId: number, next: () => { token: string }): autocannon.Request {
	const body = JSON.stringify({});
	return {
		method: 'POST',
		path: `/api/v1/sessions/${sessionId}/registrations`,
		// Called once per request sent (autocannon builds each request just before it writes
		// it), so each participant's token goes out exactly once.
		setupRequest: (req) => ({
			...req,
			headers: {
				authorization: `Bearer ${next().token}`,
				'content-type': 'application/json',
				accept: 'application/json'
			},
			body
		})
	};
}

/**
 * Warms up (healthz, then the registration route on the warm-up session with the last WARM
 * participants), then the rush, the healthz baseline and the bare node:http server, each for
 * SECONDS. Returns how many rush participants were used.
 */
async function rushAndBaseline(url: string, seed: RushSeed, proxyCounts?: number[]) {
	const rushers = seed.participants.slice(0, seed.participants.length - WARM);
	const warmers = seed.participants.slice(seed.participants.length - WARM);
	await fire(url, { seconds: 2, requests: [{ method: 'GET', path: '/healthz' }] });
	let w = 0;
	await fire(url, {
		seconds: 2,
		requests: [registrationRequest(seed.warmSessionId, () => warmers[w++ % warmers.length]!)]
	});
	const before = proxyCounts ? [...proxyCounts] : [];
	let next = 0;
	const rush = await fire(url, {
		seconds: SECONDS,
		requests: [registrationRequest(seed.sessionId, () => rushers[Math.min(next++, rushers.length - 1)]!)]
	});
	const perInstance = proxyCounts?.map((c, i) => c - before[i]!);
	const healthz = await fire(url, { seconds: SECONDS, requests: [{ method: 'GET', path: '/healthz' }] });
	const bare = await startBareNode();
	let bareNode: Measure;
	try {
		bareNode = await fire(bare.url, { seconds: SECONDS, requests: [{ method: 'GET', path: '/' }] });
	} finally {
		bare.stop();
	}
	return { rush, healthz, bareNode, perInstance, sent: next, exhausted: next > rushers.length };
}

/**
 * Sends every queued message with `workers` workers (each its own connection pool: separate
 * instances) against a real SMTP receiver, and checks each arrived exactly once.
 */
async function checkOutbox(db: Db, openOther: () => Db, workers: number): Promise<OutboxCheck> {
	const receiver = await startSmtpReceiver();
	const pools = [db, ...Array.from({ length: workers - 1 }, openOther)];
	try {
		const { total: queued } = await db
			.selectFrom('outbox')
			.select((eb) => eb.fn.countAll<number>().as('total'))
			.executeTakeFirstOrThrow();
		const started = performance.now();
		await Promise.all(
			pools.map((p) => runOutbox(p, { mail: receiver.mailOptions, parallel: 16, batch: 100 }))
		);
		const seconds = round((performance.now() - started) / 1000, 2);
		const { sent } = await db
			.selectFrom('outbox')
			.select((eb) => eb.fn.countAll<number>().as('sent'))
			.where('status', '=', 'sent')
			.executeTakeFirstOrThrow();
		const keys = receiver.messages.map((m) => `${m.to.join(',')} ${/X-Klok-Kind: (\S+)/i.exec(m.raw)?.[1]}`);
		return {
			queued: Number(queued),
			sent: Number(sent),
			received: receiver.messages.length,
			distinct: new Set(keys).size,
			workers,
			seconds
		};
	} finally {
		await Promise.all(pools.slice(1).map((p) => p.destroy()));
		await receiver.close();
	}
}

function judge(
	database: 'sqlite' | 'postgres',
	instances: number,
	measured: Awaited<ReturnType<typeof rushAndBaseline>>,
	verdict: RushVerdict,
	outbox: OutboxCheck
): ScenarioResult {
	const problems = [...verdict.problems];
	const { rush, healthz, bareNode, perInstance } = measured;
	if (measured.exhausted)
		problems.push(`rush: ran out of participants (${PARTICIPANTS}); raise RUSH_PARTICIPANTS`);
	// Requests still in flight when the duration ended may or may not have been handled.
	if (verdict.registrations < rush.requests || verdict.registrations > measured.sent)
		problems.push(
			`rush: ${verdict.registrations} registrations for ${rush.requests} answers and ${measured.sent} requests sent`
		);
	if (outbox.sent !== outbox.queued)
		problems.push(`outbox: ${outbox.sent} of ${outbox.queued} messages sent`);
	if (outbox.received !== outbox.queued || outbox.distinct !== outbox.received)
		problems.push(
			`outbox: ${outbox.queued} queued, ${outbox.received} received, ${outbox.distinct} distinct (each must arrive once)`
		);
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
		seconds: SECONDS,
		rush,
		healthz,
		bareNode,
		ratio,
		healthzVsBare: round(healthz.requestsPerSecond / bareNode.requestsPerSecond, 3),
		outbox,
		verdict,
		passed: problems.length === 0,
		problems
	};
	if (perInstance) result.perInstance = perInstance;
	return result;
}

/** How many registrations the rush session got (each participant registers at most once). */
async function registered(db: Db, seed: RushSeed): Promise<number> {
	const { n } = await db
		.selectFrom('registrations')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('sessionId', '=', seed.sessionId)
		.executeTakeFirstOrThrow();
	return Number(n);
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
		app = await startApp({ SQLITE_PATH: file, ...REQUEST_PATH_ONLY });
		const measured = await rushAndBaseline(app.url, seed);
		const verdict = await verifyRush(db, seed, {
			capacity: CAPACITY,
			registered: await registered(db, seed)
		});
		if (measured.rush.non2xx > 0) console.error(app.output().slice(-4000));
		await stopApp(app);
		const outbox = await checkOutbox(db, () => createDb({ sqlitePath: file }), 1);
		return judge('sqlite', 1, measured, verdict, outbox);
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
	const name = `klok_rush_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = '/' + name;
	const db = createDb({ databaseUrl: url.toString(), poolSize: 4 });
	const apps: App[] = [];
	let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>> | undefined;
	try {
		const seed = await seedFresh(db);
		const proxyPort = await freePort();
		const origin = `http://127.0.0.1:${proxyPort}`;
		apps.push(
			...(await Promise.all(
				[0, 1].map(() => startApp({ DATABASE_URL: url.toString(), ...REQUEST_PATH_ONLY }, origin))
			))
		);
		proxy = await startRoundRobinProxy(
			apps.map((a) => a.url),
			proxyPort
		);
		const measured = await rushAndBaseline(proxy.url, seed, proxy.counts);
		const verdict = await verifyRush(db, seed, {
			capacity: CAPACITY,
			registered: await registered(db, seed)
		});
		if (measured.rush.non2xx > 0) for (const a of apps) console.error(a.output().slice(-3000));
		await Promise.all(apps.map(stopApp));
		const outbox = await checkOutbox(db, () => createDb({ databaseUrl: url.toString(), poolSize: 4 }), 2);
		return judge('postgres', 2, measured, verdict, outbox);
	} finally {
		await proxy?.close();
		await Promise.all(apps.map(stopApp));
		await db.destroy();
		const c = new pg.Client({ connectionString: serverUrl });
		await c.connect();
		await c.query(`drop database if exists ${name} with (force)`);
		await c.end();
	}
}

// ---------------------------------------------------------------------------------------------

function row(r: ScenarioResult): string {
	const db = r.database === 'sqlite' ? 'SQLite, 1 instance' : 'PostgreSQL, 2 instances (round-robin)';
	return (
		`| ${db} | ${r.rush.requestsPerSecond} | ${r.rush.latencyMs.p50} | ${r.rush.latencyMs.p99} | ` +
		`${r.healthz.requestsPerSecond} | ${r.bareNode.requestsPerSecond} | ` +
		`${Math.round(r.ratio * 100)} % (${r.ratio >= 0.5 ? 'met' : '**missed**'}) | ${Math.round(r.healthzVsBare * 100)} % | ` +
		`${r.verdict.confirmed} / ${r.verdict.waitlisted} | ${r.outbox.received} / ${r.outbox.queued} (${r.outbox.workers} worker${r.outbox.workers > 1 ? 's' : ''}, ${r.outbox.seconds} s) | ` +
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
	const md = path.join(root, 'BENCHMARKS.md');
	const lines = [
		BEGIN,
		'## Registration rush',
		'',
		`Distinct participants register for one ${CAPACITY}-seat session (no approval) as fast as the server ` +
			`answers, over real HTTP (\`POST /api/v1/sessions/{id}/registrations\`, each with its own API token; ` +
			`autocannon, ${CONNECTIONS} connections, ${SECONDS} s after a warm-up of /healthz and of the same route ` +
			'on a second session), against the built server on a fresh database. In the same run and for the same ' +
			'duration: `GET /healthz` (the baseline) and a bare `node:http` server (the cost of the stack). The ' +
			'instances run without their outbox worker; afterwards workers (two on PostgreSQL, two connection ' +
			'pools) send every queued message to a real SMTP receiver, and each must arrive exactly once. ' +
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
		'| Setup | Rush req/s | Rush p50 ms | Rush p99 ms | healthz req/s | bare node:http req/s | Rush / healthz | healthz / bare | Confirmed / waitlisted | Mail received / queued | Errors | Checks |',
		'| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |',
		...results.map(row),
		'',
		...results.filter((r) => !r.passed).map((r) => `- **${r.database} failed:** ${r.problems.join('; ')}`),
		END
	];
	const block = lines.join('\n');
	let text = fs.existsSync(md) ? fs.readFileSync(md, 'utf8') : '# Benchmarks\n';
	const start = text.indexOf(BEGIN);
	const end = text.indexOf(END);
	if (start >= 0 && end > start) text = text.slice(0, start) + block + text.slice(end + END.length);
	else text = text.trimEnd() + '\n\n' + block + '\n';
	// Formatted like the rest of the repository, so `npm run lint` (prettier --check) stays green.
	const options = (await prettier.resolveConfig(md)) ?? {};
	fs.writeFileSync(md, await prettier.format(text, { ...options, filepath: md }));
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
	const dir = path.join(root, 'bench', 'results');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `registration-rush-${date.slice(0, 10)}.json`);
	const json = JSON.stringify({
		date,
		machine: m,
		participants: PARTICIPANTS,
		seconds: SECONDS,
		capacity: CAPACITY,
		connections: CONNECTIONS,
		results
	});
	const jsonOptions = (await prettier.resolveConfig(file)) ?? {};
	fs.writeFileSync(file, await prettier.format(json, { ...jsonOptions, filepath: file }));
	await writeBenchmarksMd(date, results, m, file);

	section('Registration rush results');
	for (const r of results) {
		console.log(
			`${r.database} (${r.instances} instance${r.instances > 1 ? 's' : ''}): rush ${r.rush.requestsPerSecond} req/s ` +
				`(p50 ${r.rush.latencyMs.p50} ms, p99 ${r.rush.latencyMs.p99} ms), healthz ${r.healthz.requestsPerSecond} req/s ` +
				`(p50 ${r.healthz.latencyMs.p50} ms, p99 ${r.healthz.latencyMs.p99} ms), bare node ${r.bareNode.requestsPerSecond} req/s, ratio ${Math.round(r.ratio * 100)} %; ` +
				`mail ${r.outbox.received}/${r.outbox.queued} in ${r.outbox.seconds} s; ` +
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
