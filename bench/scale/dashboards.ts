/**
 * `tsx bench/scale/dashboards.ts <file.sqlite>`: times the learning-environment dashboards
 * (issue 10) on a copy of the 100,000-person demo (`npm run klok -- demo --people 100000`):
 * the office's and the steering group's `programmeDashboard` and the biggest workplace's
 * `unitDashboard`. Per call: the first (cold) run and the median of the next RUNS, and the
 * size of the answer as JSON (what the page and the API carry). Uses only the functions'
 * long-standing signatures, so the same file measures the code before and after a change.
 * Never point it at a pristine file: with MIGRATE=1 it brings the schema to the latest.
 */
import { sql } from 'kysely';
import { createDb } from '#lib/server/db/index.ts';
import { migrateToLatest } from '#lib/server/db/migrate.ts';
import { loadActor } from '#lib/server/people/actor.ts';
import { programmeDashboard, unitDashboard } from '#lib/server/dashboards/dashboards.service.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: tsx bench/scale/dashboards.ts <file.sqlite>');
const RUNS = Number(process.env.RUNS ?? 5);
const db = createDb({ sqlitePath: file });
if (process.env.MIGRATE === '1') await migrateToLatest(db);

const programme = await db.selectFrom('programmes').select('id').orderBy('id').executeTakeFirstOrThrow();
const roleHolder = async (role: 'office' | 'steering') =>
	(
		await db
			.selectFrom('roleAssignments')
			.select('personId')
			.where('role', '=', role)
			.where('programmeId', '=', programme.id)
			.orderBy('personId')
			.executeTakeFirstOrThrow()
	).personId;
const office = (await loadActor(db, await roleHolder('office')))!;
const steering = (await loadActor(db, await roleHolder('steering')))!;
// The workplace with the most people, its teams included.
const big = await sql<{ id: number; n: number }>`
	select w.id, count(*) as n from units w
	join units u on u.id = w.id or u.parent_id = w.id
	join people p on p.unit_id = u.id
	where w.programme_id = ${programme.id} and w.kind = 'workplace'
	group by w.id order by n desc limit 1`.execute(db);
const unitId = Number(big.rows[0]!.id);

async function time(label: string, work: () => Promise<unknown>) {
	const t0 = performance.now();
	const first = await work();
	const cold = performance.now() - t0;
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t = performance.now();
		await work();
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	const median = times[Math.floor(times.length / 2)]!;
	const kb = Buffer.byteLength(JSON.stringify(first)) / 1024;
	console.log(
		`${label.padEnd(34)} first ${cold.toFixed(0).padStart(6)} ms  median ${median.toFixed(0).padStart(6)} ms  ${kb.toFixed(0).padStart(6)} KB`
	);
}

const people = await db
	.selectFrom('people')
	.select(sql<number>`count(*)`.as('n'))
	.executeTakeFirstOrThrow();
console.log(`${file}: ${people.n} people; unit ${unitId} has ${big.rows[0]!.n}`);
await time('programmeDashboard (office)', () => programmeDashboard(db, office, programme.id));
await time('programmeDashboard (steering)', () => programmeDashboard(db, steering, programme.id));
await time('unitDashboard (biggest workplace)', () => unitDashboard(db, office, unitId));
await db.destroy();
