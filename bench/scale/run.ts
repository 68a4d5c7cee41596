/**
 * `npm run bench:scale`: a national programme (the demo at 100,000 staff: ~10,000 sessions,
 * ~1,000,000 registrations, ~1.7 M survey answers) served by the built app; every demo role
 * signs in and every page of its menu, the detail pages behind it and every report export
 * (src/lib/server/testing/scale-pages.ts, the same list as tests/http/scale.test.ts) is driven
 * by 50 concurrent users with autocannon. Per page: p50/p95/p99 latency, req/s, non-2xx and
 * errors; per setup: the server's peak RSS (VmRSS from /proc/<pid>/status, sampled every
 * 250 ms). Targets: p95 ≤ 100 ms per page, 0 non-2xx, RSS ≤ 300 MB.
 *
 * Setups: SQLite with one instance; PostgreSQL (when BENCH_DATABASE_URL or TEST_DATABASE_URL is
 * set) with two instances behind the round-robin proxy (bench/lib/proxy.ts).
 * Results: bench/results/scale-<date>.json and the table between the scale markers in BENCHMARKS.md.
 *
 * Flags: `--reuse` keeps the generated SQLite file (SCALE_SQLITE, default
 * <tmp>/klok-scale-<people>.sqlite) and uses it when it exists; `--sqlite-only`; `--no-write`
 * (print only). Environment: SCALE_PEOPLE (100000), SCALE_CONNECTIONS (50), SCALE_SECONDS per
 * page (3), SCALE_SLOW_MS (1000: a page slower than this alone is driven with fewer users, so
 * the run ends; the table says how many), SCALE_PORT (first of three ports to use; default any
 * free ones), BENCH_SKIP_BUILD=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createDb, type Db } from '#lib/server/db/index.ts';
import { migrateToLatest } from '#lib/server/db/migrate.ts';
import { createDemo, hasDemo } from '#lib/server/demo/demo.ts';
import { linksBehind, scalePages, type RolePages } from '#lib/server/testing/scale-pages.ts';
import { root, section } from '../../scripts/lib.mjs';
import { HttpClient } from '../../tests/support/client.ts';
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

const { values: flags } = parseArgs({
	options: {
		reuse: { type: 'boolean', default: false },
		'sqlite-only': { type: 'boolean', default: false },
		'no-write': { type: 'boolean', default: false }
	}
});
const PEOPLE = Number(process.env.SCALE_PEOPLE ?? 100_000);
const CONNECTIONS = Number(process.env.SCALE_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.SCALE_SECONDS ?? 3);
const SLOW_MS = Number(process.env.SCALE_SLOW_MS ?? 1000);
/** A slow page's load lasts about this long (users × its time alone), so the run ends. */
const SLOW_BUDGET_MS = 10_000;
/** A page that does not answer alone within this is not loaded further (an error). */
const PROBE_TIMEOUT_MS = Number(process.env.SCALE_PROBE_TIMEOUT_MS ?? 20_000);
const TARGET_P95 = 100;
const TARGET_RSS_MB = 300;
const PASSWORD = process.env.KLOK_DEMO_PASSWORD ?? 'demo';
const pgServerUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || '';
/** First of the ports to use (the app, or the proxy and the two instances on PostgreSQL); 0 = any free ones. */
const BASE_PORT = Number(process.env.SCALE_PORT ?? 0);
const port = (offset: number) => (BASE_PORT ? BASE_PORT + offset : undefined);
const sqliteFile = process.env.SCALE_SQLITE ?? path.join(os.tmpdir(), `klok-scale-${PEOPLE}.sqlite`);

interface PageResult {
	role: string;
	path: string;
	/** Concurrent users actually used (fewer than CONNECTIONS for a page slower than SLOW_MS alone). */
	users: number;
	/** One request alone, before the load (cold for the page). */
	firstMs: number;
	requests: number;
	requestsPerSecond: number;
	latencyMs: { p50: number; p95: number; p99: number; max: number };
	non2xx: number;
	errors: number;
	statusCodes: Record<string, number>;
	/** First lines the server logged for a failing answer (a stack trace). */
	log?: string;
	/** No answer within the probe timeout; the server was restarted afterwards. */
	timedOut?: boolean;
	/** The largest server's RSS right after the page's load (which page makes memory grow). */
	rssMb?: number;
}

