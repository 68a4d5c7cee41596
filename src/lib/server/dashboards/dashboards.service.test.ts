import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { addRegistration, DAY, makePastSession, writeForm } from '../cycle/cycle.fixtures.ts';
import { coverageByUnit, coverageOfUnits, sumCoverage } from '../processes/coverage.ts';
import { unitPlanOverview } from '../plans/plans.service.ts';
import { programmeDashboard, unitDashboard } from './dashboards.service.ts';

/**
 * The dashboards' figures are counted by the database (coverage, 40-20-40 completion and
 * split, the plans overview). These tests build a small programme by hand and compare every
 * figure with the value worked out by hand, and the split with the row-by-row arithmetic.
 */

const isoDay = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

async function workplaceGoals(db: Db, programmeId: number, unitId: number, texts: string[]) {
	const plan = await db
		.insertInto('workplacePlans')
		.values({
			programmeId,
			unitId,
			title: 'Plan',
			periodStart: isoDay(-100),
			periodEnd: isoDay(300),
			updatedAt: nowIso()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const ids: number[] = [];
	for (const [i, text] of texts.entries())
		ids.push(
			(
				await db
					.insertInto('workplaceGoals')
					.values({ workplacePlanId: plan.id, text, sortOrder: i })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id
		);
	return ids;
}

async function individualPlan(
	db: Db,
	personId: number,
	goals: { link: number | null; status?: 'open' | 'dropped' }[],
	period: [number, number] = [-30, 300]
) {
	const plan = await db
		.insertInto('individualPlans')
		.values({ personId, periodStart: isoDay(period[0]), periodEnd: isoDay(period[1]), updatedAt: nowIso() })
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const g of goals)
		await db
			.insertInto('individualGoals')
			.values({ individualPlanId: plan.id, text: 'Mål', workplaceGoalId: g.link, status: g.status ?? 'open' })
			.execute();
	return plan.id;
}

async function process(db: Db, programmeId: number, unitId: number, goalIds: number[], people: number[]) {
	const id = (
		await db
			.insertInto('processes')
			.values({ programmeId, unitId, title: 'Process', status: 'running', updatedAt: nowIso() })
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	for (const g of goalIds)
		await db.insertInto('processGoals').values({ processId: id, workplaceGoalId: g }).execute();
	for (const p of people)
		await db.insertInto('processParticipants').values({ processId: id, personId: p }).execute();
	return id;
}

describeEachDb('dashboards counted by the database', (ctx) => {
	let fx: ProgrammeFixture;
	let office: Actor;
	let managerA: Actor;
	let leadTeam: number;
	let gone: number;
	let g0: number;
	let inBGoal: number;
	let inTeamS1: number;
	const reg: Record<string, number> = {};

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, `agg-${ctx.dialect}`);
		office = (await loadActor(ctx.db, fx.people.office))!;
		managerA = (await loadActor(ctx.db, fx.people.managerA))!;
		const person = async (name: string, unitId: number, deactivated = false) =>
			(
				await ctx.db
					.insertInto('people')
					.values({
						programmeId: fx.programmeId,
						unitId,
						name: `${name} agg-${ctx.dialect}`,
						email: `${name}.agg-${ctx.dialect}@example.org`,
						emailNormalized: `${name}.agg-${ctx.dialect}@example.org`,
						deactivatedAt: deactivated ? nowIso() : null,
						updatedAt: nowIso()
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		// Staff of the region who manages Team A (a manager-only member of Team A).
		leadTeam = await person('leadTeam', fx.units.region);
		await ctx.db
			.insertInto('roleAssignments')
			.values({ personId: leadTeam, role: 'manager', programmeId: fx.programmeId, unitId: fx.units.teamA })
			.execute();
		gone = await person('gone', fx.units.workplaceB, true);

		const [goal0, g1] = await workplaceGoals(ctx.db, fx.programmeId, fx.units.workplaceB, ['G0', 'G1']);
		g0 = goal0!;
		// participant: current plan linking G0 (and a dropped goal linking G1).
		await individualPlan(ctx.db, fx.people.participant, [{ link: g0! }, { link: g1!, status: 'dropped' }]);
		// inB: current plan linking G1; an expired plan linking G0 does not count.
		const inBPlan = await individualPlan(ctx.db, fx.people.inB, [{ link: g1! }]);
		inBGoal = (
			await ctx.db
				.selectFrom('individualGoals')
				.select('id')
				.where('individualPlanId', '=', inBPlan)
				.executeTakeFirstOrThrow()
		).id;
		await individualPlan(ctx.db, fx.people.inB, [{ link: g0! }], [-400, -100]);
		// inTeam: current plan with an unlinked goal.
		await individualPlan(ctx.db, fx.people.inTeam, [{ link: null }]);
		// The deactivated person is in the process and has a plan: never counted.
		await individualPlan(ctx.db, gone, [{ link: g0! }]);
		await process(
			ctx.db,
			fx.programmeId,
			fx.units.workplaceB,
			[g0!],
			[fx.people.participant, fx.people.inB, fx.people.managerB, gone]
		);
		await process(ctx.db, fx.programmeId, fx.units.workplaceA, [], [fx.people.inA]);

		// 40-20-40: S1 ended 45 days ago (2 h), S2 2 days ago (3 h), S3 cancelled.
		const s1 = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 45, hours: 2, title: 'Alpha' });
		const s2 = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 2, hours: 3, title: 'Beta' });
		const s3 = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 10, hours: 5, title: 'Gamma' });
		await ctx.db
			.updateTable('sessions')
			.set({ status: 'cancelled' })
			.where('id', '=', s3.sessionId)
			.execute();
		reg.participantS1 = await addRegistration(ctx.db, s1.sessionId, fx.people.participant, 'attended');
		await writeForm(ctx.db, reg.participantS1, {
			hoursBefore: 4,
			hoursAfter: 2,
			beforeCompletedAt: nowIso()
		});
		reg.inBS1 = await addRegistration(ctx.db, s1.sessionId, fx.people.inB, 'attended', 1.5);
		reg.managerBS2 = await addRegistration(ctx.db, s2.sessionId, fx.people.managerB, 'confirmed');
		await writeForm(ctx.db, reg.managerBS2, { hoursDuring: 1 });
		reg.inAS1 = await addRegistration(ctx.db, s1.sessionId, fx.people.inA, 'attended');
		await writeForm(ctx.db, reg.inAS1, {
			hoursAfter: 3,
			afterCompletedAt: nowIso(),
			afterDueAt: new Date(Date.now() - 15 * DAY).toISOString()
		});
		// Stored due time in the past although the computed one (end + 30 days) is ahead: overdue.
		reg.inAS2 = await addRegistration(ctx.db, s2.sessionId, fx.people.inA, 'attended');
		await writeForm(ctx.db, reg.inAS2, { afterDueAt: new Date(Date.now() - DAY).toISOString() });
		inTeamS1 = await addRegistration(ctx.db, s1.sessionId, fx.people.inTeam, 'cancelled');
		await addRegistration(ctx.db, s3.sessionId, fx.people.inTeam, 'attended');
	});

	it('counts coverage per person and per unit as worked out by hand', async () => {
		const rows = await coverageOfUnits(ctx.db, fx.programmeId, [fx.units.workplaceB]);
		expect(
			rows.map((r) => [r.personId, r.manager, r.hasPlan, r.processCount, r.matchingProcessCount, r.status])
		).toEqual([
			[fx.people.inB, false, true, 1, 0, 'unmatched'],
			[fx.people.managerB, true, false, 1, 0, 'unmatched'],
			[fx.people.participant, false, true, 1, 1, 'covered']
		]);
		expect(rows.some((r) => r.personId === gone)).toBe(false);
		// Paged by name: the second of three, alone.
		expect(
			(await coverageOfUnits(ctx.db, fx.programmeId, [fx.units.workplaceB], { limit: 1, offset: 1 })).map(
				(r) => r.personId
			)
		).toEqual([fx.people.managerB]);

		// Team A alone: its staff and the manager-only member, who carries the managed unit.
		const team = await coverageOfUnits(ctx.db, fx.programmeId, [fx.units.teamA]);
		expect(team.map((r) => [r.personId, r.unitId, r.manager])).toEqual([
			[fx.people.inTeam, fx.units.teamA, false],
			[leadTeam, fx.units.teamA, true]
		]);

		// The whole programme: staff keep their own unit (leadTeam counts in the region).
		const all = await coverageByUnit(ctx.db, fx.programmeId, Object.values(fx.units).slice(0, 4));
		const of = (unitId: number) => all.find((u) => u.unitId === unitId);
		expect(of(fx.units.workplaceB)).toEqual({
			unitId: fx.units.workplaceB,
			people: 3,
			withPlan: 2,
			none: 0,
			unmatched: 2,
			covered: 1
		});
		expect(of(fx.units.workplaceA)).toEqual({
			unitId: fx.units.workplaceA,
			people: 2,
			withPlan: 0,
			none: 1,
			unmatched: 1,
			covered: 0
		});
		expect(of(fx.units.teamA)).toMatchObject({ people: 1, withPlan: 1, none: 1 });
		// Region: office, steering, evaluator, trainer and leadTeam.
		expect(of(fx.units.region)).toMatchObject({ people: 5, none: 5 });
		expect(sumCoverage(all)).toEqual({ people: 11, withPlan: 3, none: 7, unmatched: 3, covered: 1 });
	});

	it('sums 40-20-40 completion and hours as worked out by hand and as the row arithmetic does', async () => {
		const dash = await programmeDashboard(ctx.db, office, fx.programmeId);
		// 5 counted registrations (the cancelled one and the cancelled session are left out).
		expect(dash.totals.completion).toEqual({ registrations: 5, beforeDone: 1, afterDone: 1, overdue: 3 });
		// During: 2 (default: session hours) + 1.5 (credited) + 1 (logged) + 2 + 3.
		expect(dash.totals.split).toMatchObject({ before: 4, during: 9.5, after: 5, total: 18.5, count: 5 });
		expect(dash.totals.split.percent).toEqual({ before: 22, during: 51, after: 27 });
		expect(dash.totals.coverage).toEqual({ people: 11, none: 7, unmatched: 3, covered: 1 });
		expect(dash.totals.withPlan).toBe(3);

		expect(dash.splitByActivity.map((a) => [a.label, a.split.count, a.split.total])).toEqual([
			['Alpha', 3, 4 + 2 + 2 + 1.5 + 2 + 3],
			['Beta', 2, 1 + 3]
		]);
		expect(dash.activityPage).toEqual({ page: 1, pageSize: 50, total: 2 });
		const b = dash.workplaces.find((w) => w.unitId === fx.units.workplaceB)!;
		expect(b).toMatchObject({ people: 3, withPlan: 2 });
		expect(b.completion).toEqual({ registrations: 3, beforeDone: 1, afterDone: 0, overdue: 2 });
		expect(b.split).toMatchObject({ before: 4, during: 4.5, after: 2 });
		const a = dash.workplaces.find((w) => w.unitId === fx.units.workplaceA)!;
		expect(a.completion).toEqual({ registrations: 2, beforeDone: 0, afterDone: 1, overdue: 1 });
		// Overdue, the earliest session end first, then by name.
		expect(dash.overdue.map((o) => o.registrationId)).toEqual([reg.inBS1, reg.participantS1, reg.inAS2]);
	});

	it('pages the unit dashboard’s per-person lists and the plans overview in the database', async () => {
		const d = await unitDashboard(ctx.db, managerA, fx.units.workplaceA, new Date(), {
			coveragePage: 1,
			splitPage: 1
		});
		// Workplace A and Team A: their staff and Team A's manager-only member.
		expect(d.people).toBe(4);
		expect(d.coveragePage).toEqual({ page: 1, pageSize: 50, total: 4 });
		expect(d.coverageRows.map((r) => r.personId)).toEqual([
			fx.people.inA,
			fx.people.inTeam,
			leadTeam,
			fx.people.managerA
		]);
		expect(d.splitByPerson.map((p) => [p.key, p.split.count])).toEqual([[fx.people.inA, 2]]);
		expect(d.splitPersonPage.total).toBe(1);
		expect(d.overdue.map((o) => o.registrationId)).toEqual([reg.inAS2]);

		const first = await unitPlanOverview(ctx.db, managerA, fx.units.workplaceA, { pageSize: 2 });
		expect(first.people.map((p) => p.personId)).toEqual([fx.people.inA, fx.people.inTeam]);
		expect(first.people[1]).toMatchObject({ goals: 1, unlinkedGoals: [{ text: 'Mål' }] });
		expect(first.totals).toMatchObject({ people: 3, withPlan: 1, goals: 1, unlinkedGoals: 1 });
		const second = await unitPlanOverview(ctx.db, managerA, fx.units.workplaceA, { pageSize: 2, page: 2 });
		expect(second.people.map((p) => p.personId)).toEqual([fx.people.managerA]);
		expect(second.totals).toEqual(first.totals);
	});

	// Last: it changes the fixture.
	it('shows a change in the programme figures at once (the coverage snapshot goes stale)', async () => {
		const before = await programmeDashboard(ctx.db, office, fx.programmeId);
		expect(await programmeDashboard(ctx.db, office, fx.programmeId)).toEqual(before);
		expect(before.totals.coverage).toEqual({ people: 11, none: 7, unmatched: 3, covered: 1 });
		// inB's goal is linked to G0, which the workplace B process serves: inB becomes covered.
		await ctx.db
			.updateTable('individualGoals')
			.set({ workplaceGoalId: g0 })
			.where('id', '=', inBGoal)
			.execute();
		const linked = await programmeDashboard(ctx.db, office, fx.programmeId);
		expect(linked.totals.coverage).toEqual({ people: 11, none: 7, unmatched: 2, covered: 2 });
		expect(linked.workplaces.find((w) => w.unitId === fx.units.workplaceB)!.coverage).toEqual({
			people: 3,
			none: 0,
			unmatched: 1,
			covered: 2
		});
		// inTeam's cancelled registration is marked attended: one more counted registration.
		await ctx.db
			.updateTable('registrations')
			.set({ status: 'attended' })
			.where('id', '=', inTeamS1)
			.execute();
		const attended = await programmeDashboard(ctx.db, office, fx.programmeId);
		expect(attended.totals.completion.registrations).toBe(before.totals.completion.registrations + 1);
		// A deactivated person's plan ending today still counts only while they are active.
		await ctx.db
			.updateTable('people')
			.set({ deactivatedAt: nowIso() })
			.where('id', '=', fx.people.inB)
			.execute();
		const gone = await programmeDashboard(ctx.db, office, fx.programmeId);
		expect(gone.totals.coverage).toEqual({ people: 10, none: 7, unmatched: 2, covered: 1 });
		expect(gone.totals.withPlan).toBe(2);
	});
});
