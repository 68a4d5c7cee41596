/**
 * CPU profile of the built server under load (for finding per-request costs; not a benchmark):
 * seeds a fresh SQLite rush database, starts `node --cpu-prof scripts/serve.mjs`, warms up, then
 * fires one target for PROFILE_SECONDS (default 8) with autocannon and stops the server, which
 * writes its .cpuprofile into PROFILE_DIR (default /tmp/klok-profile).
 *
 *   npx tsx bench/registration-rush/profile.ts rush|healthz|page
 *
 * `page` is a signed-in page (`/my` with a session cookie of a participant).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createDb } from '#lib/server/db/index.ts';
import { migrateToLatest } from '#lib/server/db/migrate.ts';
import { createSession } from '#lib/server/auth/session.service.ts';
import { root } from '../../scripts/lib.mjs';
import { seedRush } from './rush.ts';

const target = process.argv[2] ?? 'rush';
const seconds = Number(process.env.PROFILE_SECONDS ?? 8);
const outDir = process.env.PROFILE_DIR ?? '/tmp/klok-profile';
const port = Number(process.env.PORT ?? 3225);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klok-prof-'));
const file = path.join(dir, 'klok.sqlite');
const db = createDb({ sqlitePath: file });
await migrateToLatest(db);
const seed = await seedRush(db, { participants: 12000, capacity: 30 });
const cookie = (await createSession(db, seed.participants[0]!.personId, { days: 30 })).token;
await db.destroy();

fs.mkdirSync(outDir, { recursive: true });
const url = `http://127.0.0.1:${port}`;
const child = spawn(
	process.execPath,
	[`--cpu-prof`, `--cpu-prof-dir=${outDir}`, path.join(root, 'scripts', 'serve.mjs')],
	{
		cwd: root,
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: url,
			SQLITE_PATH: file,
			KLOK_NO_DEMO: '1',
			KLOK_OUTBOX: 'off',
			KLOK_REMINDERS: 'off'
		},
		stdio: 'inherit'
	}
);
for (let i = 0; i < 300; i++) {
	try {
		if ((await fetch(url + '/healthz')).ok) break;
	} catch {
		/* not yet */
	}
	await new Promise((r) => setTimeout(r, 100));
}
let next = 0;
const request = (sessionId: number): autocannon.Request => ({
	method: 'POST',
	path: `/api/v1/sessions/${sessionId}/registrations`,
	setupRequest: (req) => ({
		...req,
		headers: {
			authorization: `Bearer ${seed.participants[next++ % seed.participants.length]!.token}`,
			'content-type': 'application/json'
		},
		body: '{}'
	})
});
const requests: autocannon.Request[] =
	target === 'rush'
		? [request(seed.sessionId)]
		: target === 'page'
			? [{ method: 'GET', path: '/my', headers: { cookie: `klok_session=${cookie}` } }]
			: [{ method: 'GET', path: '/healthz' }];
await autocannon({
	url,
	connections: 50,
	duration: 2,
	requests: target === 'rush' ? [request(seed.warmSessionId)] : requests
});
const result = await autocannon({ url, connections: 50, duration: seconds, requests });
console.log(
	`${target}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`
);
const exited = new Promise((r) => child.once('exit', r));
child.kill('SIGTERM');
await exited;
fs.rmSync(dir, { recursive: true, force: true });
