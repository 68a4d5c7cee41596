/**
 * CPU profile of one page of a big demo under load (for finding where a slow page's time goes;
 * not a benchmark): starts `node --cpu-prof scripts/serve.mjs` on a COPY of a demo SQLite file,
 * signs a demo role in (a session row, as the sign-in form would make), fires the page with
 * autocannon for PROFILE_SECONDS (default 5) over 20 connections, stops the server and prints
 * the self time grouped by where it was spent (our source files, each package, node internals,
 * GC), the top functions, and the statements that took the most time in all (the server's
 * slow-query log at 0 ms, summed per SQL text).
 *
 *   SQLITE_PATH=/tmp/copy-of-k100.sqlite npx tsx bench/scale/profile-page.ts office /units
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createDb } from '#lib/server/db/index.ts';
import { createSession } from '#lib/server/auth/session.service.ts';
import { startApp, stopApp } from '../lib/app.ts';

const [role = 'office', page = '/'] = process.argv.slice(2);
const seconds = Number(process.env.PROFILE_SECONDS ?? 5);
const outDir = fs.mkdtempSync('/tmp/klok-page-prof-');
const port = Number(process.env.PORT ?? 3226);
const file = process.env.SQLITE_PATH;
if (!file || !fs.existsSync(file)) throw new Error('SQLITE_PATH must name a copy of a demo database');

const db = createDb({ sqlitePath: file });
const person = await db
	.selectFrom('people')
	.select('id')
	.where('email', '=', `${role}@demo.klok`)
	.executeTakeFirstOrThrow();
const cookie = (await createSession(db, person.id, { days: 1 })).token;
await db.destroy();

const app = await startApp(
	{ SQLITE_PATH: file, KLOK_OUTBOX: 'off', KLOK_REMINDERS: 'off', SLOW_QUERY_MS: '0' },
	undefined,
	port,
	['--cpu-prof', `--cpu-prof-dir=${outDir}`]
);
const url = app.url;
/** Per SQL text: how often it ran during the measured run and for how long in all. */
const statements = new Map<string, { n: number; ms: number }>();
let measuring = false;
let pending = '';
app.child.stderr!.on('data', (chunk: Buffer) => {
	pending += chunk.toString();
	const lines = pending.split('\n');
	pending = lines.pop() ?? '';
	for (const line of lines) {
		if (!line.startsWith('{"slowQuery"')) {
			if (line.trim()) console.error(line);
			continue;
		}
		if (!measuring) continue;
		const q = JSON.parse(line) as { slowQuery: number; sql: string };
		const s = statements.get(q.sql) ?? { n: 0, ms: 0 };
		s.n++;
		s.ms += q.slowQuery;
		statements.set(q.sql, s);
	}
});
const headers = { cookie: `klok_session=${cookie}` };
const first = performance.now();
const res = await fetch(url + page, { headers, redirect: 'manual' });
const bytes = (await res.arrayBuffer()).byteLength;
console.log(
	`${role} ${page}: ${res.status}, ${bytes} bytes, first ${Math.round(performance.now() - first)} ms`
);
// Warm up (route chunks load on first use; their compile time is not the page's cost).
await autocannon({ url: url + page, connections: 5, amount: 20, headers });
measuring = true;
const result = await autocannon({
	url: url + page,
	connections: 20,
	duration: seconds,
	headers
});
console.log(
	`${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`
);
measuring = false;
await stopApp(app);
const perPage = Math.max(1, result.requests.total);
// The whole statements, for EXPLAIN QUERY PLAN.
fs.writeFileSync(
	path.join(os.tmpdir(), 'klok-page-statements.json'),
	JSON.stringify(
		[...statements.entries()].map(([text, s]) => ({ ...s, sql: text })),
		null,
		1
	)
);
console.log(`\nStatements by total time (ms per page view, runs per page view, SQL):`);
for (const [text, s] of [...statements.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12))
	console.log(
		`  ${(s.ms / perPage).toFixed(2).padStart(8)}  ${(s.n / perPage).toFixed(1).padStart(5)}×  ${text.slice(0, 300)}`
	);

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
}
const profileFile = fs.readdirSync(outDir).find((f) => f.endsWith('.cpuprofile'));
if (!profileFile) throw new Error('no profile written');
const profile = JSON.parse(fs.readFileSync(path.join(outDir, profileFile), 'utf8')) as {
	nodes: ProfileNode[];
	samples: number[];
};
const hits = new Map<number, number>();
for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
const total = profile.samples.length;

/** Where a frame's code lives: a package, one of our files, node itself, or the engine. */
function bucket(u: string, name: string): string {
	if (!u) return name.startsWith('(') ? name : '(native)';
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
	if (pkg) return pkg[1]!;
	if (u.startsWith('node:')) return 'node:' + u.slice(5).split('/')[0];
	const ours = /\/build\/(?:server\/)?(.*)$/.exec(u);
	return ours ? 'build/' + ours[1] : u;
}
const byBucket = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const n of profile.nodes) {
	const h = hits.get(n.id) ?? 0;
	if (!h) continue;
	const b = bucket(n.callFrame.url, n.callFrame.functionName);
	byBucket.set(b, (byBucket.get(b) ?? 0) + h);
	const f = `${n.callFrame.functionName || '(anonymous)'} ${b}:${n.callFrame.lineNumber + 1}`;
	byFunction.set(f, (byFunction.get(f) ?? 0) + h);
}
const top = (m: Map<string, number>, k: number) =>
	[...m.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, k)
		.map(([name, h]) => `  ${((100 * h) / total).toFixed(1).padStart(5)} %  ${name}`)
		.join('\n');
console.log(`\nSelf time by place (${total} samples):\n${top(byBucket, 20)}`);
console.log(`\nTop functions:\n${top(byFunction, 25)}`);
fs.rmSync(outDir, { recursive: true, force: true });
