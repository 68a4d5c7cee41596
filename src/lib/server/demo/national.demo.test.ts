import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import {
	createPostgresTestDatabase,
	createSqliteTestDatabase,
	testPostgresUrl,
	type TestDatabase
} from '../testing/db.ts';
import { checkCycleTotals, programmeIdsForTotals } from '../cycle/cycle.service.ts';
import { createDemo } from './demo.ts';
import { NATIONAL_FROM } from './national.demo.ts';

/** Just above the threshold, so the national catalogue is generated but the test stays quick. */
const PEOPLE = NATIONAL_FROM + 500;

/** What the national catalogue produced, in numbers that change when any row changes. */
async function snapshot(db: Db) {
	const byStatus = await db
		.selectFrom('registrations')
		.select([
			'status',
			(eb) => eb.fn.countAll<number>().as('n'),
			(eb) => eb.fn.sum<number>('personId').as('people'),
			(eb) => eb.fn.sum<number>('sessionId').as('sessions')
		])
		.groupBy('status')
		.orderBy('status')
		.execute();
	const sessions = await db
		.selectFrom('sessions')
		.select([
			(eb) => eb.fn.countAll<number>().as('n'),
			(eb) => eb.fn.sum<number>('capacity').as('capacity'),
			(eb) => eb.fn.sum<number>('confirmedCount').as('confirmed')
		])
		.executeTakeFirstOrThrow();
	const forms = await db
		.selectFrom('cycleForms')
		.select([
			(eb) => eb.fn.countAll<number>().as('n'),
			(eb) => eb.fn.count<number>('afterCompletedAt').as('after'),
			(eb) => eb.fn.sum<number>('hoursBefore').as('hoursBefore')
		])
		.executeTakeFirstOrThrow();
	const numbers = (o: Record<string, unknown>) =>
		Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : Number(v)]));
	return { byStatus: byStatus.map(numbers), sessions: numbers(sessions), forms: numbers(forms) };
}

const pgUrl = testPostgresUrl();

describe(`national demo (${PEOPLE} staff)`, () => {
	const opened: TestDatabase[] = [];
	afterAll(async () => {
		for (const t of opened) await t.destroy();
	});

	it('keeps the counters, the waitlists and the forms consistent, and is the same on every run and database', async () => {
		const a = await createSqliteTestDatabase();
		opened.push(a);
		// The twin run: on PostgreSQL when it is available (same data on both dialects), else SQLite again.
		const b = pgUrl ? await createPostgresTestDatabase(pgUrl) : await createSqliteTestDatabase();
		opened.push(b);
		await createDemo(a.db, { password: 'demo', people: PEOPLE });
		await createDemo(b.db, { password: 'demo', people: PEOPLE });

		for (const { db } of [a, b]) {
			const total = await db
				.selectFrom('registrations')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow();
			// About ten registrations per person, as in a national programme.
			expect(Number(total.n)).toBeGreaterThan(PEOPLE * 7);
			expect(Number(total.n)).toBeLessThan(PEOPLE * 14);

			// The kept 40-20-40 totals, filled in bulk, equal the raw rows.
			for (const p of await programmeIdsForTotals(db))
				expect((await checkCycleTotals(db, p)).mismatches).toEqual([]);

			// confirmed_count = seat-holding registrations, within capacity, for every session.
			const wrongCount = await db
				.selectFrom('sessions as s')
				.select('s.id')
				.where((eb) =>
					eb.or([
						eb('s.confirmedCount', '>', eb.ref('s.capacity')),
						eb(
							's.confirmedCount',
							'!=',
							eb
								.selectFrom('registrations as r')
								.select((e) => e.fn.countAll<number>().as('n'))
								.whereRef('r.sessionId', '=', 's.id')
								.where('r.status', 'in', ['confirmed', 'attended', 'absent'])
						)
					])
				)
				.execute();
			expect(wrongCount).toEqual([]);

			// Waitlist numbers 1..n, unique per session; the counter is the highest number.
			const waitlists = await db
				.selectFrom('registrations')
				.select([
					'sessionId',
					(eb) => eb.fn.countAll<number>().as('n'),
					(eb) => eb.fn.count<number>('waitlistSeq').distinct().as('distinct'),
					(eb) => eb.fn.min<number>('waitlistSeq').as('low'),
					(eb) => eb.fn.max<number>('waitlistSeq').as('high')
				])
				.where('status', '=', 'waitlisted')
				.groupBy('sessionId')
				.execute();
			expect(waitlists.length).toBeGreaterThan(0);
			for (const w of waitlists) {
				expect(Number(w.distinct)).toBe(Number(w.n));
				expect([Number(w.low), Number(w.high)]).toEqual([1, Number(w.n)]);
			}
			const highest = new Map(waitlists.map((w) => [w.sessionId, Number(w.high)]));
			const counters = await db.selectFrom('sessions').select(['id', 'waitlistCounter']).execute();
			const wrongCounters = counters.filter((c) => c.waitlistCounter !== (highest.get(c.id) ?? 0));
			expect(wrongCounters).toEqual([]);

			// 40-20-40 forms only on seat holders; the after part and "during" hours only when attended.
			const badForms = await db
				.selectFrom('cycleForms as f')
				.innerJoin('registrations as r', 'r.id', 'f.registrationId')
				.select('f.registrationId')
				.where((eb) =>
					eb.or([
						eb('r.status', 'not in', ['confirmed', 'attended', 'absent']),
						eb.and([eb('r.status', '!=', 'attended'), eb('f.afterCompletedAt', 'is not', null)]),
						eb.and([eb('r.status', '!=', 'attended'), eb('f.hoursDuring', 'is not', null)])
					])
				)
				.execute();
			expect(badForms).toEqual([]);
		}
		expect(await snapshot(b.db)).toEqual(await snapshot(a.db));
	}, 240_000);
});
