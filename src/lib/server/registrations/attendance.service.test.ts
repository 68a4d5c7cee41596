import { beforeAll, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { buildReportFixture, type ReportFixture } from '../reports/reports.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	AttendanceError,
	getAttendance,
	getSignInSheet,
	listNoShows,
	listTrainerSessions,
	TRAINER_PAST_PAGE_SIZE,
	markAllPresent,
	markAttendance
} from './attendance.service.ts';
import { sessionHeldState } from '../catalogue/catalogue.service.ts';

describeEachDb('attendance', (ctx) => {
	let f: ReportFixture;
	let office: Actor;
	let trainer: Actor;
	const actor = async (id: number) => (await loadActor(ctx.db, id))!;
	/** Status and hours per person on a session, straight from the table. */
	const state = async (sessionId: number) =>
		Object.fromEntries(
			(
				await ctx.db
					.selectFrom('registrations')
					.select(['personId', 'status', 'hoursCredited', 'attendanceMarkedBy'])
					.where('sessionId', '=', sessionId)
					.orderBy('personId')
					.execute()
			).map((r) => [
				r.personId,
				[r.status, r.hoursCredited === null ? null : Number(r.hoursCredited), r.attendanceMarkedBy]
			])
		);

	beforeAll(async () => {
		f = await buildReportFixture(ctx.db, 'att');
		office = await actor(f.people.office);
		trainer = await actor(f.people.trainer);
		// S6 is under way (started, ends in the future): markable, not yet done.
		await ctx.db
			.updateTable('sessions')
			.set({ startsAt: '2020-05-01T08:00:00.000Z' })
			.where('id', '=', f.sessions.S6)
			.execute();
	});

	it('marks present and absent in one go, crediting the session hours, and lists no-shows', async () => {
		const { p1, p2, p3, p4 } = f.people;
		const view = await markAttendance(ctx.db, trainer, f.sessions.S1, {
			present: [p4, p1],
			absent: [p2, p3]
		});
		expect(await state(f.sessions.S1)).toEqual({
			[p1]: ['attended', 3, trainer.personId],
			[p2]: ['absent', 0, trainer.personId],
			[p3]: ['absent', 0, trainer.personId],
			[p4]: ['attended', 3, trainer.personId]
		});
		expect(view.counts).toEqual({ registered: 4, attended: 2, absent: 2, unmarked: 0, walkIns: 0 });
		expect(view.noShows.map((n) => n.personId).sort()).toEqual([p2, p3].sort());
		expect((await listNoShows(ctx.db, office, f.sessions.S1)).length).toBe(2);
		// Ended and fully marked: the session is done.
		const s = await ctx.db
			.selectFrom('sessions')
			.select('status')
			.where('id', '=', f.sessions.S1)
			.executeTakeFirstOrThrow();
		expect(s.status).toBe('done');
	});

	it('corrects attendance both ways', async () => {
		const { p1, p2 } = f.people;
		await markAttendance(ctx.db, office, f.sessions.S1, { present: [p2], absent: [p1] });
		const st = await state(f.sessions.S1);
		expect(st[p1]).toEqual(['absent', 0, office.personId]);
		expect(st[p2]).toEqual(['attended', 3, office.personId]);
	});

	it('marks everyone present, then exceptions', async () => {
		const { p1, p2 } = f.people;
		await ctx.db
			.updateTable('registrations')
			.set({ status: 'confirmed', hoursCredited: null })
			.where('sessionId', '=', f.sessions.S6)
			.where('personId', '=', p1)
			.execute();
		const all = await markAllPresent(ctx.db, trainer, f.sessions.S6);
		// Only the confirmed person; waitlisted and requested people are not on the list.
		expect(all.participants.map((p) => [p.personId, p.status])).toEqual([[p1, 'attended']]);
		expect((await state(f.sessions.S6))[p2]?.[0]).toBe('waitlisted');
		await markAttendance(ctx.db, trainer, f.sessions.S6, { absent: [p1] });
		expect((await state(f.sessions.S6))[p1]).toEqual(['absent', 0, trainer.personId]);
		// A future session is not done, however fully marked.
		const s = await ctx.db
			.selectFrom('sessions')
			.select('status')
			.where('id', '=', f.sessions.S6)
			.executeTakeFirstOrThrow();
		expect(s.status).toBe('open');
	});

	it('refuses people without a seat, listing them, and changes nothing', async () => {
		const { p1, p2, p3, p5 } = f.people;
		const before = await state(f.sessions.S6);
		// p2 is waitlisted, p3 requested, p5 not registered at all; p1 is fine but must not change.
		const e = await markAttendance(ctx.db, office, f.sessions.S6, {
			present: [p1, p2, p5],
			absent: [p3]
		}).catch((x: unknown) => x);
		expect(e).toBeInstanceOf(AttendanceError);
		const fields = (e as AttendanceError).fieldErrors('en');
		expect(fields.present?.[0]).toContain('p2 att');
		expect(fields.present?.[0]).toContain('p5 att');
		expect(fields.present?.[0]).not.toContain('p1 att');
		expect(fields.absent?.[0]).toContain('p3 att');
		expect(await state(f.sessions.S6)).toEqual(before);
	});

	it('refuses a cancelled session', async () => {
		const before = await state(f.sessions.S5);
		const e = await markAttendance(ctx.db, office, f.sessions.S5, { present: [f.people.p1] }).catch(
			(x: unknown) => x
		);
		expect(e).toBeInstanceOf(AttendanceError);
		expect((e as AttendanceError).status).toBe(409);
		expect((e as AttendanceError).keyFor('_form')).toBe('attendance.error.cancelled');
		expect(await state(f.sessions.S5)).toEqual(before);
	});

	it('hides the session from participants and from trainers of other sessions (not found)', async () => {
		const before = await state(f.sessions.S2);
		for (const id of [f.people.p1, f.people.otherTrainer, f.people.steering, f.people.outsider]) {
			const who = await actor(id);
			await expect(
				markAttendance(ctx.db, who, f.sessions.S2, { present: [f.people.p1] })
			).rejects.toBeInstanceOf(AccessDeniedError);
			await expect(getAttendance(ctx.db, who, f.sessions.S2)).rejects.toBeInstanceOf(AccessDeniedError);
			await expect(getSignInSheet(ctx.db, who, f.sessions.S2)).rejects.toBeInstanceOf(AccessDeniedError);
		}
		await expect(markAttendance(ctx.db, office, 999_999, { present: [] })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		expect(await state(f.sessions.S2)).toEqual(before);
		// The trainer of S4 may mark S4.
		const other = await actor(f.people.otherTrainer);
		await expect(getAttendance(ctx.db, other, f.sessions.S4)).resolves.toBeDefined();
	});

	it('refuses malformed input and changes nothing', async () => {
		const before = await state(f.sessions.S2);
		const bad: unknown[] = [
			{ present: ['12'] },
			{ present: [-1] },
			{ present: [1.5] },
			{ present: 'all' },
			{ presnt: [f.people.p1] },
			{ present: [f.people.p1], absent: [f.people.p1] },
			null,
			'x'
		];
		for (const input of bad) {
			const e = await markAttendance(ctx.db, office, f.sessions.S2, input).catch((x: unknown) => x);
			expect(e, JSON.stringify(input)).toBeInstanceOf(AttendanceError);
			expect((e as AttendanceError).status).toBe(422);
		}
		expect(await state(f.sessions.S2)).toEqual(before);
	});

	it('gives the sign-in sheet and the trainer their sessions', async () => {
		const sheet = await getSignInSheet(ctx.db, trainer, f.sessions.S2);
		expect(sheet.participants.map((p) => p.name)).toEqual(['p1 att', 'p3 att', 'p5 att']);
		expect(sheet.session).toMatchObject({ hours: 6, place: 'Room 1' });
		const mine = await listTrainerSessions(ctx.db, trainer, '2026-06-01T00:00:00.000Z');
		expect(mine.upcoming.map((s) => s.id)).toEqual([f.sessions.S6]);
		expect(mine.past.map((s) => s.id)).toEqual([f.sessions.S5, f.sessions.S3, f.sessions.S2, f.sessions.S1]);
		expect(mine.past.find((s) => s.id === f.sessions.S2)).toMatchObject({
			attended: 3,
			absent: 0,
			confirmed: 0
		});
		expect(mine.pastPage).toEqual({ page: 1, pageSize: TRAINER_PAST_PAGE_SIZE, total: 4 });
		// Past sessions come a page at a time; the home page asks for the upcoming ones only.
		const beyond = await listTrainerSessions(ctx.db, trainer, '2026-06-01T00:00:00.000Z', { pastPage: 2 });
		expect([beyond.past, beyond.pastPage.total, beyond.upcoming.length]).toEqual([[], 4, 1]);
		const soon = await listTrainerSessions(ctx.db, trainer, '2026-06-01T00:00:00.000Z', {
			upcomingOnly: true
		});
		expect([soon.upcoming.map((s) => s.id), soon.past]).toEqual([[f.sessions.S6], []]);
	});

	it('refuses attendance before the session has started (one rule with the after-part), crediting nothing', async () => {
		const { p1 } = f.people;
		await ctx.db
			.updateTable('sessions')
			.set({ startsAt: '2099-05-01T08:00:00.000Z' })
			.where('id', '=', f.sessions.S6)
			.execute();
		try {
			const before = await state(f.sessions.S6);
			const view = await getAttendance(ctx.db, trainer, f.sessions.S6);
			expect([view.canMark, view.heldState]).toEqual([false, 'notStarted']);
			const e = await markAttendance(ctx.db, trainer, f.sessions.S6, { present: [p1], absent: [] }).catch(
				(x: unknown) => x
			);
			expect(e).toBeInstanceOf(AttendanceError);
			expect((e as AttendanceError).keyFor('_form')).toBe('attendance.error.notStarted');
			expect(await state(f.sessions.S6)).toEqual(before);
			expect(
				sessionHeldState({ startsAt: '2026-01-01T10:00:00.000Z', status: 'open' }, '2026-01-01T09:59:59.000Z')
			).toBe('notStarted');
			expect(
				sessionHeldState({ startsAt: '2026-01-01T10:00:00.000Z', status: 'open' }, '2026-01-01T10:00:00.000Z')
			).toBe('held');
			expect(sessionHeldState({ startsAt: '2020-01-01T10:00:00.000Z', status: 'cancelled' })).toBe(
				'cancelled'
			);
		} finally {
			await ctx.db
				.updateTable('sessions')
				.set({ startsAt: '2020-05-01T08:00:00.000Z' })
				.where('id', '=', f.sessions.S6)
				.execute();
		}
	});

	it('marks two sessions of one activity at once, again and again: both always succeed', async () => {
		// Both update the activity's kept 40-20-40 totals and the programme's report version
		// through triggers; on PostgreSQL such pairs can deadlock, and the loser is repeated.
		const { p1, p2, p3, p4, p5 } = f.people;
		for (let round = 0; round < 6; round++) {
			const even = round % 2 === 0;
			await Promise.all([
				markAttendance(ctx.db, office, f.sessions.S1, {
					present: even ? [p1, p2] : [p3, p4],
					absent: even ? [p3, p4] : [p1, p2]
				}),
				markAttendance(ctx.db, office, f.sessions.S2, {
					present: even ? [p3, p5] : [p1],
					absent: even ? [p1] : [p3, p5]
				})
			]);
		}
		const attended = (s: Record<number, unknown[]>) =>
			Object.entries(s)
				.filter(([, v]) => v[0] === 'attended')
				.map(([k]) => Number(k))
				.sort((a, b) => a - b);
		expect(attended(await state(f.sessions.S1))).toEqual([p3, p4].sort((a, b) => a - b));
		expect(attended(await state(f.sessions.S2))).toEqual([p1]);
	});
});
