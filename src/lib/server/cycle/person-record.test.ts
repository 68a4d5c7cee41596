import { beforeAll, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { buildReportFixture, type ReportFixture } from '../reports/reports.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import { nowIso } from '../db/sql.ts';
import { PERSON_RECORD_PAGE_SIZE, personLearningRecord } from './cycle.service.ts';

describeEachDb("a person's registrations and hours", (ctx) => {
	let f: ReportFixture;
	const actor = async (id: number) => (await loadActor(ctx.db, id))!;
	const personOf = async (id: number) =>
		ctx.db
			.selectFrom('people')
			.select(['id', 'programmeId', 'unitId'])
			.where('id', '=', id)
			.executeTakeFirstOrThrow();

	beforeAll(async () => {
		f = await buildReportFixture(ctx.db, 'rec');
		const now = nowIso();
		const processId = (
			await ctx.db
				.insertInto('processes')
				.values({ programmeId: f.programmeId, unitId: f.units.W1, title: 'Process rec', updatedAt: now })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		await ctx.db.insertInto('processParticipants').values({ processId, personId: f.people.p1 }).execute();
		// p1's S1 attendance: 3 hours credited; a finished after-part on it.
		await ctx.db
			.updateTable('registrations')
			.set({ status: 'attended', hoursCredited: 3 })
			.where('sessionId', '=', f.sessions.S1)
			.where('personId', '=', f.people.p1)
			.execute();
		const reg = await ctx.db
			.selectFrom('registrations')
			.select('id')
			.where('sessionId', '=', f.sessions.S1)
			.where('personId', '=', f.people.p1)
			.executeTakeFirstOrThrow();
		await ctx.db
			.insertInto('cycleForms')
			.values({ registrationId: reg.id, afterCompletedAt: now, updatedAt: now } as never)
			.execute();
	});

	it('lists the registrations latest first with state, hours and 40-20-40, and totals from SQL', async () => {
		const office = await actor(f.people.office);
		const record = (await personLearningRecord(ctx.db, office, await personOf(f.people.p1)))!;
		const raw = await ctx.db
			.selectFrom('registrations')
			.innerJoin('sessions', 'sessions.id', 'registrations.sessionId')
			.select(['registrations.status', 'registrations.hoursCredited', 'sessions.startsAt'])
			.where('personId', '=', f.people.p1)
			.execute();
		const attended = raw.filter((r) => r.status === 'attended');
		expect(record.totals).toEqual({
			registrations: raw.length,
			sessionsAttended: attended.length,
			hours: attended.reduce((s, r) => s + Number(r.hoursCredited ?? 0), 0),
			processes: 1
		});
		expect(record.totals.sessionsAttended).toBeGreaterThan(0);
		expect(record.entries).toHaveLength(Math.min(raw.length, PERSON_RECORD_PAGE_SIZE));
		const starts = record.entries.map((e) => e.startsAt);
		expect(starts).toEqual([...starts].sort().reverse());
		const s1 = record.entries.find((e) => e.sessionId === f.sessions.S1)!;
		expect(s1).toMatchObject({ status: 'attended', hours: 3, cycle: 'done' });
		expect(s1.title).toContain('rec');
		for (const e of record.entries) if (e.status !== 'attended') expect(e.hours).toBeNull();
		// Page 2 of a short list is empty; a nonsense page is page 1.
		expect((await personLearningRecord(ctx.db, office, await personOf(f.people.p1), 2))!.entries.length).toBe(
			Math.max(0, raw.length - PERSON_RECORD_PAGE_SIZE)
		);
		expect((await personLearningRecord(ctx.db, office, await personOf(f.people.p1), -4))!.page).toBe(1);
	});

	it('is for the office and the person only here; trainers, steering and other programmes get nothing', async () => {
		const p1 = await personOf(f.people.p1);
		expect(await personLearningRecord(ctx.db, await actor(f.people.p1), p1)).not.toBeNull();
		for (const id of [f.people.steering, f.people.trainer, f.people.p2, f.people.outsider])
			expect(await personLearningRecord(ctx.db, await actor(id), p1), String(id)).toBeNull();
	});
});
