import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb, type Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { fieldErrors } from '../core/validation.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { subtreeUnitsQuery } from '../organisation/organisation.service.ts';
import { describeEachDb } from '../testing/db.ts';
import { cyclePeopleCount, cycleSums, type CycleSums } from './cycle.repository.ts';
import { cycleFormSchema, beforeSchema } from './cycle.schema.ts';
import { CycleRuleError, getCycleForm, saveCycleForm } from './cycle.service.ts';
import { addRegistration, DAY, makePastSession, writeForm } from './cycle.fixtures.ts';
import { sendDueNudges } from './nudges.ts';
import { splitOfSums } from './split.ts';

const splitOf = (s: CycleSums) =>
	splitOfSums({ before: s.hoursBefore, during: s.hoursDuring, after: s.hoursAfter, count: s.registrations });

const actor = async (db: Db, id: number): Promise<Actor> => (await loadActor(db, id))!;

async function formRow(db: Db, registrationId: number) {
	return db
		.selectFrom('cycleForms')
		.selectAll()
		.where('registrationId', '=', registrationId)
		.executeTakeFirst();
}

it('parses hours: decimals with point or comma, never negative or text', () => {
	expect(beforeSchema.parse({ hoursBefore: '1,5' }).hoursBefore).toBe(1.5);
	expect(beforeSchema.parse({ hoursBefore: 2.25 }).hoursBefore).toBe(2.25);
	expect(beforeSchema.parse({}).hoursBefore).toBeUndefined();
	for (const bad of ['-1', 'two', '1e9', -0.5]) {
		const r = cycleFormSchema.safeParse({ hoursBefore: bad });
		expect(r.success).toBe(false);
	}
	const text = cycleFormSchema.safeParse({ hoursAfter: 'a lot', afterSharedOn: '2026-02-30' });
	expect(text.success).toBe(false);
	const errs = fieldErrors(text.error!, 'en');
	expect(errs.hoursAfter).toEqual(['Enter a number.']);
	expect(errs.afterSharedOn).toBeDefined();
	expect(fieldErrors(cycleFormSchema.safeParse({ hoursDuring: '-2' }).error!, 'sv').hoursDuring?.[0]).toMatch(
		/minst 0/
	);
});

