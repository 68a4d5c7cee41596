import { afterAll, beforeAll, expect, it } from 'vitest';
import * as swotRoute from '../../../routes/api/v1/swot/+server.ts';
import * as swotItemRoute from '../../../routes/api/v1/swot/[id]/+server.ts';
import * as swotOrderRoute from '../../../routes/api/v1/swot/order/+server.ts';
import * as themesRoute from '../../../routes/api/v1/swot/themes/+server.ts';
import * as needsRoute from '../../../routes/api/v1/needs/+server.ts';
import * as needRoute from '../../../routes/api/v1/needs/[id]/+server.ts';
import * as voteRoute from '../../../routes/api/v1/needs/[id]/vote/+server.ts';
import * as decisionRoute from '../../../routes/api/v1/needs/[id]/decision/+server.ts';
import * as workplaceRoute from '../../../routes/api/v1/plans/workplace/+server.ts';
import * as workplaceGoalsRoute from '../../../routes/api/v1/plans/workplace/[id]/goals/+server.ts';
import * as overviewRoute from '../../../routes/api/v1/plans/overview/+server.ts';
import * as individualRoute from '../../../routes/api/v1/plans/individual/+server.ts';
import * as individualOneRoute from '../../../routes/api/v1/plans/individual/[id]/+server.ts';
import * as individualGoalsRoute from '../../../routes/api/v1/plans/individual/[id]/goals/+server.ts';
import * as activitiesRoute from '../../../routes/api/v1/plans/individual/[id]/activities/+server.ts';
import * as goalRoute from '../../../routes/api/v1/plans/goals/[id]/+server.ts';
import * as dialoguesRoute from '../../../routes/api/v1/plans/dialogues/+server.ts';
import type { Db } from '../db/database.ts';
import { setDb } from '../db/index.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { plansOpenApi } from '../web/openapi/plans.ts';

const call = routeCaller({ path: '/api/v1/x' });

/** A snapshot of every plans table, to prove that refused or invalid calls change nothing. */
async function snapshot(db: Db) {
	const tables = [
		'swotItems',
		'needs',
		'needVotes',
		'needActivities',
		'workplacePlans',
		'workplaceGoals',
		'individualPlans',
		'individualGoals',
		'plannedActivities',
		'developmentDialogues'
	] as const;
	const out: Record<string, unknown> = {};
	for (const t of tables) out[t] = await db.selectFrom(t).selectAll().execute();
	return JSON.stringify(out);
}