interface SetupResult {
	database: 'sqlite' | 'postgres';
	instances: number;
	generation: { seconds: number; reused: boolean };
	pages: PageResult[];
	rssMaxMb: number;
	rssStartMb: number;
}

// ---- the database ------------------------------------------------------------------------------

async function generate(db: Db): Promise<number> {
	await migrateToLatest(db);
	if (await hasDemo(db)) return 0;
	const started = performance.now();
	await createDemo(db, { people: PEOPLE, password: PASSWORD });
	return (performance.now() - started) / 1000;
}

// ---- RSS ---------------------------------------------------------------------------------------

function rssMb(pid: number): number {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
		return kb / 1024;
	} catch {
		return 0;
	}
}

/** Samples the servers' RSS until stopped; `max()` is the highest single-process value seen. */
function sampleRss(apps: App[]) {
	let max = 0;
	const tick = () => {
		for (const a of apps) if (a.child.pid) max = Math.max(max, rssMb(a.child.pid));
	};
	tick();
	const timer = setInterval(tick, 250);
	return {
		max: () => (tick(), max),
		stop: () => clearInterval(timer)
	};
}

async function killApp(app: App): Promise<void> {
	if (app.child.exitCode !== null || app.child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => app.child.once('exit', () => resolve()));
	app.child.kill('SIGKILL');
	await exited;
}

// ---- driving pages -------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function drive(url: string, role: string, pagePath: string, cookie: string, apps: App[]) {
	const headers = { cookie, accept: 'text/html', 'accept-language': 'sv' };
	const before = apps.map((a) => a.output().length);
	const probe = async (target: string) => {
		try {
			const res = await fetch(url + target, {
				headers,
				redirect: 'manual',
				signal: AbortSignal.timeout(PROBE_TIMEOUT_MS)
			});
			await res.arrayBuffer();
			return res;
		} catch {
			return null;
		}
	};
	let t0 = performance.now();
	let first = await probe(pagePath);
	// A menu entry that leads on (/plans/me → the person's plan) is measured at its target.
	const location = first?.headers.get('location');
	if (
		first &&
		first.status >= 300 &&
		first.status < 400 &&
		location?.startsWith('/') &&
		!location.startsWith('/sign-in')
	) {
		pagePath = location;
		t0 = performance.now();
		first = await probe(pagePath);
	}
	const firstMs = performance.now() - t0;
	if (!first) {
		// Slower than the probe timeout alone: not loaded further, counted as an error (and the
		// caller restarts the server, whose abandoned requests would otherwise delay the next pages).
		console.log(`  ${role.padEnd(11)} ${pagePath.padEnd(48)} no answer within ${PROBE_TIMEOUT_MS} ms`);
		return {
			role,
			path: pagePath,
			users: 1,
			firstMs: round(firstMs, 1),
			requests: 0,
			requestsPerSecond: 0,
			latencyMs: {
				p50: round(firstMs, 1),
				p95: round(firstMs, 1),
				p99: round(firstMs, 1),
				max: round(firstMs, 1)
			},
			non2xx: 0,
			errors: 1,
			statusCodes: { timeout: 1 },
			timedOut: true
		} satisfies PageResult;
	}
	const users =
		firstMs > SLOW_MS
			? Math.max(2, Math.min(CONNECTIONS, Math.floor(SLOW_BUDGET_MS / firstMs)))
			: CONNECTIONS;
	const times: number[] = [];
	// Without a callback autocannon returns its instance, which is also a promise of the result.
	const instance = autocannon({
		url: url + pagePath,
		connections: users,
		...(firstMs > SLOW_MS ? { amount: users } : { duration: SECONDS }),
		timeout: 120,
		headers
	}) as unknown as autocannon.Instance & Promise<autocannon.Result>;
	instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
	const result = await instance;
	times.sort((a, b) => a - b);
	const statusCodes: Record<string, number> = {};
	for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
		statusCodes[code] = (stat as { count: number }).count;
	const requests = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
	const page: PageResult = {
		role,
		path: pagePath,
		users,
		firstMs: round(firstMs, 1),
		requests,
		requestsPerSecond: round(requests / Math.max(result.duration, 0.001), 1),
		latencyMs: {
			p50: round(percentile(times, 50), 1),
			p95: round(percentile(times, 95), 1),
			p99: round(percentile(times, 99), 1),
			max: round(times.at(-1) ?? 0, 1)
		},
		non2xx: result.non2xx + (first.status >= 300 ? 1 : 0),
		errors: result.errors + result.timeouts,
		statusCodes
	};
	if (first.status >= 300) statusCodes[String(first.status)] = (statusCodes[String(first.status)] ?? 0) + 1;
	if (page.non2xx > 0) {
		const log = apps
			.map((a, i) => a.output().slice(before[i]))
			.join('\n')
			.trim()
			.split('\n')
			.slice(0, 8)
			.join(' ⏎ ');
		if (log) page.log = log.slice(0, 600);
	}
	const mark = page.non2xx + page.errors > 0 ? ' NON-2XX' : page.latencyMs.p95 > TARGET_P95 ? ' slow' : '';
	console.log(
		`  ${role.padEnd(11)} ${pagePath.padEnd(48)} first ${Math.round(firstMs)} ms, ${users} users: ` +
			`p50 ${page.latencyMs.p50} p95 ${page.latencyMs.p95} p99 ${page.latencyMs.p99} ms, ` +
			`${page.requestsPerSecond} req/s${mark}`
	);
	return page;
}

