/**
 * The funder report over real HTTP on a big SQLite demo database (issue 12): the built server
 * (`startApp`, as `npm start` runs it) on a copy of the database, the office signed in, the
 * latest funder report's page, PDF and XLSX. Per URL: the first request alone after the
 * programme's memoised figures were dropped (cold), the median of 10 alone after it (warm), then
 * 50 concurrent users for 5 s (autocannon): p50/p95/p99 and req/s, as bench:scale drives pages.
 * Writes to the database (the server migrates it; exports are audited): use a copy.
 *
 *   SQLITE_PATH=/tmp/funder-k100.sqlite npx tsx bench/funder/http.ts
 */
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import { HttpClient } from '../../tests/support/client.ts';
import { buildIfStale, round, startApp, stopApp } from '../lib/app.ts';

const path = process.env.SQLITE_PATH;
if (!path) throw new Error('SQLITE_PATH: a copy of a big demo database (it is written to)');
const CONNECTIONS = Number(process.env.FUNDER_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.FUNDER_SECONDS ?? 5);
const PASSWORD = process.env.KLOK_DEMO_PASSWORD ?? 'demo';

await buildIfStale();
const app = await startApp({ SQLITE_PATH: path });
try {
	const client = new HttpClient(app.url);
	await client.signIn('office@demo.klok', PASSWORD);
	const list = await (await client.get('/reports/funder')).text();
	const reportPath = /href="(\/reports\/funder\/\d+)"/.exec(list)?.[1];
	if (!reportPath) throw new Error('no funder report on /reports/funder');
	const page = await (await client.get(reportPath)).text();
	const exports = [
		...new Set(
			[...page.matchAll(/href="(\/reports\/funder\/\d+\/export\?format=(?:pdf|xlsx)[^"]*)"/g)].map(
				(m) => m[1]!
			)
		)
	].map((href) => href.replaceAll('&amp;', '&'));
	const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	const headers = { cookie, accept: 'text/html', 'accept-language': 'sv' };

	/** Drops every memoised figure (as a data change would make them stale). */
	const dropCache = () => {
		const raw = new SQLite(path);
		try {
			raw.prepare('delete from report_cache').run();
		} finally {
			raw.close();
		}
	};
	const once = async (url: string) => {
		const t0 = performance.now();
		const res = await fetch(app.url + url, { headers, redirect: 'manual' });
		await res.arrayBuffer();
		if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
		return performance.now() - t0;
	};
	const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

	console.log(`${path}: ${reportPath}, ${CONNECTIONS} users × ${SECONDS} s`);
	const only = process.env.FUNDER_ONLY; // e.g. "pdf": the URLs containing it
	const urls = ['/healthz', '/reports/funder', reportPath, ...exports].filter(
		(u) => !only || u.includes(only)
	);
	for (const url of urls) {
		// Baselines: the health check (what the machine gives any request right now) and the
		// list of reports (an app page: session, layout, a small query).
		if (url !== '/healthz' && !process.env.FUNDER_KEEP_CACHE) dropCache();
		const cold = await once(url);
		const warm: number[] = [];
		for (let i = 0; i < 10; i++) warm.push(await once(url));
		const times: number[] = [];
		const instance = autocannon({
			url: app.url + url,
			connections: CONNECTIONS,
			duration: SECONDS,
			timeout: 60,
			headers
		}) as unknown as autocannon.Instance & Promise<autocannon.Result>;
		instance.on('response', (_c: unknown, _s: number, _b: number, ms: number) => times.push(ms));
		const r = await instance;
		times.sort((a, b) => a - b);
		const pct = (p: number) =>
			round(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? 0, 1);
		console.log(
			`${url.padEnd(48)} cold ${Math.round(cold)} ms, warm ${round(median(warm), 1)} ms; ` +
				`${CONNECTIONS} users: p50 ${pct(50)} p95 ${pct(95)} p99 ${pct(99)} ms, ` +
				`${round(r.requests.total / r.duration, 1)} req/s, non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts}`
		);
	}
} finally {
	await stopApp(app);
}