describeEachDb('plans API', (ctx) => {
	let fx: ProgrammeFixture;
	const a: Record<string, Actor> = {};

	beforeAll(async () => {
		setDb(ctx.db);
		fx = await buildProgrammeFixture(ctx.db, 'plansapi');
		for (const [k, id] of Object.entries(fx.people)) a[k] = (await loadActor(ctx.db, id))!;
	});
	afterAll(() => setDb(undefined));

	it('SWOT: add, read, order; bad input and refusals change nothing', async () => {
		const add = (actor: Actor, body: unknown) => call(swotRoute.POST, actor, { method: 'POST', body });
		const one = await add(a.inA!, {
			unitId: fx.units.workplaceA,
			category: 'strength',
			text: 'One',
			theme: 'IT'
		});
		expect(one.status).toBe(201);
		const two = await add(a.managerA!, { unitId: fx.units.workplaceA, category: 'strength', text: 'Two' });
		await add(a.participant!, {
			unitId: fx.units.workplaceB,
			category: 'threat',
			text: 'Three',
			theme: 'it'
		});

		const before = await snapshot(ctx.db);
		expect((await add(a.inA!, { unitId: fx.units.workplaceA, category: 'nope', text: 'x' })).status).toBe(
			422
		);
		expect((await add(a.inA!, { unitId: fx.units.workplaceA, category: 'strength', text: '' })).status).toBe(
			422
		);
		expect(
			(await add(a.inA!, { unitId: fx.units.workplaceA, category: 'strength', text: 'x', extra: 1 })).status
		).toBe(422);
		expect((await call(swotRoute.POST, a.inA!, { method: 'POST', rawBody: '{' })).status).toBe(400);
		expect(
			(await add(a.participant!, { unitId: fx.units.workplaceA, category: 'strength', text: 'x' })).status
		).toBe(404);
		expect(
			(await add(a.inOther!, { unitId: fx.units.workplaceA, category: 'strength', text: 'x' })).status
		).toBe(404);
		expect((await call(swotRoute.POST, null, { method: 'POST', body: {} })).status).toBe(401);
		const badOrder = await call(swotOrderRoute.PUT, a.managerA!, {
			method: 'PUT',
			body: { unitId: fx.units.workplaceA, category: 'strength', ids: [one.body!.id] }
		});
		expect(badOrder.status).toBe(422);
		const staffOrder = await call(swotOrderRoute.PUT, a.inA!, {
			method: 'PUT',
			body: { unitId: fx.units.workplaceA, category: 'strength', ids: [two.body!.id, one.body!.id] }
		});
		expect(staffOrder.status).toBe(404);
		expect(
			(
				await call(swotItemRoute.PATCH, a.inA!, {
					method: 'PATCH',
					params: { id: String(two.body!.id) },
					body: { text: 'x' }
				})
			).status
		).toBe(404);
		expect(
			(await call(swotItemRoute.DELETE, a.inA!, { method: 'DELETE', params: { id: 'abc' } })).status
		).toBe(404);
		expect(await snapshot(ctx.db)).toBe(before);

		const ordered = await call(swotOrderRoute.PUT, a.managerA!, {
			method: 'PUT',
			body: { unitId: fx.units.workplaceA, category: 'strength', ids: [two.body!.id, one.body!.id] }
		});
		expect(ordered.status).toBe(200);
		expect(ordered.body!.categories[0].items.map((i: { text: string }) => i.text)).toEqual(['Two', 'One']);
		const board = await call(swotRoute.GET, a.inB!, { path: `/api/v1/swot?unitId=${fx.units.workplaceA}` });
		expect(board.body).toMatchObject({ canContribute: false, unitId: fx.units.workplaceA });
		expect(
			(await call(swotRoute.GET, a.inOther!, { path: `/api/v1/swot?unitId=${fx.units.workplaceA}` })).status
		).toBe(404);
		expect((await call(swotRoute.GET, a.inA!, { path: `/api/v1/swot?unitId=x` })).status).toBe(400);
		const themes = await call(themesRoute.GET, a.inA!, { path: '/api/v1/swot/themes' });
		expect(themes.body!.recurring).toMatchObject([{ theme: 'IT', total: 2 }]);
	});

	it('needs: raise, vote, decide; a declined need needs a reason', async () => {
		const raised = await call(needsRoute.POST, a.participant!, {
			method: 'POST',
			body: { title: 'Digital inclusion', unitId: fx.units.workplaceB, suggestedForm: 'peer_learning' }
		});
		expect(raised.status).toBe(201);
		const id = String(raised.body!.id);
		const before = await snapshot(ctx.db);
		expect(
			(await call(needsRoute.POST, a.participant!, { method: 'POST', body: { title: '' } })).status
		).toBe(422);
		expect(
			(
				await call(needsRoute.POST, a.participant!, {
					method: 'POST',
					body: { title: 'x', unitId: fx.units.workplaceA }
				})
			).status
		).toBe(422);
		const noReason = await call(decisionRoute.POST, a.office!, {
			method: 'POST',
			params: { id },
			body: { status: 'declined' }
		});
		expect(noReason.status).toBe(422);
		expect(noReason.body!.error.fields.declineReason).toEqual(['Give a reason for declining the need.']);
		expect(
			(
				await call(decisionRoute.POST, a.managerB!, {
					method: 'POST',
					params: { id },
					body: { status: 'planned' }
				})
			).status
		).toBe(404);
		expect(
			(
				await call(decisionRoute.POST, a.office!, {
					method: 'POST',
					params: { id },
					body: { status: 'planned', activityIds: [999999] }
				})
			).status
		).toBe(422);
		expect((await call(voteRoute.POST, a.inOther!, { method: 'POST', params: { id } })).status).toBe(404);
		expect((await call(needsRoute.GET, a.inA!, { path: '/api/v1/needs?sort=loudest' })).status).toBe(400);
		expect(await snapshot(ctx.db)).toBe(before);

		expect((await call(voteRoute.POST, a.inA!, { method: 'POST', params: { id } })).body).toMatchObject({
			voteCount: 1,
			votedByMe: true
		});
		expect((await call(voteRoute.POST, a.inA!, { method: 'POST', params: { id } })).body!.voteCount).toBe(1);
		expect((await call(voteRoute.DELETE, a.inA!, { method: 'DELETE', params: { id } })).body!.voteCount).toBe(
			0
		);
		expect((await call(voteRoute.DELETE, a.inA!, { method: 'DELETE', params: { id } })).body!.voteCount).toBe(
			0
		);
		const declined = await call(decisionRoute.POST, a.office!, {
			method: 'POST',
			params: { id },
			body: { status: 'declined', declineReason: 'Done last year' }
		});
		expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'Done last year' });
		expect((await call(voteRoute.POST, a.inA!, { method: 'POST', params: { id } })).status).toBe(409);
		const list = await call(needsRoute.GET, a.inA!, { path: '/api/v1/needs?status=declined' });
		expect(list.body!.data.map((n: { id: number }) => n.id)).toEqual([Number(id)]);
		expect((await call(needRoute.GET, a.inOther!, { params: { id } })).status).toBe(404);
	});

	it('plans: workplace and individual plans, linking, policy as 404', async () => {
		const wp = await call(workplaceRoute.POST, a.managerB!, {
			method: 'POST',
			body: {
				unitId: fx.units.workplaceB,
				title: 'Plan B',
				periodStart: '2026-01-01',
				periodEnd: '2026-12-31'
			}
		});
		expect(wp.status).toBe(201);
		const goal = await call(workplaceGoalsRoute.POST, a.managerB!, {
			method: 'POST',
			params: { id: String(wp.body!.id) },
			body: { text: 'Everyone helps with e-books' }
		});
		const goalId = goal.body!.goals[0].id;
		const wpA = await call(workplaceRoute.POST, a.managerA!, {
			method: 'POST',
			body: {
				unitId: fx.units.workplaceA,
				title: 'Plan A',
				periodStart: '2026-01-01',
				periodEnd: '2026-12-31'
			}
		});
		const goalA = (
			await call(workplaceGoalsRoute.POST, a.managerA!, {
				method: 'POST',
				params: { id: String(wpA.body!.id) },
				body: { text: 'A goal' }
			})
		).body!.goals[0].id;

		const before = await snapshot(ctx.db);
		const bad = [
			await call(workplaceRoute.POST, a.managerB!, {
				method: 'POST',
				body: { unitId: fx.units.workplaceB, title: 'x', periodStart: '2026-12-31', periodEnd: '2026-01-01' }
			}),
			await call(workplaceRoute.POST, a.managerB!, {
				method: 'POST',
				body: { unitId: fx.units.workplaceB, title: 'x', periodStart: '2026-02-30', periodEnd: '2026-03-01' }
			}),
			await call(workplaceRoute.POST, a.managerA!, {
				method: 'POST',
				body: { unitId: fx.units.workplaceB, title: 'x', periodStart: '2026-01-01', periodEnd: '2026-03-01' }
			}),
			await call(individualRoute.POST, a.participant!, {
				method: 'POST',
				body: { personId: a.inA!.personId, periodStart: '2026-01-01', periodEnd: '2026-03-01' }
			}),
			await call(dialoguesRoute.POST, a.participant!, {
				method: 'POST',
				body: { personId: a.participant!.personId, heldOn: '2026-03-01' }
			}),
			await call(dialoguesRoute.POST, a.managerB!, {
				method: 'POST',
				body: { personId: a.participant!.personId, heldOn: 'yesterday' }
			})
		];
		expect(bad.map((r) => r.status)).toEqual([422, 422, 404, 404, 404, 422]);
		expect(await snapshot(ctx.db)).toBe(before);

		const mine = await call(individualRoute.POST, a.participant!, {
			method: 'POST',
			body: { personId: a.participant!.personId, periodStart: '2026-01-01', periodEnd: '2026-12-31' }
		});
		expect(mine.body).toMatchObject({ workplacePlanId: wp.body!.id });
		const planId = String(mine.body!.id);
		const before2 = await snapshot(ctx.db);
		const wrongLink = await call(individualGoalsRoute.POST, a.participant!, {
			method: 'POST',
			params: { id: planId },
			body: { text: 'x', workplaceGoalId: goalA }
		});
		expect(wrongLink.status).toBe(422);
		expect(wrongLink.body!.error.fields.workplaceGoalId).toBeDefined();
		expect(
			(await call(activitiesRoute.POST, a.participant!, { method: 'POST', params: { id: planId }, body: {} }))
				.status
		).toBe(422);
		expect(await snapshot(ctx.db)).toBe(before2);

		const linked = await call(individualGoalsRoute.POST, a.participant!, {
			method: 'POST',
			params: { id: planId },
			body: { text: 'Learn the apps', workplaceGoalId: goalId }
		});
		expect(linked.status).toBe(201);
		const unlink = await call(goalRoute.PATCH, a.managerB!, {
			method: 'PATCH',
			params: { id: String(linked.body!.goals[0].id) },
			body: { workplaceGoalId: null }
		});
		expect(unlink.body!.goals[0].workplaceGoalId).toBeNull();

		// Reads: own, own unit's manager, office; 404 for another unit's manager and other staff.
		expect((await call(individualOneRoute.GET, a.participant!, { params: { id: planId } })).status).toBe(200);
		expect((await call(individualOneRoute.GET, a.managerB!, { params: { id: planId } })).status).toBe(200);
		expect((await call(individualOneRoute.GET, a.office!, { params: { id: planId } })).status).toBe(200);
		expect((await call(individualOneRoute.GET, a.managerA!, { params: { id: planId } })).status).toBe(404);
		expect((await call(individualOneRoute.GET, a.inB!, { params: { id: planId } })).status).toBe(404);
		expect((await call(individualOneRoute.GET, a.evaluator!, { params: { id: planId } })).status).toBe(404);
		const others = await call(individualRoute.GET, a.managerA!, {
			path: `/api/v1/plans/individual?personId=${a.participant!.personId}`
		});
		expect(others.status).toBe(404);
		const self = await call(individualRoute.GET, a.participant!, { path: '/api/v1/plans/individual' });
		expect(self.body!.data).toHaveLength(1);

		const overview = await call(overviewRoute.GET, a.managerB!, {
			path: `/api/v1/plans/overview?unitId=${fx.units.workplaceB}&on=2026-06-01`
		});
		expect(overview.body!.totals).toMatchObject({ withPlan: 1, unlinkedGoals: 1 });
		expect(
			(
				await call(overviewRoute.GET, a.managerA!, {
					path: `/api/v1/plans/overview?unitId=${fx.units.workplaceB}`
				})
			).status
		).toBe(404);
	});

	it('documents every path in OpenAPI', () => {
		const doc = buildOpenApiDocument([plansOpenApi], 'http://localhost/api/v1');
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining(['/swot', '/needs/{id}/vote', '/plans/overview'])
		);
		expect(doc.components.schemas).toHaveProperty('NeedDecision');
		expect(JSON.stringify(doc)).toContain('declineReason');
	});
});