async function signIn(url: string, email: string): Promise<string> {
	const client = new HttpClient(url);
	await client.signIn(email, PASSWORD);
	return `klok_session=${client.cookies.get('klok_session')}`;
}

/** Restarts the servers (same database, same sessions) after a page left them busy. */
type Restart = () => Promise<void>;

async function driveAll(
	url: string,
	roles: RolePages[],
	apps: App[],
	restart: Restart
): Promise<PageResult[]> {
	const results: PageResult[] = [];
	for (const r of roles) {
		const cookie = await signIn(url, r.email);
		const queue = [...r.paths];
		for (let i = 0; i < queue.length; i++) {
			const pagePath = queue[i]!;
			// Pages that lead on (linksBehind): the reports' exports, the funder report and its files, the dashboards.
			if (/^\/(?:reports(?:\/funder(?:\/\d+)?)?|learning)$/.test(pagePath)) {
				const res = await fetch(url + pagePath, {
					headers: { cookie },
					redirect: 'manual',
					signal: AbortSignal.timeout(PROBE_TIMEOUT_MS)
				}).catch(() => null);
				const html = await res?.text().catch(() => '');
				for (const link of linksBehind(pagePath, html ?? '')) if (!queue.includes(link)) queue.push(link);
				if (!res) await restart();
			}
			const page = await drive(url, r.role, pagePath, cookie, apps);
			page.rssMb = round(Math.max(...apps.map((a) => (a.child.pid ? rssMb(a.child.pid) : 0))), 0);
			results.push(page);
			if (page.timedOut) await restart();
		}
	}
	return results;
}

// ---- setups --------------------------------------------------------------------------------------

