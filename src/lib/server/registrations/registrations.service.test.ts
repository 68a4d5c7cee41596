import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	approve,
	cancelRegistration,
	decideMany,
	decline,
	fillFreeSeats,
	getRegistration,
	listMyRegistrations,
	listPendingApprovals,
	listRegistrations,
	pendingApprovalsPage,
	register,
	registerMany,
	RegistrationRuleError,
	TEAM_PAGE_SIZE,
	teamRegistrationOptions
} from './registrations.service.ts';
import { HOUR, iso, makeSession, makeStaff } from './registrations.fixtures.ts';

async function sessionCounters(db: Db, id: number) {
	const s = await db
		.selectFrom('sessions')
		.select(['confirmedCount', 'waitlistCounter', 'capacity'])
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
	return {
		confirmed: Number(s.confirmedCount),
		waitlist: Number(s.waitlistCounter),
		capacity: Number(s.capacity)
	};
}

async function registrationsOf(db: Db, sessionId: number) {
	return db
		.selectFrom('registrations')
		.selectAll()
		.where('sessionId', '=', sessionId)
		.orderBy('id')
		.execute();
}

async function ruleError(work: Promise<unknown>): Promise<RegistrationRuleError> {
	const e = await work.then(
		() => undefined,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(RegistrationRuleError);
	return e as RegistrationRuleError;
}

async function refused(work: Promise<unknown>): Promise<void> {
	await expect(work).rejects.toBeInstanceOf(AccessDeniedError);
}

describeEachDb('registrations service', (ctx) => {
	let fx: ProgrammeFixture;
	let participant: Actor;
	let managerA: Actor;
	let managerB: Actor;
	let office: Actor;
	let inB: Actor;
	let inTeam: Actor;
	let otherOffice: Actor;

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'reg');
		const load = async (id: number) => (await loadActor(ctx.db, id))!;
		participant = await load(fx.people.participant);
		managerA = await load(fx.people.managerA);
		managerB = await load(fx.people.managerB);
		office = await load(fx.people.office);
		inB = await load(fx.people.inB);
		inTeam = await load(fx.people.inTeam);
		otherOffice = await load(fx.people.otherOffice);
	});

	describe('self-registration', () => {
		it('confirms while seats are free, then waitlists in arrival order', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { capacity: 1 });
			const first = await register(ctx.db, participant, s);
			expect(first.created).toBe(true);
			expect(first.registration.status).toBe('confirmed');
			const second = await register(ctx.db, inB, s);
			expect(second.registration).toMatchObject({ status: 'waitlisted', waitlistSeq: 1 });
			expect(await sessionCounters(ctx.db, s)).toMatchObject({ confirmed: 1, waitlist: 1 });
		});

		it('registering twice is harmless and returns the same registration unchanged', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { capacity: 5 });
			const first = await register(ctx.db, participant, s);
			const before = await registrationsOf(ctx.db, s);
			const again = await register(ctx.db, participant, s);
			expect(again.created).toBe(false);
			expect(again.registration.id).toBe(first.registration.id);
			expect(await registrationsOf(ctx.db, s)).toEqual(before);
			expect((await sessionCounters(ctx.db, s)).confirmed).toBe(1);
		});

		it('the same person registering many times at once gets one registration and one seat', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { capacity: 3 });
			const [p] = await makeStaff(ctx.db, fx.programmeId, fx.units.workplaceB, 1, 'twice');
			const results = await Promise.all(Array.from({ length: 8 }, () => register(ctx.db, p!, s)));
			expect(new Set(results.map((r) => r.registration.id)).size).toBe(1);
			expect(results.filter((r) => r.created)).toHaveLength(1);
			expect(await registrationsOf(ctx.db, s)).toHaveLength(1);
			expect((await sessionCounters(ctx.db, s)).confirmed).toBe(1);
			// The confirmation went out by e-mail (after the commit), once.
			const mail = await ctx.db
				.selectFrom('outbox')
				.select('id')
				.where('personId', '=', p!.personId)
				.execute();
			expect(mail).toHaveLength(1);
		});

		it('refuses cancelled, past, not open and out-of-window sessions with a clear rule, changing nothing', async () => {
			const cases: [Parameters<typeof makeSession>[2], string][] = [
				[{ status: 'cancelled' }, 'registrations.error.sessionCancelled'],
				[{ status: 'done' }, 'registrations.error.sessionPast'],
				[{ startsIn: -5 * HOUR }, 'registrations.error.sessionPast'],
				[{ status: 'planned' }, 'registrations.error.notOpen'],
				[{ opensAt: iso(HOUR) }, 'registrations.error.notYetOpen'],
				[{ closesAt: iso(-HOUR) }, 'registrations.error.windowClosed']
			];
			for (const [opts, key] of cases) {
				const s = await makeSession(ctx.db, fx.programmeId, opts);
				const e = await ruleError(register(ctx.db, participant, s));
				expect(e.key).toBe(key);
				expect(e.status).toBe(409);
				expect(e.fieldErrors('sv')._form?.[0]).toBeTruthy();
				expect(await registrationsOf(ctx.db, s)).toEqual([]);
			}
		});

		it('answers unknown, malformed and unpublished sessions as not found', async () => {
			await refused(register(ctx.db, participant, 999_999));
			await refused(register(ctx.db, participant, -1));
			await refused(register(ctx.db, participant, 'abc' as unknown as number));
			await refused(register(ctx.db, participant, 1.5));
			for (const bad of [-1, 0, 999_999, 'x' as unknown as number, Number.NaN]) {
				await refused(approve(ctx.db, office, bad));
				await refused(decline(ctx.db, office, bad, 'reason'));
				await refused(cancelRegistration(ctx.db, office, bad));
				await refused(getRegistration(ctx.db, office, bad));
			}
			const hidden = await makeSession(ctx.db, fx.programmeId, { published: false });
			await refused(register(ctx.db, participant, hidden));
			// Someone from another programme does not see it either.
			const s = await makeSession(ctx.db, fx.programmeId);
			await refused(register(ctx.db, otherOffice, s));
			expect(await registrationsOf(ctx.db, s)).toEqual([]);
		});
	});

	describe('registering someone else', () => {
		it('lets a manager register their staff (no approval needed) and refuses other units as not found', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { requiresApproval: true });
			const r = await register(ctx.db, managerA, s, { personId: fx.people.inTeam });
			expect(r.registration).toMatchObject({ status: 'confirmed', registeredBy: fx.people.managerA });
			expect(r.registration.approvedBy).toBe(fx.people.managerA);
			await refused(register(ctx.db, managerA, s, { personId: fx.people.inB }));
			await refused(register(ctx.db, participant, s, { personId: fx.people.inB }));
			await refused(register(ctx.db, managerA, s, { personId: fx.people.inOther }));
			await refused(register(ctx.db, managerA, s, { personId: 987_654 }));
			expect((await registrationsOf(ctx.db, s)).map((x) => x.personId)).toEqual([fx.people.inTeam]);
		});

		it('lets the office register anyone in the programme', async () => {
			const s = await makeSession(ctx.db, fx.programmeId);
			const r = await register(ctx.db, office, s, { personId: fx.people.inB });
			expect(r.registration.status).toBe('confirmed');
		});

		it('refuses a deactivated person with a field message', async () => {
			const s = await makeSession(ctx.db, fx.programmeId);
			const [gone] = await makeStaff(ctx.db, fx.programmeId, fx.units.workplaceA, 1, 'gone');
			await ctx.db
				.updateTable('people')
				.set({ deactivatedAt: nowIso() })
				.where('id', '=', gone!.personId)
				.execute();
			const e = await ruleError(register(ctx.db, managerA, s, { personId: gone!.personId }));
			expect(e.key).toBe('registrations.error.personDeactivated');
			expect(e.fieldErrors('en')).toHaveProperty('personId');
			expect(await registrationsOf(ctx.db, s)).toEqual([]);
		});
		it('registers a team in one call: counts per outcome, refusals per person, a session rule once', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { capacity: 2 });
			const [one, two] = await makeStaff(ctx.db, fx.programmeId, fx.units.workplaceA, 2, 'team');
			await register(ctx.db, managerA, s, { personId: fx.people.inTeam });
			const r = await registerMany(ctx.db, managerA, s, [
				fx.people.inTeam,
				one!.personId,
				fx.people.inB,
				two!.personId,
				one!.personId
			]);
			expect(r.counts).toEqual({ confirmed: 1, waitlisted: 1, existing: 1 });
			expect(r.failures).toEqual([{ personId: fx.people.inB, error: 'notFound' }]);
			expect(r.sessionError).toBeUndefined();
			const closed = await makeSession(ctx.db, fx.programmeId, { status: 'planned' });
			const c = await registerMany(ctx.db, office, closed, [fx.people.inB, fx.people.inTeam]);
			expect(c.sessionError).toBe('registrations.error.notOpen');
			expect(await registrationsOf(ctx.db, closed)).toEqual([]);
		});
	});

	describe('approval', () => {
		it('lists the manager’s team a page at a time, by name, without the manager', async () => {
			await makeStaff(ctx.db, fx.programmeId, fx.units.teamA, TEAM_PAGE_SIZE, 'page');
			const first = await teamRegistrationOptions(ctx.db, managerA, fx.programmeId);
			const total = first.peoplePage.total;
			expect(total).toBeGreaterThan(TEAM_PAGE_SIZE);
			expect(first.people).toHaveLength(TEAM_PAGE_SIZE);
			const second = await teamRegistrationOptions(ctx.db, managerA, fx.programmeId, undefined, 2);
			expect(second.people).toHaveLength(total - TEAM_PAGE_SIZE);
			const all = [...first.people, ...second.people];
			expect(new Set(all.map((p) => p.id)).size).toBe(total);
			expect(all.map((p) => p.id)).not.toContain(fx.people.managerA);
			expect(all.map((p) => p.id)).toContain(fx.people.inTeam);
			const names = all.map((p) => p.name);
			expect(
				names.every((n, i) => i === 0 || names[i - 1]! <= n || names[i - 1]!.localeCompare(n) <= 0)
			).toBe(true);
		});

		it('requested → approved by the manager → confirmed; the manager sees it pending first', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { requiresApproval: true, capacity: 1 });
			const r = await register(ctx.db, inTeam, s);
			expect(r.registration.status).toBe('requested');
			expect((await sessionCounters(ctx.db, s)).confirmed).toBe(0);
			const pending = await listPendingApprovals(ctx.db, managerA, fx.programmeId);
			expect(pending.map((p) => p.id)).toContain(r.registration.id);
			expect((await listPendingApprovals(ctx.db, managerB, fx.programmeId)).map((p) => p.id)).not.toContain(
				r.registration.id
			);
			// The wrong manager and the person themselves cannot decide.
			await refused(approve(ctx.db, managerB, r.registration.id));
			await refused(approve(ctx.db, inTeam, r.registration.id));
			const approved = await approve(ctx.db, managerA, r.registration.id);
			expect(approved).toMatchObject({ status: 'confirmed', approvedBy: fx.people.managerA });
			expect((await sessionCounters(ctx.db, s)).confirmed).toBe(1);
			// Deciding twice is refused with a rule, not applied twice.
			expect((await ruleError(approve(ctx.db, managerA, r.registration.id))).key).toBe(
				'registrations.error.notPending'
			);
			// A second approved request finds the session full: waitlisted.
			const [other] = await makeStaff(ctx.db, fx.programmeId, fx.units.teamA, 1, 'appr');
			const r2 = await register(ctx.db, other!, s);
			expect((await approve(ctx.db, office, r2.registration.id)).status).toBe('waitlisted');
		});

		it('decline needs a reason; with one, requested → declined and re-registering reopens the row', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { requiresApproval: true });
			const r = await register(ctx.db, inTeam, s);
			for (const bad of [undefined, '', '   ', 42]) {
				const e = await ruleError(decline(ctx.db, managerA, r.registration.id, bad));
				expect(e.field).toBe('reason');
				expect(e.status).toBe(422);
			}
			expect((await getRegistration(ctx.db, inTeam, r.registration.id)).status).toBe('requested');
			const declined = await decline(ctx.db, managerA, r.registration.id, '  Krockar med schemat ');
			expect(declined).toMatchObject({ status: 'declined', declineReason: 'Krockar med schemat' });
			const again = await register(ctx.db, inTeam, s);
			expect(again).toMatchObject({ created: true });
			expect(again.registration).toMatchObject({
				id: r.registration.id,
				status: 'requested',
				declineReason: null
			});
		});

		it('decides many with per-item results; one failure does not block the others', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { requiresApproval: true, capacity: 5 });
			const staff = await makeStaff(ctx.db, fx.programmeId, fx.units.workplaceA, 3, 'bulk');
			const ids = [];
			for (const p of staff) ids.push((await register(ctx.db, p, s)).registration.id);
			const foreign = (await register(ctx.db, inB, s)).registration.id;
			await ruleError(decideMany(ctx.db, managerA, ids, 'decline', ''));
			const results = await decideMany(ctx.db, managerA, [ids[0]!, foreign, ids[1]!, 99_999], 'approve');
			expect(results.map((r) => [r.id, r.ok])).toEqual([
				[ids[0], true],
				[foreign, false],
				[ids[1], true],
				[99_999, false]
			]);
			const declined = await decideMany(ctx.db, managerA, [ids[1]!, ids[2]!], 'decline', 'Full budget');
			expect(declined.map((r) => r.ok)).toEqual([false, true]);
			expect(declined[0]).toMatchObject({ ok: false, error: 'registrations.error.notPending' });
			expect((await getRegistration(ctx.db, inB, foreign)).status).toBe('requested');
		});
	});

	describe('cancellation and the waitlist', () => {
		it('a cancelled seat goes to the first on the waitlist; waitlisted and requested cancel without seat changes', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { capacity: 2 });
			const staff = await makeStaff(ctx.db, fx.programmeId, fx.units.workplaceB, 5, 'wl');
			const regs = [];
			for (const p of staff) regs.push((await register(ctx.db, p, s)).registration);
			expect(regs.map((r) => r.status)).toEqual([
				'confirmed',
				'confirmed',
				'waitlisted',
				'waitlisted',
				'waitlisted'
			]);
			// Someone else's registration is not found for a participant.
			await refused(cancelRegistration(ctx.db, participant, regs[0]!.id));
			await refused(getRegistration(ctx.db, participant, regs[0]!.id));
			// The 2nd in line leaves the waitlist: no seat changes.
			expect((await cancelRegistration(ctx.db, staff[3]!, regs[3]!.id)).status).toBe('cancelled');
			expect((await sessionCounters(ctx.db, s)).confirmed).toBe(2);
			// A confirmed person cancels (their manager does it): first in line (seq 1) moves up.
			expect((await cancelRegistration(ctx.db, managerB, regs[0]!.id)).status).toBe('cancelled');
			expect((await getRegistration(ctx.db, office, regs[2]!.id)).status).toBe('confirmed');
			expect((await getRegistration(ctx.db, office, regs[4]!.id)).status).toBe('waitlisted');
			expect((await sessionCounters(ctx.db, s)).confirmed).toBe(2);
			// Cancelling twice is harmless.
			expect((await cancelRegistration(ctx.db, staff[0]!, regs[0]!.id)).status).toBe('cancelled');
			expect((await sessionCounters(ctx.db, s)).confirmed).toBe(2);
			// Re-registering after a cancellation is a new arrival: behind everyone waiting.
			const back = await register(ctx.db, staff[0]!, s);
			expect(back.registration).toMatchObject({ id: regs[0]!.id, status: 'waitlisted', waitlistSeq: 4 });
		});

		it('a new arrival does not take a freed seat ahead of the waitlist', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { capacity: 1 });
			const staff = await makeStaff(ctx.db, fx.programmeId, fx.units.workplaceB, 3, 'jump');
			const a = (await register(ctx.db, staff[0]!, s)).registration;
			const b = (await register(ctx.db, staff[1]!, s)).registration;
			// Free the seat behind the service's back (as if promotion had not run yet).
			await ctx.db.updateTable('registrations').set({ status: 'cancelled' }).where('id', '=', a.id).execute();
			await ctx.db.updateTable('sessions').set({ confirmedCount: 0 }).where('id', '=', s).execute();
			expect((await register(ctx.db, staff[2]!, s)).registration.status).toBe('waitlisted');
			expect(await fillFreeSeats(ctx.db, s)).toEqual([b.id]);
		});

		it('a capacity raise fills seats from the waitlist in order', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { capacity: 1 });
			const staff = await makeStaff(ctx.db, fx.programmeId, fx.units.workplaceB, 4, 'raise');
			const regs = [];
			for (const p of staff) regs.push((await register(ctx.db, p, s)).registration);
			await ctx.db.updateTable('sessions').set({ capacity: 3 }).where('id', '=', s).execute();
			expect(await fillFreeSeats(ctx.db, s)).toEqual([regs[1]!.id, regs[2]!.id]);
			expect(await fillFreeSeats(ctx.db, s)).toEqual([]);
			expect(await sessionCounters(ctx.db, s)).toMatchObject({ confirmed: 3 });
			expect(await fillFreeSeats(ctx.db, -4)).toEqual([]);
		});

		it('attended registrations cannot be cancelled', async () => {
			const s = await makeSession(ctx.db, fx.programmeId);
			const r = (await register(ctx.db, inB, s)).registration;
			await ctx.db
				.updateTable('registrations')
				.set({ status: 'attended', hoursCredited: 2.5 })
				.where('id', '=', r.id)
				.execute();
			expect((await ruleError(cancelRegistration(ctx.db, inB, r.id))).key).toBe(
				'registrations.error.cannotCancel'
			);
			const mine = await listMyRegistrations(ctx.db, inB);
			expect(mine.totalHours).toBeGreaterThanOrEqual(2.5);
			expect(mine.history.map((x) => x.id)).toContain(r.id);
		});
	});

	describe('listing', () => {
		it('lists my own by default and only what the policy allows with filters', async () => {
			const s = await makeSession(ctx.db, fx.programmeId);
			const mine = (await register(ctx.db, participant, s)).registration;
			const theirs = (await register(ctx.db, inTeam, s)).registration;
			expect(
				(await listRegistrations(ctx.db, participant, {})).every((r) => r.personId === participant.personId)
			).toBe(true);
			const seenByParticipant = await listRegistrations(ctx.db, participant, { sessionId: s });
			expect(seenByParticipant.map((r) => r.id)).toEqual([mine.id]);
			const seenByManager = await listRegistrations(ctx.db, managerA, { sessionId: s });
			expect(seenByManager.map((r) => r.id)).toEqual([theirs.id]);
			const seenByOffice = await listRegistrations(ctx.db, office, { sessionId: s });
			expect(seenByOffice.map((r) => r.id).sort()).toEqual([mine.id, theirs.id].sort());
			expect(await listRegistrations(ctx.db, otherOffice, { sessionId: s })).toEqual([]);
		});
	});

	describe('a registration rush', () => {
		it('200 concurrent registrations for 10 seats: exactly 10 confirmed, 190 waitlisted 1..190', async () => {
			const s = await makeSession(ctx.db, fx.programmeId, { capacity: 10 });
			const staff = await makeStaff(ctx.db, fx.programmeId, fx.units.workplaceB, 200, 'rush');
			const results = await Promise.all(staff.map((p) => register(ctx.db, p, s)));
			const statuses = results.map((r) => r.registration.status);
			expect(statuses.filter((x) => x === 'confirmed')).toHaveLength(10);
			expect(statuses.filter((x) => x === 'waitlisted')).toHaveLength(190);
			const rows = await registrationsOf(ctx.db, s);
			const seqs = rows
				.filter((r) => r.status === 'waitlisted')
				.map((r) => Number(r.waitlistSeq))
				.sort((a, b) => a - b);
			expect(seqs).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));
			expect(await sessionCounters(ctx.db, s)).toMatchObject({ confirmed: 10, waitlist: 190 });

			// Three confirmed cancel at once: the first three in line move up, nobody else.
			const confirmed = results.filter((r) => r.registration.status === 'confirmed');
			const byId = new Map(staff.map((p) => [p.personId, p]));
			await Promise.all(
				confirmed
					.slice(0, 3)
					.map((r) => cancelRegistration(ctx.db, byId.get(r.registration.personId)!, r.registration.id))
			);
			const after = await registrationsOf(ctx.db, s);
			const promoted = after.filter((r) => r.status === 'confirmed' && r.waitlistSeq !== null);
			expect(promoted.map((r) => Number(r.waitlistSeq)).sort((a, b) => a - b)).toEqual([1, 2, 3]);
			expect(after.filter((r) => r.status === 'confirmed')).toHaveLength(10);
			expect(after.filter((r) => r.status === 'waitlisted')).toHaveLength(187);
			expect((await sessionCounters(ctx.db, s)).confirmed).toBe(10);
		}, 60_000);
	});

	it('pages the pending requests: every request exactly once across pages, the total counted in SQL', async () => {
		for (const who of [inTeam, inB, participant, managerA, inTeam])
			await register(ctx.db, who, await makeSession(ctx.db, fx.programmeId, { requiresApproval: true }));
		for (const decider of [office, managerA]) {
			const all = await listPendingApprovals(ctx.db, decider, fx.programmeId);
			const seen: number[] = [];
			let total = -1;
			for (let page = 1; page <= Math.ceil(all.length / 2) + 1; page++) {
				const p = await pendingApprovalsPage(ctx.db, decider, fx.programmeId, page, 2);
				total = p.total;
				expect(p.rows.length).toBeLessThanOrEqual(2);
				seen.push(...p.rows.map((r) => r.id));
			}
			expect(total).toBe(all.length);
			expect(new Set(seen).size).toBe(seen.length);
			expect([...seen].sort((a, b) => a - b)).toEqual(all.map((r) => r.id).sort((a, b) => a - b));
			expect(all.length).toBeGreaterThanOrEqual(decider === office ? 5 : 2);
		}
		await refused(pendingApprovalsPage(ctx.db, participant, fx.programmeId));
	});
});