describeEachDb('40-20-40 forms', (ctx) => {
	let fx: ProgrammeFixture;
	let person: Actor;
	let managerB: Actor;
	let managerA: Actor;
	let office: Actor;
	let steering: Actor;
	let pastReg: number;
	let futureReg: number;
	let cancelledReg: number;

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, `cyc-${ctx.dialect}`);
		person = await actor(ctx.db, fx.people.participant); // in workplace B
		managerB = await actor(ctx.db, fx.people.managerB);
		managerA = await actor(ctx.db, fx.people.managerA);
		office = await actor(ctx.db, fx.people.office);
		steering = await actor(ctx.db, fx.people.steering);
		const past = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 3 });
		const future = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: -10 });
		pastReg = await addRegistration(ctx.db, past.sessionId, person.personId, 'attended', 2.5);
		futureReg = await addRegistration(ctx.db, future.sessionId, person.personId, 'confirmed');
		const other = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: -5 });
		cancelledReg = await addRegistration(ctx.db, other.sessionId, person.personId, 'cancelled');
	});

	it('lets the person fill the before part; the manager and the office read it', async () => {
		const empty = await getCycleForm(ctx.db, person, futureReg);
		expect(empty.editable).toBe(true);
		expect(empty.before.need).toBeNull();
		expect(await formRow(ctx.db, futureReg)).toBeUndefined(); // reading creates nothing

		const saved = await saveCycleForm(ctx.db, person, futureReg, 'before', {
			beforeNeed: 'Svara på frågor om e-böcker',
			beforeGoal: 'Kunna visa nedladdning',
			beforeManagerTalkOn: '2026-03-02',
			hoursBefore: 1.5,
			beforeDone: true
		});
		expect(saved.before.completedAt).not.toBeNull();
		expect(saved.before.hours).toBe(1.5);
		const row = (await formRow(ctx.db, futureReg))!;
		expect(row.afterDueAt).not.toBeNull();

		const asManager = await getCycleForm(ctx.db, managerB, futureReg);
		expect(asManager.before.goal).toBe('Kunna visa nedladdning');
		expect(asManager.editable).toBe(false);
		expect((await getCycleForm(ctx.db, office, futureReg)).before.need).toBe('Svara på frågor om e-böcker');
	});

	it('refuses (as not found) another unit’s manager, the steering group, and edits by anyone but the person', async () => {
		await expect(getCycleForm(ctx.db, managerA, futureReg)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(getCycleForm(ctx.db, steering, futureReg)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(getCycleForm(ctx.db, person, 999_999)).rejects.toBeInstanceOf(AccessDeniedError);
		const before = await formRow(ctx.db, futureReg);
		for (const who of [managerB, office, managerA])
			await expect(
				saveCycleForm(ctx.db, who, futureReg, 'before', { beforeNeed: 'changed by someone else' })
			).rejects.toBeInstanceOf(AccessDeniedError);
		expect(await formRow(ctx.db, futureReg)).toEqual(before);
	});

	it('rejects bad input and leaves the data unchanged', async () => {
		const before = await formRow(ctx.db, futureReg);
		// "Done" without a goal: a rule error per field.
		const e = await saveCycleForm(ctx.db, person, futureReg, 'before', {
			beforeNeed: 'x',
			beforeDone: true
		}).catch((err: unknown) => err);
		expect(e).toBeInstanceOf(CycleRuleError);
		expect(Object.keys((e as CycleRuleError).fieldErrors('en'))).toEqual(['beforeGoal']);
		// A negative number that slipped past the schema is stopped by the database's CHECK.
		await expect(
			saveCycleForm(ctx.db, person, futureReg, 'before', { beforeNeed: 'y', hoursBefore: -3 })
		).rejects.toThrow();
		expect(await formRow(ctx.db, futureReg)).toEqual(before);
		// The after part of a session that has not started cannot be done; no row appears.
		await expect(
			saveCycleForm(ctx.db, person, futureReg, 'after', {
				afterLearned: 'a',
				afterApply: 'b',
				afterDone: true
			})
		).rejects.toBeInstanceOf(CycleRuleError);
		expect(await formRow(ctx.db, futureReg)).toEqual(before);
		// A cancelled registration has no form to fill; nothing is created.
		await expect(
			saveCycleForm(ctx.db, person, cancelledReg, 'before', { beforeNeed: 'z' })
		).rejects.toBeInstanceOf(CycleRuleError);
		expect(await formRow(ctx.db, cancelledReg)).toBeUndefined();
	});

	it('shows "during" from attendance and completes the after part', async () => {
		const view = await getCycleForm(ctx.db, person, pastReg);
		expect(view.during).toEqual({ attended: true, loggedHours: null, hours: 2.5 });
		const saved = await saveCycleForm(ctx.db, person, pastReg, 'after', {
			afterLearned: 'Hur man lånar e-böcker',
			afterApply: 'Visa vid disken',
			afterSharedOn: '2026-04-01',
			afterSharedWhere: 'APT',
			hoursAfter: 3,
			afterDone: true
		});
		expect(saved.after.completedAt).not.toBeNull();
		expect(saved.after.overdue).toBe(false);
	});
});