async function runSqlite(): Promise<SetupResult> {
	section(`SQLite, one instance: the demo at ${PEOPLE.toLocaleString('en')} staff`);
	const reused = flags.reuse && fs.existsSync(sqliteFile);
	if (!reused) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(sqliteFile + suffix, { force: true });
	const db = createDb({ sqlitePath: sqliteFile });
	let app: App | undefined;
	try {
		const seconds = await generate(db);
		console.log(reused ? `Reusing ${sqliteFile}` : `Generated ${sqliteFile} in ${round(seconds, 1)} s`);
		const roles = await scalePages(db);
		const env = { SQLITE_PATH: sqliteFile, KLOK_REMINDERS: 'off' };
		app = await startApp(env, undefined, port(0));
		const apps = [app];
		const rss = sampleRss(apps);
		const rssStartMb = round(rss.max(), 0);
		const pages = await driveAll(app.url, roles, apps, async () => {
			rss.max();
			const same = Number(new URL(apps[0]!.url).port);
			await killApp(apps[0]!);
			apps[0] = app = await startApp(env, undefined, same);
		});
		const rssMaxMb = round(rss.max(), 0);
		rss.stop();
		return {
			database: 'sqlite',
			instances: 1,
			generation: { seconds: round(seconds, 1), reused },
			pages,
			rssMaxMb,
			rssStartMb
		};
	} finally {
		if (app) await stopApp(app);
		await db.destroy();
		if (!flags.reuse)
			for (const suffix of ['', '-wal', '-shm']) fs.rmSync(sqliteFile + suffix, { force: true });
	}
}

async function runPostgres(serverUrl: string): Promise<SetupResult> {
	section(`PostgreSQL, two instances behind round-robin: the demo at ${PEOPLE.toLocaleString('en')} staff`);
	const scratch = await createScratchPostgres(serverUrl, 'klok_scale');
	const db = createDb({ databaseUrl: scratch.url, poolSize: 4 });
	const apps: App[] = [];
	let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>> | undefined;
	try {
		const seconds = await generate(db);
		console.log(`Generated in ${round(seconds, 1)} s`);
		const roles = await scalePages(db);
		const proxyPort = port(0) ?? (await freePort());
		const origin = `http://127.0.0.1:${proxyPort}`;
		apps.push(
			...(await Promise.all(
				[1, 2].map((i) => startApp({ DATABASE_URL: scratch.url, KLOK_REMINDERS: 'off' }, origin, port(i)))
			))
		);
		proxy = await startRoundRobinProxy(
			apps.map((a) => a.url),
			proxyPort
		);
		const rss = sampleRss(apps);
		const rssStartMb = round(rss.max(), 0);
		const pgEnv = { DATABASE_URL: scratch.url, KLOK_REMINDERS: 'off' };
		const pages = await driveAll(proxy.url, roles, apps, async () => {
			rss.max();
			for (const [i, a] of apps.entries()) {
				const same = Number(new URL(a.url).port);
				await killApp(a);
				apps[i] = await startApp(pgEnv, origin, same);
			}
		});
		const rssMaxMb = round(rss.max(), 0);
		rss.stop();
		return {
			database: 'postgres',
			instances: 2,
			generation: { seconds: round(seconds, 1), reused: false },
			pages,
			rssMaxMb,
			rssStartMb
		};
	} finally {
		await proxy?.close();
		await Promise.all(apps.map(stopApp));
		await db.destroy();
		await scratch.drop();
	}
}

// ---- report --------------------------------------------------------------------------------------

const BEGIN = '<!-- scale:begin -->';
const END = '<!-- scale:end -->';

const pageOk = (p: PageResult) => p.latencyMs.p95 <= TARGET_P95 && p.non2xx === 0 && p.errors === 0;

function tableLines(r: SetupResult): string[] {
	const setup = r.database === 'sqlite' ? 'SQLite, 1 instance' : 'PostgreSQL, 2 instances (round-robin)';
	const failing = r.pages.filter((p) => !pageOk(p)).length;
	return [
		`### ${setup}`,
		'',
		`Demo generated in ${r.generation.reused ? 'an earlier run (reused file)' : `${r.generation.seconds} s`}. ` +
			`Server RSS: ${r.rssStartMb} MB at the start, ${r.rssMaxMb} MB at most ` +
			`(${r.rssMaxMb <= TARGET_RSS_MB ? 'met' : 'missed'}; target ≤ ${TARGET_RSS_MB} MB). ` +
			`${r.pages.length - failing} of ${r.pages.length} pages meet p95 ≤ ${TARGET_P95} ms with 0 non-2xx.`,
		'',
		'| Role | Page | Users | First ms | Requests | req/s | p50 ms | p95 ms | p99 ms | Non-2xx | Errors | RSS after MB | Target |',
		'| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |',
		...r.pages.map(
			(p) =>
				`| ${p.role} | \`${p.path.replace(/\|/g, '\\|')}\` | ${p.users} | ${Math.round(p.firstMs)} | ${p.requests} | ` +
				`${p.requestsPerSecond} | ${p.latencyMs.p50} | ${p.latencyMs.p95} | ${p.latencyMs.p99} | ` +
				`${p.non2xx}${
					p.non2xx
						? ` (${Object.keys(p.statusCodes)
								.filter((c) => !c.startsWith('2'))
								.join(', ')})`
						: ''
				} | ` +
				`${p.errors} | ${p.rssMb ?? ''} | ${pageOk(p) ? 'met' : 'missed'} |`
		),
		''
	];
}

