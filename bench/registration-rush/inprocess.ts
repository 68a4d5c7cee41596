/**
 * The registration path in-process, without HTTP (for profiling, not a benchmark): seeds a
 * fresh SQLite (or DATABASE_URL) rush database and runs the request's steps for N participants
 * one after the other: token → actor, then `register`. Prints the mean cost of each step.
 *
 *   npx tsx bench/registration-rush/inprocess.ts [N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '#lib/server/db/index.ts';
import { migrateToLatest } from '#lib/server/db/migrate.ts';
import { authenticateApiToken } from '#lib/server/auth/api-token.service.ts';
import { loadActor } from '#lib/server/people/people.service.ts';
import { register } from '#lib/server/registrations/registrations.service.ts';
import { seedRush } from './rush.ts';

const n = Number(process.argv[2] ?? 2000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klok-inproc-'));
const db = process.env.DATABASE_URL
	? createDb({ databaseUrl: process.env.DATABASE_URL })
	: createDb({ sqlitePath: path.join(dir, 'klok.sqlite') });
await migrateToLatest(db);
const seed = await seedRush(db, { participants: n + 200, capacity: 30 });
const t = { token: 0, actor: 0, register: 0 };
for (let i = 0; i < n + 200; i++) {
	const p = seed.participants[i]!;
	const a = performance.now();
	const personId = await authenticateApiToken(db, p.token);
	const b = performance.now();
	const actor = await loadActor(db, personId!);
	const c = performance.now();
	await register(db, actor!, i < 200 ? seed.warmSessionId : seed.sessionId);
	const d = performance.now();
	if (i >= 200) {
		t.token += b - a;
		t.actor += c - b;
		t.register += d - c;
	}
}
const ms = (v: number) => (v / n).toFixed(3);
console.log(
	`per registration: token ${ms(t.token)} ms, actor ${ms(t.actor)} ms, register ${ms(t.register)} ms`
);
await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });
