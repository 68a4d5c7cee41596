import { beforeAll, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { register } from '../registrations/registrations.service.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	cancelSession,
	createActivity,
	createSession,
	publishActivity,
	updateSession
} from './catalogue.service.ts';

/** The catalogue with the real registrations and notifications modules behind it (no stubs). */
describeEachDb('catalogue with registrations and notifications', (ctx) => {
	let f: ProgrammeFixture;
	let office: Actor;
	const actors: Actor[] = [];

	beforeAll(async () => {
		f = await buildProgrammeFixture(ctx.db, 'cfx');
		office = (await loadActor(ctx.db, f.people.office)) as Actor;
		for (const id of [f.people.participant, f.people.inA, f.people.inB])
			actors.push((await loadActor(ctx.db, id)) as Actor);
	});

	async function openSession(capacity: number) {
		const a = await createActivity(ctx.db, office, f.programmeId, {
			title: 'Integrated',
			type: 'seminar',
			learningForm: 'formal'
		});
		await publishActivity(ctx.db, office, a.id);
		const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
		return createSession(ctx.db, office, a.id, {
			startsAt: `${day}T09:00`,
			endsAt: `${day}T12:00`,
			place: 'Hall',
			capacity,
			hours: 3
		});
	}

	const statuses = (sessionId: number) =>
		ctx.db
			.selectFrom('registrations')
			.select(['personId', 'status'])
			.where('sessionId', '=', sessionId)
			.orderBy('id')
			.execute();

	it('raising the capacity moves the waitlist up in arrival order', async () => {
		const s = await openSession(1);
		for (const actor of actors) await register(ctx.db, actor, s.id);
		expect((await statuses(s.id)).map((r) => r.status)).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
		const bigger = await updateSession(ctx.db, office, s.id, { capacity: 2 });
		expect(bigger.capacity).toBe(2);
		expect((await statuses(s.id)).map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'waitlisted']);
		const row = await ctx.db
			.selectFrom('sessions')
			.select('confirmedCount')
			.where('id', '=', s.id)
			.executeTakeFirstOrThrow();
		expect(Number(row.confirmedCount)).toBe(2);
	});

	it('cancelling keeps every registration and tells the people registered', async () => {
		const s = await openSession(1);
		for (const actor of actors.slice(0, 2)) await register(ctx.db, actor, s.id);
		const before = await statuses(s.id);
		const cancelled = await cancelSession(ctx.db, office, s.id, { reason: 'Trainer ill' });
		expect(cancelled.sequence).toBe(1);
		expect(await statuses(s.id)).toEqual(before);
		const mail = await ctx.db
			.selectFrom('outbox')
			.select(['personId', 'kind'])
			.where('kind', 'like', '%cancel%')
			.where('personId', 'in', [f.people.participant, f.people.inA])
			.execute();
		expect(mail.map((m) => m.personId).sort()).toEqual([f.people.participant, f.people.inA].sort());
	});
});
