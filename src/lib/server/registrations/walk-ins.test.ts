import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { buildReportFixture, type ReportFixture } from '../reports/reports.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import { PERSON_PICKER_LIMIT } from '../people/people.service.ts';
import {
	AttendanceError,
	addWalkIn,
	getAttendance,
	listTrainerSessions,
	markAttendance,
	onAttendanceMarked,
	type AttendanceMarked
} from './attendance.service.ts';
import { cancelRegistration } from './registrations.service.ts';

describeEachDb('walk-ins at attendance', (ctx) => {
	let f: ReportFixture;
	let office: Actor;
	let trainer: Actor;
	const heard: AttendanceMarked[] = [];
	let stopListening: () => void;
	const actor = async (id: number) => (await loadActor(ctx.db, id))!;
	const registration = (sessionId: number, personId: number) =>
		ctx.db
			.selectFrom('registrations')
			.select(['id', 'status', 'walkIn', 'hoursCredited', 'waitlistSeq'])
			.where('sessionId', '=', sessionId)
			.where('personId', '=', personId)
			.executeTakeFirst();
	const seats = async (sessionId: number) =>
		ctx.db
			.selectFrom('sessions')
			.select(['confirmedCount', 'capacity'])
			.where('id', '=', sessionId)
			.executeTakeFirstOrThrow();

	beforeAll(async () => {
		f = await buildReportFixture(ctx.db, 'walk');
		office = await actor(f.people.office);
		trainer = await actor(f.people.trainer);
		// S6 is under way (started, ends in the future) and full: one seat, taken by p1.
		await ctx.db
			.updateTable('sessions')
			.set({ startsAt: '2020-05-01T08:00:00.000Z', capacity: 1 })
			.where('id', '=', f.sessions.S6)
			.execute();
		stopListening = onAttendanceMarked(async (_db, event) => {
			heard.push(event);
		});
	});
	afterAll(() => stopListening());

	it('adds someone who never registered as present, beyond the capacity, without taking a seat', async () => {
		const { p5 } = f.people;
		const S6 = f.sessions.S6;
		expect(await seats(S6)).toMatchObject({ confirmedCount: 1, capacity: 1 });
		const done = await addWalkIn(ctx.db, trainer, S6, { personId: String(p5) });
		expect(done).toMatchObject({ personName: 'p5 walk', walkIn: true });
		const row = await registration(S6, p5);
		expect([row?.status, Number(row?.walkIn), Number(row?.hoursCredited)]).toEqual(['attended', 1, 4]);
		// The seat count (and its CHECK confirmed_count <= capacity) is untouched.
		expect(await seats(S6)).toMatchObject({ confirmedCount: 1, capacity: 1 });
		expect(done.attendance.counts).toMatchObject({ attended: 1, walkIns: 1 });
		expect(done.attendance.participants.find((p) => p.personId === p5)?.walkIn).toBe(true);
		// The same after-commit path as any attended person (course evaluations listen here).
		expect(heard.at(-1)).toEqual({ sessionId: S6, attendedPersonIds: [p5] });
		// The change is audited.
		const audit = await ctx.db
			.selectFrom('auditLog')
			.select(['action', 'entityType', 'actorId', 'after'])
			.where('entityType', '=', 'registration')
			.where('actorId', '=', trainer.personId)
			.execute();
		expect(audit.map((a) => [a.action, JSON.parse(String(a.after)).personId])).toContainEqual(['create', p5]);
	});

	it('turns a waitlisted registration into a walk-in (off the waitlist, still no seat)', async () => {
		const { p2 } = f.people;
		const S6 = f.sessions.S6;
		expect((await registration(S6, p2))?.status).toBe('waitlisted');
		const done = await addWalkIn(ctx.db, office, S6, { personId: p2 });
		expect(done.walkIn).toBe(true);
		const row = await registration(S6, p2);
		expect([row?.status, Number(row?.walkIn), row?.waitlistSeq]).toEqual(['attended', 1, null]);
		expect((await seats(S6)).confirmedCount).toBe(1);
	});

	it('marks someone who holds a seat present without calling them a walk-in', async () => {
		const { p1 } = f.people;
		const done = await addWalkIn(ctx.db, trainer, f.sessions.S6, { personId: p1 });
		expect(done.walkIn).toBe(false);
		const row = await registration(f.sessions.S6, p1);
		expect([row?.status, Number(row?.walkIn)]).toEqual(['attended', 0]);
	});

	it('can be corrected to absent like anyone, and never gives back a seat it did not take', async () => {
		const { p5 } = f.people;
		await markAttendance(ctx.db, trainer, f.sessions.S6, { absent: [p5] });
		expect((await registration(f.sessions.S6, p5))?.status).toBe('absent');
		expect((await seats(f.sessions.S6)).confirmedCount).toBe(1);
		const id = (await registration(f.sessions.S6, p5))!.id;
		await expect(cancelRegistration(ctx.db, office, id)).rejects.toThrow();
		expect((await seats(f.sessions.S6)).confirmedCount).toBe(1);
		await markAttendance(ctx.db, trainer, f.sessions.S6, { present: [p5] });
	});

	it('refuses people outside the programme, bad input, other trainers and sessions not held', async () => {
		const S6 = f.sessions.S6;
		const outsider = await addWalkIn(ctx.db, office, S6, { personId: f.people.outsider }).catch(
			(x: unknown) => x
		);
		expect(outsider).toBeInstanceOf(AttendanceError);
		expect((outsider as AttendanceError).keyFor('personId')).toBe('attendance.error.walkInPerson');
		expect(await registration(S6, f.people.outsider)).toBeUndefined();
		for (const input of [
			{},
			{ personId: '' },
			{ personId: 'x' },
			{ personId: -3 },
			{ personId: 1, extra: 1 }
		]) {
			const e = await addWalkIn(ctx.db, office, S6, input).catch((x: unknown) => x);
			expect(e, JSON.stringify(input)).toBeInstanceOf(AttendanceError);
			expect((e as AttendanceError).status).toBe(422);
		}
		const other = await actor(f.people.otherTrainer);
		await expect(addWalkIn(ctx.db, other, S6, { personId: f.people.p6 })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await expect(
			addWalkIn(ctx.db, await actor(f.people.p6), S6, { personId: f.people.p6 })
		).rejects.toBeInstanceOf(AccessDeniedError);
		// Cancelled (S5): one rule with marking.
		const cancelled = await addWalkIn(ctx.db, office, f.sessions.S5, { personId: f.people.p6 }).catch(
			(x: unknown) => x
		);
		expect((cancelled as AttendanceError).keyFor('_form')).toBe('attendance.error.cancelled');
		expect(await registration(S6, f.people.p6)).toBeUndefined();
	});

	it('lets a co-trainer of the session take attendance and add walk-ins', async () => {
		const other = await actor(f.people.otherTrainer);
		await ctx.db
			.insertInto('sessionTrainers')
			.values({ sessionId: f.sessions.S6, personId: f.people.otherTrainer })
			.execute();
		const again = await actor(f.people.otherTrainer);
		await expect(getAttendance(ctx.db, again, f.sessions.S6)).resolves.toBeDefined();
		const done = await addWalkIn(ctx.db, again, f.sessions.S6, { personId: f.people.p6 });
		expect(done.walkIn).toBe(true);
		expect(done.attendance.session.trainerNames).toEqual(['otherTrainer walk', 'trainer walk']);
		expect(other.personId).toBe(again.personId);
		// The co-trainer's own page (/trainer) lists the session too.
		const mine = await listTrainerSessions(ctx.db, again, '2026-06-01T00:00:00.000Z');
		expect(mine.upcoming.map((s) => s.id)).toContain(f.sessions.S6);
	});

	it('finds walk-in candidates with the bounded person search, only while the session is held', async () => {
		const view = await getAttendance(ctx.db, office, f.sessions.S6, { personQuery: ' walk ' });
		expect(view.walkInPick?.query).toBe('walk');
		expect(view.walkInPick?.people.length).toBeGreaterThan(3);
		expect(view.walkInPick?.people.length).toBeLessThanOrEqual(PERSON_PICKER_LIMIT);
		expect(view.walkInPick?.people.map((p) => p.name)).not.toContain('outsider walk');
		expect(
			(await getAttendance(ctx.db, office, f.sessions.S6, { personQuery: 'w' })).walkInPick?.people
		).toEqual([]);
		expect(
			(await getAttendance(ctx.db, office, f.sessions.S5, { personQuery: 'walk' })).walkInPick
		).toBeNull();
	});
});