describeEachDb('40-20-40 split and overdue follow-ups', (ctx) => {
	let fx: ProgrammeFixture;
	let other: Db;
	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, `split-${ctx.dialect}`);
		other =
			ctx.dialect === 'postgres' ? createDb({ databaseUrl: ctx.url }) : createDb({ sqlitePath: ctx.url });
	});
	afterAll(async () => {
		await other.destroy();
	});

	it('adds up a known data set against 40/20/40', async () => {
		const a = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 2, hours: 3, title: 'Alpha' });
		const b = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 2, hours: 6, title: 'Beta' });
		const p = fx.people.inA;
		const q = fx.people.inTeam;
		// p, Alpha: attended, during defaults to the credited 3 hours; before 4, after 3.
		const r1 = await addRegistration(ctx.db, a.sessionId, p, 'attended', 3);
		await writeForm(ctx.db, r1, { hoursBefore: 4, hoursAfter: 3, beforeCompletedAt: nowIso() });
		// p, Beta: attended, logged during 2 (overrides 6); before 1.5, after 0.5.
		const r2 = await addRegistration(ctx.db, b.sessionId, p, 'attended', 6);
		await writeForm(ctx.db, r2, { hoursBefore: 1.5, hoursDuring: 2, hoursAfter: 0.5 });
		// q, Beta: confirmed, not attended: during 0; before 2.
		const r3 = await addRegistration(ctx.db, b.sessionId, q, 'confirmed');
		await writeForm(ctx.db, r3, { hoursBefore: 2 });
		// Cancelled: not counted at all.
		const r4 = await addRegistration(ctx.db, a.sessionId, q, 'cancelled');
		await writeForm(ctx.db, r4, { hoursBefore: 100 });

		const now = nowIso();
		const [all] = await cycleSums(ctx.db, fx.programmeId, { now });
		expect(splitOf(all!)).toEqual({
			before: 7.5,
			during: 5,
			after: 3.5,
			total: 16,
			percent: { before: 47, during: 31, after: 22 },
			count: 3
		});
		const perPerson = await cycleSums(ctx.db, fx.programmeId, { now, groupBy: 'person' });
		expect(splitOf(perPerson.find((g) => g.key === p)!).total).toBe(14);
		expect(splitOf(perPerson.find((g) => g.key === q)!)).toMatchObject({ before: 2, during: 0, after: 0 });
		const perActivity = await cycleSums(ctx.db, fx.programmeId, { now, groupBy: 'activity' });
		expect(
			perActivity.map((g) => [g.label.slice(0, 5), splitOf(g).total]).sort((x, y) => (x[0]! < y[0]! ? -1 : 1))
		).toEqual([
			['Alpha', 10],
			['Beta', 6]
		]);
		// Unit filter (team A only): q's one registration.
		const [team] = await cycleSums(ctx.db, fx.programmeId, { now, unitIds: [fx.units.teamA] });
		expect(splitOf(team!).total).toBe(2);
		expect(all).toMatchObject({ registrations: 3, beforeDone: 1, afterDone: 0, overdue: 0 });
	});

	it('pages the split per person by name, summing only the page’s people, for a unit list or subtree', async () => {
		const now = nowIso();
		const s = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 3, hours: 2 });
		// Workplace A and its team: inA and inTeam (and managerA) with one registration each.
		for (const person of [fx.people.inA, fx.people.inTeam, fx.people.managerA])
			await addRegistration(ctx.db, s.sessionId, person, 'attended', 2);
		const units = [fx.units.workplaceA, fx.units.teamA];
		const all = await cycleSums(ctx.db, fx.programmeId, { now, unitIds: units, groupBy: 'person' });
		expect(all.length).toBeGreaterThanOrEqual(3);
		const byName = [...all].sort((x, y) =>
			x.label < y.label ? -1 : x.label > y.label ? 1 : x.key! - y.key!
		);
		for (const unitIds of [units, subtreeUnitsQuery(ctx.db, fx.units.workplaceA)]) {
			expect(await cyclePeopleCount(ctx.db, fx.programmeId, unitIds)).toBe(all.length);
			for (let offset = 0; offset < all.length; offset += 2) {
				const page = await cycleSums(ctx.db, fx.programmeId, {
					now,
					unitIds,
					groupBy: 'person',
					paging: { limit: 2, offset }
				});
				expect(page).toEqual(byName.slice(offset, offset + 2));
			}
		}
	});

	it('nudges each overdue follow-up once, even from two instances at once', async () => {
		const old = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 40 });
		const recent = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 5 });
		const overdueNoForm = await addRegistration(ctx.db, old.sessionId, fx.people.inB, 'attended', 2.5);
		const overdueWithForm = await addRegistration(ctx.db, old.sessionId, fx.people.participant, 'attended');
		await writeForm(ctx.db, overdueWithForm, { hoursBefore: 1 });
		const done = await addRegistration(ctx.db, old.sessionId, fx.people.managerB, 'attended');
		await writeForm(ctx.db, done, { afterCompletedAt: nowIso() });
		await addRegistration(ctx.db, old.sessionId, fx.people.inA, 'absent');
		await addRegistration(ctx.db, recent.sessionId, fx.people.inTeam, 'attended');

		const now = new Date();
		const [sums] = await cycleSums(ctx.db, fx.programmeId, { now: now.toISOString() });
		expect(sums!.overdue).toBe(2);

		const [x, y] = await Promise.all([sendDueNudges(ctx.db, now), sendDueNudges(other, now)]);
		expect([...x, ...y].sort((m, n) => m - n)).toEqual([overdueNoForm, overdueWithForm]);
		const outbox = await ctx.db
			.selectFrom('outbox')
			.select(['personId', 'subject', 'textBody'])
			.where('kind', '=', 'cycle.followup')
			.execute();
		expect(outbox.map((o) => o.personId).sort()).toEqual([fx.people.participant, fx.people.inB].sort());
		expect(outbox[0]!.subject).toMatch(/^Dags att följa upp/);
		expect(outbox[0]!.textBody).toMatch(/\/cycle\/\d+/);
		// A second run, even later, sends nothing more.
		expect(await sendDueNudges(ctx.db, new Date(Date.now() + DAY))).toEqual([]);
		const form = await ctx.db
			.selectFrom('cycleForms')
			.select(['nudgedAt', 'afterDueAt', 'hoursBefore'])
			.where('registrationId', '=', overdueWithForm)
			.executeTakeFirstOrThrow();
		expect(form.nudgedAt).not.toBeNull();
		expect(Number(form.hoursBefore)).toBe(1);
	});
});
