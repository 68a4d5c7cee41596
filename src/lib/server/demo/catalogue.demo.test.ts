import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import {
	createPostgresTestDatabase,
	createSqliteTestDatabase,
	testPostgresUrl,
	type TestDatabase
} from '../testing/db.ts';
import { createDemo } from './demo.ts';

/** Everything the catalogue demo wrote, without ids (people by e-mail, sessions by activity and time). */
async function snapshot(db: Db) {
	const activities = await db
		.selectFrom('activities')
		.leftJoin('tracks', 'tracks.id', 'activities.trackId')
		.select([
			'activities.title',
			'activities.type',
			'activities.learningForm',
			'tracks.name as track',
			'activities.interestOnly'
		])
		.orderBy('activities.title')
		.execute();
	const sessions = await db
		.selectFrom('sessions')
		.innerJoin('activities', 'activities.id', 'sessions.activityId')
		.select([
			'activities.title as activity',
			'sessions.title',
			'sessions.startsAt',
			'sessions.endsAt',
			'sessions.capacity',
			'sessions.hours',
			'sessions.status',
			'sessions.requiresApproval',
			'sessions.confirmedCount',
			'sessions.waitlistCounter',
			'sessions.recordingUrl'
		])
		.orderBy('sessions.startsAt')
		.orderBy('activities.title')
		.execute();
	const registrations = await db
		.selectFrom('registrations')
		.innerJoin('sessions', 'sessions.id', 'registrations.sessionId')
		.innerJoin('activities', 'activities.id', 'sessions.activityId')
		.innerJoin('people', 'people.id', 'registrations.personId')
		.select([
			'activities.title as activity',
			'sessions.startsAt',
			'people.email',
			'registrations.status',
			'registrations.waitlistSeq',
			'registrations.hoursCredited',
			'registrations.declineReason',
			'registrations.requestedAt'
		])
		.orderBy('sessions.startsAt')
		.orderBy('activities.title')
		.orderBy('people.email')
		.execute();
	return { activities, sessions, registrations };
}

const pgUrl = testPostgresUrl();
const makers: [string, () => Promise<TestDatabase>][] = [['sqlite', createSqliteTestDatabase]];
if (pgUrl) makers.push(['postgres', () => createPostgresTestDatabase(pgUrl)]);

for (const [dialect, make] of makers) {
	describe(`demo catalogue [${dialect}]`, () => {
		const opened: TestDatabase[] = [];
		afterAll(async () => {
			for (const t of opened) await t.destroy();
		});
		async function demoDb(): Promise<Db> {
			const t = await make();
			opened.push(t);
			await createDemo(t.db, { password: 'demo' });
			return t.db;
		}

		it('is deterministic and keeps the session counters consistent with the registrations', async () => {
			const [a, b] = [await demoDb(), await demoDb()];
			const snapA = await snapshot(a);
			expect(snapA).toEqual(await snapshot(b));

			const types = new Set(snapA.activities.map((x) => x.type));
			for (const t of [
				'method_practice',
				'seminar_series',
				'seminar',
				'lecture',
				'study_trip',
				'conference',
				'webinar'
			])
				expect(types).toContain(t);
			expect(new Set(snapA.activities.map((x) => x.track)).size).toBe(5);
			expect(snapA.activities.some((x) => x.interestOnly === 1)).toBe(true);
			const statuses = new Set(snapA.registrations.map((r) => r.status));
			for (const s of ['requested', 'confirmed', 'waitlisted', 'declined', 'cancelled', 'attended', 'absent'])
				expect(statuses).toContain(s);
			expect(snapA.sessions.filter((s) => s.status === 'cancelled')).toHaveLength(1);

			// Invariant: confirmed_count = seats held (confirmed + attended + absent) <= capacity;
			// waitlist_counter = highest waitlist number, waitlisted numbered 1..n.
			const rows = await a
				.selectFrom('sessions')
				.leftJoin('registrations', 'registrations.sessionId', 'sessions.id')
				.select([
					'sessions.id',
					'sessions.capacity',
					'sessions.confirmedCount',
					'sessions.waitlistCounter',
					'registrations.status',
					'registrations.waitlistSeq'
				])
				.execute();
			const bySession = Map.groupBy(rows, (r) => r.id);
			let fullWithWaitlist = 0;
			for (const [, regs] of bySession) {
				const s = regs[0]!;
				const held = regs.filter(
					(r) => r.status === 'confirmed' || r.status === 'attended' || r.status === 'absent'
				).length;
				expect(s.confirmedCount).toBe(held);
				expect(held).toBeLessThanOrEqual(s.capacity);
				const seqs = regs
					.filter((r) => r.status === 'waitlisted')
					.map((r) => r.waitlistSeq!)
					.sort((x, y) => x - y);
				expect(seqs).toEqual(seqs.map((_, i) => i + 1));
				expect(s.waitlistCounter).toBe(seqs.length);
				if (seqs.length > 0) {
					expect(held).toBe(s.capacity);
					fullWithWaitlist++;
				}
			}
			expect(fullWithWaitlist).toBe(1);

			// participant@demo.klok has a rich history.
			const mine = snapA.registrations.filter((r) => r.email === 'participant@demo.klok');
			expect(
				mine.filter((r) => r.status === 'attended' && Number(r.hoursCredited) > 0).length
			).toBeGreaterThanOrEqual(3);
			expect(mine.some((r) => r.status === 'requested')).toBe(true);
			expect(mine.some((r) => r.status === 'confirmed' && Date.parse(r.startsAt) > Date.now())).toBe(true);

			// trainer@demo.klok trains several sessions.
			const trained = await a
				.selectFrom('sessionTrainers')
				.innerJoin('people', 'people.id', 'sessionTrainers.personId')
				.where('people.email', '=', 'trainer@demo.klok')
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow();
			expect(Number(trained.n)).toBeGreaterThanOrEqual(5);
		});
	});
}
