import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { makeSession, makeStaff } from '../registrations/registrations.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import { decideNeed, getNeed, listNeeds, raiseNeed, setVote } from './needs.service.ts';
import { PlansRuleError } from './plans.errors.ts';
import { needDecisionSchema, workplacePlanSchema } from './plans.schema.ts';
import {
	addDialogue,
	addIndividualGoal,
	addPlannedActivity,
	addWorkplaceGoal,
	createIndividualPlan,
	createWorkplacePlan,
	getIndividualPlan,
	getPersonPlans,
	listWorkplacePlans,
	linkedWorkplaceGoalsQuery,
	unitPlanOverview,
	updateIndividualGoal
} from './plans.service.ts';
import {
	addSwotItem,
	archiveSwotItem,
	getSwotBoard,
	moveSwotItem,
	programmeSwotThemes,
	updateSwotItem
} from './swot.service.ts';

const denied = (p: Promise<unknown>) => expect(p).rejects.toBeInstanceOf(AccessDeniedError);
const rule = (p: Promise<unknown>, key: string) =>
	expect(p).rejects.toSatisfy((e) => e instanceof PlansRuleError && e.key === key);

async function count(
	db: Db,
	table: 'needs' | 'needVotes' | 'swotItems' | 'individualGoals' | 'workplacePlans'
) {
	const r = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

describeEachDb('plans: SWOT, needs and competence plans', (ctx) => {
	let fx: ProgrammeFixture;
	const a: Record<string, Actor> = {};

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'plans');
		for (const [k, id] of Object.entries(fx.people)) a[k] = (await loadActor(ctx.db, id))!;
	});

	describe('SWOT', () => {
		it('members and the manager add items; others in the programme read but cannot add', async () => {
			const { workplaceA, workplaceB } = fx.units;
			const s = await addSwotItem(ctx.db, a.inTeam!, fx.programmeId, {
				unitId: workplaceA,
				category: 'strength',
				text: 'Curious staff',
				theme: 'Digital skills'
			});
			expect(s).toMatchObject({ unitId: workplaceA, priority: 0, authorId: a.inTeam!.personId });
			await addSwotItem(ctx.db, a.managerA!, fx.programmeId, {
				unitId: workplaceA,
				category: 'strength',
				text: 'Good premises',
				theme: 'digital  SKILLS'
			});
			await addSwotItem(ctx.db, a.participant!, fx.programmeId, {
				unitId: workplaceB,
				category: 'weakness',
				text: 'Few e-book skills',
				theme: 'Digital skills'
			});
			const before = await count(ctx.db, 'swotItems');
			await denied(
				addSwotItem(ctx.db, a.participant!, fx.programmeId, {
					unitId: workplaceA,
					category: 'threat',
					text: 'x'
				})
			);
			await denied(
				addSwotItem(ctx.db, a.inOther!, fx.programmeId, { unitId: workplaceA, category: 'threat', text: 'x' })
			);
			// The programme board is the office's.
			await denied(addSwotItem(ctx.db, a.managerA!, fx.programmeId, { category: 'threat', text: 'x' }));
			expect(await count(ctx.db, 'swotItems')).toBe(before);

			const board = await getSwotBoard(ctx.db, a.participant!, fx.programmeId, workplaceA);
			expect(board.canContribute).toBe(false);
			const strengths = board.categories.find((c) => c.category === 'strength')!;
			expect(strengths.items.map((i) => i.text)).toEqual(['Curious staff', 'Good premises']);
			expect(strengths.themes).toHaveLength(1);
			await denied(getSwotBoard(ctx.db, a.inOther!, fx.programmeId, workplaceA));
		});

		it('the manager orders items; staff cannot; authors archive their own', async () => {
			const { workplaceA } = fx.units;
			const board = await getSwotBoard(ctx.db, a.managerA!, fx.programmeId, workplaceA);
			const [first, second] = board.categories.find((c) => c.category === 'strength')!.items;
			await denied(moveSwotItem(ctx.db, a.inTeam!, second!.id, 'up'));
			await moveSwotItem(ctx.db, a.managerA!, second!.id, 'up');
			const after = await getSwotBoard(ctx.db, a.inTeam!, fx.programmeId, workplaceA);
			expect(after.categories[0]!.items.map((i) => i.id)).toEqual([second!.id, first!.id]);
			// The staff member may not edit the manager's item, but may edit their own.
			await denied(updateSwotItem(ctx.db, a.inTeam!, second!.id, { text: 'changed' }));
			await updateSwotItem(ctx.db, a.inTeam!, first!.id, { text: 'Very curious staff' });
			const extra = await addSwotItem(ctx.db, a.inA!, fx.programmeId, {
				unitId: workplaceA,
				category: 'threat',
				text: 'Budget cuts'
			});
			await denied(archiveSwotItem(ctx.db, a.inTeam!, extra.id));
			await archiveSwotItem(ctx.db, a.inA!, extra.id);
			const final = await getSwotBoard(ctx.db, a.managerA!, fx.programmeId, workplaceA);
			expect(final.categories.find((c) => c.category === 'threat')!.items).toHaveLength(0);
		});

		it('the programme view counts themes that recur across workplaces', async () => {
			const themes = await programmeSwotThemes(ctx.db, a.steering!, fx.programmeId);
			const digital = themes.recurring.find((t) => t.theme.toLowerCase() === 'digital skills')!;
			expect(digital.counts).toEqual({ strength: 2, weakness: 1, opportunity: 0, threat: 0 });
			expect(digital.units.map((u) => u.id).sort()).toEqual(
				[fx.units.workplaceA, fx.units.workplaceB].sort()
			);
			await denied(programmeSwotThemes(ctx.db, a.inOther!, fx.programmeId));
		});
	});

	describe('needs', () => {
		let needId: number;

		it('raises needs; bad references change nothing', async () => {
			const n = await raiseNeed(ctx.db, a.participant!, fx.programmeId, {
				title: 'E-book download skills',
				unitId: fx.units.workplaceB,
				suggestedForm: 'course_basic'
			});
			needId = n.id;
			expect(n).toMatchObject({ status: 'new', voteCount: 0, unitName: expect.any(String) });
			const before = await count(ctx.db, 'needs');
			await rule(
				raiseNeed(ctx.db, a.participant!, fx.programmeId, { title: 'x', unitId: fx.units.workplaceA }),
				'error.unknownId'
			);
			await rule(
				raiseNeed(ctx.db, a.participant!, fx.programmeId, { title: 'x', trackId: 999999 }),
				'error.unknownId'
			);
			await denied(raiseNeed(ctx.db, a.inOther!, fx.programmeId, { title: 'x' }));
			expect(await count(ctx.db, 'needs')).toBe(before);
		});

		it('counts 50 concurrent votes exactly, one per person', async () => {
			const staff = await makeStaff(ctx.db, fx.programmeId, fx.units.workplaceB, 50, 'voters');
			await Promise.all(staff.map((s) => setVote(ctx.db, s, needId, true)));
			expect((await getNeed(ctx.db, a.office!, needId)).voteCount).toBe(50);
			// Voting twice (also concurrently) changes nothing.
			await Promise.all(staff.slice(0, 10).map((s) => setVote(ctx.db, s, needId, true)));
			expect((await getNeed(ctx.db, a.office!, needId)).voteCount).toBe(50);
			await Promise.all(staff.slice(0, 20).map((s) => setVote(ctx.db, s, needId, false)));
			await Promise.all(staff.slice(0, 5).map((s) => setVote(ctx.db, s, needId, false)));
			const n = await getNeed(ctx.db, staff[30]!, needId);
			expect(n).toMatchObject({ voteCount: 30, votedByMe: true });
			expect(
				await ctx.db.selectFrom('needVotes').select('personId').where('needId', '=', needId).execute()
			).toHaveLength(30);
			await denied(setVote(ctx.db, a.inOther!, needId, true));
		});

		it('lists by votes, filters by status', async () => {
			await raiseNeed(ctx.db, a.inA!, fx.programmeId, { title: 'Marketing on social media' });
			const list = await listNeeds(ctx.db, a.inA!, fx.programmeId, { sort: 'votes' });
			expect(list[0]!.id).toBe(needId);
			expect((await listNeeds(ctx.db, a.inA!, fx.programmeId, { q: 'e-BOOK' })).map((n) => n.id)).toEqual([
				needId
			]);
			expect(await listNeeds(ctx.db, a.inA!, fx.programmeId, { status: 'met' })).toEqual([]);
		});

		it('only the office decides; declining needs a reason; activities must be in the programme', async () => {
			const sessionId = await makeSession(ctx.db, fx.programmeId);
			const { activityId } = await ctx.db
				.selectFrom('sessions')
				.select('activityId')
				.where('id', '=', sessionId)
				.executeTakeFirstOrThrow();
			await denied(decideNeed(ctx.db, a.managerB!, needId, { status: 'planned', activityIds: [] }));
			expect(needDecisionSchema.safeParse({ status: 'declined' }).success).toBe(false);
			await rule(
				decideNeed(ctx.db, a.office!, needId, { status: 'declined', activityIds: [] }),
				'plans.error.reasonRequired'
			);
			const otherSession = await makeSession(ctx.db, fx.otherProgrammeId);
			const other = await ctx.db
				.selectFrom('sessions')
				.select('activityId')
				.where('id', '=', otherSession)
				.executeTakeFirstOrThrow();
			await rule(
				decideNeed(ctx.db, a.office!, needId, {
					status: 'planned',
					activityIds: [activityId, other.activityId]
				}),
				'error.unknownId'
			);
			expect((await getNeed(ctx.db, a.office!, needId)).status).toBe('new');

			const planned = await decideNeed(ctx.db, a.office!, needId, {
				status: 'planned',
				priority: 1,
				activityIds: [activityId]
			});
			expect(planned).toMatchObject({ status: 'planned', priority: 1, activities: [{ id: activityId }] });
			const declined = await decideNeed(ctx.db, a.office!, needId, {
				status: 'declined',
				declineReason: 'Covered by the regional course',
				activityIds: []
			});
			expect(declined).toMatchObject({
				status: 'declined',
				declineReason: 'Covered by the regional course',
				activities: []
			});
			await rule(setVote(ctx.db, a.inA!, needId, true), 'plans.error.needClosed');
		});
	});

	describe('competence plans', () => {
		let wpA: number;
		let wpB: number;
		let goalA: number;
		let goalB: number;
		let teamPlan: number;

		it('the manager creates the workplace plan; staff and other managers cannot', async () => {
			const input = {
				unitId: fx.units.workplaceA,
				title: 'Plan A',
				periodStart: '2026-01-01',
				periodEnd: '2026-12-31',
				focusAreas: 'Digital inclusion'
			};
			await denied(createWorkplacePlan(ctx.db, a.inA!, input));
			await denied(createWorkplacePlan(ctx.db, a.managerB!, input));
			expect(workplacePlanSchema.safeParse({ ...input, periodEnd: '2025-01-01' }).success).toBe(false);
			const plan = await createWorkplacePlan(ctx.db, a.managerA!, input);
			wpA = plan.id;
			goalA = (await addWorkplaceGoal(ctx.db, a.managerA!, wpA, { text: 'Everyone can help with e-books' }))
				.goals[0]!.id;
			await rule(
				addWorkplaceGoal(ctx.db, a.managerA!, wpA, { text: 'x', trackId: 999999 }),
				'error.unknownId'
			);
			const b = await createWorkplacePlan(ctx.db, a.office!, {
				...input,
				unitId: fx.units.workplaceB,
				title: 'Plan B'
			});
			wpB = b.id;
			goalB = (await addWorkplaceGoal(ctx.db, a.managerB!, wpB, { text: 'Better service' })).goals[0]!.id;
			expect((await listWorkplacePlans(ctx.db, a.inTeam!, fx.units.workplaceA)).plans[0]!.goals).toHaveLength(
				1
			);
		});

		it('individual goals link only to a goal of the unit plan', async () => {
			// inTeam works in Team A under Workplace A: the plan is tied to Workplace A's plan.
			const plan = await createIndividualPlan(ctx.db, a.inTeam!, {
				personId: a.inTeam!.personId,
				periodStart: '2026-02-01',
				periodEnd: '2026-12-31'
			});
			teamPlan = plan.id;
			expect(plan.workplacePlanId).toBe(wpA);
			const before = await count(ctx.db, 'individualGoals');
			await rule(
				addIndividualGoal(ctx.db, a.inTeam!, teamPlan, { text: 'x', workplaceGoalId: goalB }),
				'plans.error.goalNotInUnitPlan'
			);
			await rule(
				addIndividualGoal(ctx.db, a.inTeam!, teamPlan, { text: 'x', workplaceGoalId: 999999 }),
				'plans.error.goalNotInUnitPlan'
			);
			expect(await count(ctx.db, 'individualGoals')).toBe(before);
			const linked = await addIndividualGoal(ctx.db, a.inTeam!, teamPlan, {
				text: 'Learn the e-book apps',
				workplaceGoalId: goalA
			});
			const unlinked = await addIndividualGoal(ctx.db, a.managerA!, teamPlan, { text: 'Read more' });
			expect(unlinked.goals.map((g) => g.workplaceGoalId)).toEqual([goalA, null]);
			await rule(
				updateIndividualGoal(ctx.db, a.inTeam!, linked.goals[0]!.id, { workplaceGoalId: goalB }),
				'plans.error.goalNotInUnitPlan'
			);
			expect((await getIndividualPlan(ctx.db, a.inTeam!, teamPlan)).goals[0]!.workplaceGoalId).toBe(goalA);
		});

		it('a planned activity is done when the linked session was attended', async () => {
			const sessionId = await makeSession(ctx.db, fx.programmeId);
			const foreign = await makeSession(ctx.db, fx.otherProgrammeId);
			await rule(addPlannedActivity(ctx.db, a.inTeam!, teamPlan, { sessionId: foreign }), 'error.unknownId');
			await addPlannedActivity(ctx.db, a.inTeam!, teamPlan, { sessionId });
			await addPlannedActivity(ctx.db, a.inTeam!, teamPlan, {
				description: 'Job shadowing at the county library'
			});
			await ctx.db
				.insertInto('registrations')
				.values({ sessionId, personId: a.inTeam!.personId, status: 'attended', updatedAt: nowIso() })
				.execute();
			const plan = await getIndividualPlan(ctx.db, a.managerA!, teamPlan);
			expect(plan.activities.map((x) => x.status)).toEqual(['done', 'planned']);
		});

		it('policy: own plan, own unit manager, office; 404 for everyone else', async () => {
			await createIndividualPlan(ctx.db, a.participant!, {
				personId: a.participant!.personId,
				periodStart: '2026-01-01',
				periodEnd: '2026-12-31'
			});
			expect((await getPersonPlans(ctx.db, a.participant!, a.participant!.personId)).plans).toHaveLength(1);
			expect((await getPersonPlans(ctx.db, a.managerB!, a.participant!.personId)).canManage).toBe(true);
			expect((await getPersonPlans(ctx.db, a.office!, a.participant!.personId)).plans).toHaveLength(1);
			// A manager never sees another unit's plans; a participant only their own.
			await denied(getPersonPlans(ctx.db, a.managerA!, a.participant!.personId));
			await denied(getPersonPlans(ctx.db, a.participant!, a.inTeam!.personId));
			await denied(getIndividualPlan(ctx.db, a.participant!, teamPlan));
			await denied(getIndividualPlan(ctx.db, a.managerB!, teamPlan));
			await denied(getPersonPlans(ctx.db, a.evaluator!, a.inTeam!.personId));
			await denied(getPersonPlans(ctx.db, a.otherOffice!, a.inTeam!.personId));
			await denied(getPersonPlans(ctx.db, a.participant!, 999999));
			await denied(addIndividualGoal(ctx.db, a.managerB!, teamPlan, { text: 'x' }));
			await denied(
				createIndividualPlan(ctx.db, a.participant!, {
					personId: a.inTeam!.personId,
					periodStart: '2026-01-01',
					periodEnd: '2026-02-01'
				})
			);
			await denied(unitPlanOverview(ctx.db, a.managerB!, fx.units.workplaceA));
			await denied(unitPlanOverview(ctx.db, a.inA!, fx.units.workplaceA));
		});

		it('dialogues are written by the manager and read by the person', async () => {
			await denied(addDialogue(ctx.db, a.inTeam!, a.inTeam!.personId, { heldOn: '2026-03-01' }));
			await denied(addDialogue(ctx.db, a.managerB!, a.inTeam!.personId, { heldOn: '2026-03-01' }));
			await addDialogue(ctx.db, a.managerA!, a.inTeam!.personId, {
				heldOn: '2026-03-01',
				notes: 'Good year',
				agreedGoals: 'E-books'
			});
			const mine = await getPersonPlans(ctx.db, a.inTeam!, a.inTeam!.personId);
			expect(mine.canManage).toBe(false);
			expect(mine.dialogues).toMatchObject([
				{ heldOn: '2026-03-01', notes: 'Good year', managerId: a.managerA!.personId }
			]);
		});

		it('the unit overview and coverage’s linked goals report plans, unlinked goals and done activities', async () => {
			const o = await unitPlanOverview(ctx.db, a.managerA!, fx.units.workplaceA, { on: '2026-06-01' });
			expect(o.workplacePlan?.id).toBe(wpA);
			const team = o.people.find((p) => p.personId === a.inTeam!.personId)!;
			expect(team).toMatchObject({ planId: teamPlan, goals: 2, activitiesPlanned: 2, activitiesDone: 1 });
			expect(team.unlinkedGoals.map((g) => g.text)).toEqual(['Read more']);
			expect(o.people.find((p) => p.personId === a.inA!.personId)!.planId).toBeNull();
			expect(o.people.some((p) => p.personId === a.participant!.personId)).toBe(false);
			expect(o.totals).toMatchObject({ withPlan: 1, unlinkedGoals: 1, activitiesDone: 1 });

			// Coverage's correlated subquery: the workplace goals a person's current goals link to.
			const linked = (personId: number, on: string) =>
				linkedWorkplaceGoalsQuery(ctx.db, sql.val(personId), on)
					.execute()
					.then((rows) => rows.map((g) => g.workplaceGoalId));
			expect(await linked(a.inTeam!.personId, '2026-06-01')).toEqual([goalA]);
			expect(await linked(a.inA!.personId, '2026-06-01')).toEqual([]);
			expect(await linked(a.inTeam!.personId, '2030-01-01')).toEqual([]);
		});
	});
});
