/**
 * The pages that share the funder report's memoised goal table over real HTTP (issue 12): the
 * built server on a copy of a big demo database, per reader and page the first view, a second
 * one alone, then 50 concurrent users for 5 s (autocannon). Writes to the database (the server
 * migrates it): use a copy. Build first (`npx vite build`, or run bench/funder/http.ts).
 *
 *   SQLITE_PATH=/tmp/funder-k100.sqlite npx tsx bench/funder/goals-http.ts
 */
import autocannon from 'autocannon';
import { HttpClient } from '../../tests/support/client.ts';
import { startApp, stopApp } from '../lib/app.ts';
const sqlitePath = process.env.SQLITE_PATH;
if (!sqlitePath) throw new Error('SQLITE_PATH: a copy of a big demo database (it is written to)');
const PASSWORD = process.env.KLOK_DEMO_PASSWORD ?? 'demo';
const app = await startApp({ SQLITE_PATH: sqlitePath });
try {
	for (const [user, path] of [
		['office', '/goals'],
		['steering', '/goals'],
		['steering', '/steering'],
		['office', '/reports/funder/1']
	] as const) {
		const client = new HttpClient(app.url);
		await client.signIn(`${user}@demo.klok`, PASSWORD);
		const t0 = performance.now();
		const r = await client.get(path);
		const body = await r.text();
		const first = performance.now() - t0;
		const t1 = performance.now();
		await (await client.get(path)).text();
		const second = performance.now() - t1;
		const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		const res = await autocannon({
			url: app.url + path,
			connections: 50,
			duration: 5,
			headers: { cookie, accept: 'text/html', 'accept-language': 'sv' }
		});
		console.log(
			`${user} ${path}: status ${r.status}, ${body.length} B, first ${first.toFixed(0)} ms, second ${second.toFixed(0)} ms; 50 users p50 ${res.latency.p50} p97.5 ${res.latency.p97_5} p99 ${res.latency.p99} ms, ${res.requests.average} req/s, non2xx ${res.non2xx}`
		);
	}
} finally {
	await stopApp(app);
}