async function main() {
	const m = machine();
	await buildIfStale();
	const results: SetupResult[] = [await runSqlite()];
	if (pgServerUrl && !flags['sqlite-only']) results.push(await runPostgres(pgServerUrl));
	else if (!pgServerUrl)
		console.warn('\n!!! BENCH_DATABASE_URL / TEST_DATABASE_URL not set: the PostgreSQL run is SKIPPED.\n');

	const date = new Date().toISOString();
	section('National scale results (worst p95 first)');
	for (const r of results) {
		console.log(`${r.database}: RSS max ${r.rssMaxMb} MB`);
		for (const p of [...r.pages].sort((a, b) => b.latencyMs.p95 - a.latencyMs.p95).slice(0, 10))
			console.log(
				`  ${p.role.padEnd(11)} ${p.path.padEnd(48)} p95 ${p.latencyMs.p95} ms` +
					(p.non2xx ? `, ${p.non2xx} non-2xx ${JSON.stringify(p.statusCodes)}` : '')
			);
	}
	if (flags['no-write']) return;
	const file = await writeResultsJson('scale', date, {
		date,
		machine: m,
		people: PEOPLE,
		connections: CONNECTIONS,
		secondsPerPage: SECONDS,
		slowMs: SLOW_MS,
		results
	});
	await writeBenchmarksSection(BEGIN, END, [
		'## National scale: every page at 100,000 people',
		'',
		`The demo generated for ${PEOPLE.toLocaleString('en')} staff (\`demo --people ${PEOPLE}\`: ~10,000 sessions, ` +
			'~1,000,000 registrations with attendance and 40-20-40 forms, plans, processes, logbook, ~1.7 M survey answers) ' +
			'and served by the built app. Every demo role signs in through the form; every page of its menu ' +
			'(the navigation model), the busiest activity, session, process and survey results, a 40-20-40 form, ' +
			`a trainer's attendance list and every report export are each driven by ${CONNECTIONS} concurrent users ` +
			`for ${SECONDS} s (autocannon). "First ms" is one request alone before the load; a page slower than ` +
			`${SLOW_MS} ms alone is driven with fewer users (the Users column, one request each) so the run ends, ` +
			`and one that does not answer alone within ${PROBE_TIMEOUT_MS / 1000} s counts as an error ` +
			'(p50–p99 show that wait; the server is restarted after it so the next pages are measured apart). ' +
			`Targets: p95 ≤ ${TARGET_P95} ms for every page, 0 non-2xx, 0 errors, server RSS ≤ ${TARGET_RSS_MB} MB ` +
			'(VmRSS sampled every 250 ms). Run it with `npm run bench:scale` (`-- --reuse` keeps and reuses the ' +
			'generated SQLite file; PostgreSQL with two instances too when `BENCH_DATABASE_URL` or ' +
			'`TEST_DATABASE_URL` is set).',
		'',
		`Last run: ${date}, ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; ` +
			`load average ${m.loadAverage} at the start (other work on the machine skews the numbers). ` +
			`Raw results: \`${path.relative(root, file)}\`.`,
		'',
		...results.flatMap(tableLines)
	]);
	console.log(`\nWrote ${path.relative(root, file)} and BENCHMARKS.md`);
	const passed = results.every((r) => r.rssMaxMb <= TARGET_RSS_MB && r.pages.every(pageOk));
	process.exit(passed ? 0 : 1);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
