import { isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as workplaceSwot from '../../../routes/workplaces/[unitId]/swot/+page.server.ts';
import * as workplacePlan from '../../../routes/workplaces/[unitId]/plan/+page.server.ts';
import * as programmeSwot from '../../../routes/swot/+page.server.ts';
import * as needsPage from '../../../routes/needs/+page.server.ts';
import * as needPage from '../../../routes/needs/[id]/+page.server.ts';
import * as personPage from '../../../routes/plans/[personId]/+page.server.ts';
import type { Db } from '../db/database.ts';
import { setDb } from '../db/index.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';

type Action = (event: unknown) => Promise<unknown>;

/** Posts a form to a page action the way SvelteKit does; returns the failure, the redirect, or the 404. */
async function post(
	action: unknown,
	actor: Actor,
	path: string,
	params: Record<string, string>,
	fields: Record<string, string | string[]>
) {
	const body = new URLSearchParams();
	for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
	const url = new URL('http://localhost' + path);
	const request = new Request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body
	});
	try {
		const out = (await (action as Action)({ request, url, params, locals: { actor, locale: 'en' } })) as {
			status: number;
			data: { errors: Record<string, string[]> };
		};
		return { status: out.status, errors: out.data.errors };
	} catch (e) {
		if (isRedirect(e)) return { status: e.status, location: e.location };
		if (e && typeof e === 'object' && 'status' in e) return { status: (e as { status: number }).status };
		throw e;
	}
}

async function snapshot(db: Db) {
	const out: Record<string, unknown> = {};
	for (const t of [
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
	] as const)
		out[t] = await db.selectFrom(t).selectAll().execute();
	return JSON.stringify(out);
}

describeEachDb('plans pages: form actions', (ctx) => {
	let fx: ProgrammeFixture;
	const a: Record<string, Actor> = {};

	beforeAll(async () => {
		setDb(ctx.db);
		fx = await buildProgrammeFixture(ctx.db, 'plansforms');
		for (const [k, id] of Object.entries(fx.people)) a[k] = (await loadActor(ctx.db, id))!;
	});
	afterAll(() => setDb(undefined));

	it('bad input answers 400 with field messages and changes nothing; refusals are 404', async () => {
		const A = String(fx.units.workplaceA);
		const B = String(fx.units.workplaceB);
		const me = String(a.participant!.personId);
		const before = await snapshot(ctx.db);

		const swot = await post(
			workplaceSwot.actions.add,
			a.inA!,
			`/workplaces/${A}/swot?/add`,
			{ unitId: A },
			{
				category: 'strength',
				text: ''
			}
		);
		expect(swot).toMatchObject({ status: 400, errors: { text: ['This field is required.'] } });
		expect(
			(
				await post(
					workplaceSwot.actions.add,
					a.inA!,
					`/workplaces/${A}/swot?/add`,
					{ unitId: A },
					{ category: 'x', text: 'y' }
				)
			).status
		).toBe(400);
		expect(
			(
				await post(
					workplaceSwot.actions.add,
					a.inA!,
					`/workplaces/${B}/swot?/add`,
					{ unitId: B },
					{ category: 'threat', text: 'y' }
				)
			).status
		).toBe(404);
		expect(
			(
				await post(
					workplaceSwot.actions.move,
					a.inA!,
					`/workplaces/${A}/swot?/move`,
					{ unitId: A },
					{ id: 'x', direction: 'up' }
				)
			).status
		).toBe(400);
		expect(
			(await post(programmeSwot.actions.add, a.inA!, '/swot?/add', {}, { category: 'threat', text: 'y' }))
				.status
		).toBe(404);

		expect(await post(needsPage.actions.raise, a.inA!, '/needs?/raise', {}, { title: '' })).toMatchObject({
			status: 400,
			errors: { title: expect.any(Array) }
		});
		expect(
			await post(needsPage.actions.raise, a.inA!, '/needs?/raise', {}, { title: 'x', unitId: B })
		).toMatchObject({
			status: 400,
			errors: { unitId: expect.any(Array) }
		});
		expect(
			(await post(needsPage.actions.vote, a.inA!, '/needs?/vote', {}, { id: '999999', vote: 'yes' })).status
		).toBe(404);

		expect(
			await post(
				workplacePlan.actions.create,
				a.managerA!,
				`/workplaces/${A}/plan?/create`,
				{ unitId: A },
				{
					unitId: A,
					title: 'P',
					periodStart: '2026-05-01',
					periodEnd: '2026-01-01'
				}
			)
		).toMatchObject({ status: 400, errors: { periodEnd: ['The period must end on or after its start.'] } });
		expect(
			(
				await post(
					workplacePlan.actions.create,
					a.inA!,
					`/workplaces/${A}/plan?/create`,
					{ unitId: A },
					{
						unitId: A,
						title: 'P',
						periodStart: '2026-01-01',
						periodEnd: '2026-12-31'
					}
				)
			).status
		).toBe(404);
		expect(
			(
				await post(
					workplacePlan.actions.addGoal,
					a.managerA!,
					`/workplaces/${A}/plan?/addGoal`,
					{ unitId: A },
					{ planId: '1', text: '' }
				)
			).status
		).toBe(400);

		expect(
			await post(
				personPage.actions.create,
				a.participant!,
				`/plans/${me}?/create`,
				{ personId: me },
				{
					personId: me,
					periodStart: 'soon',
					periodEnd: '2026-12-31'
				}
			)
		).toMatchObject({ status: 400, errors: { periodStart: expect.any(Array) } });
		expect(
			(
				await post(
					personPage.actions.dialogue,
					a.participant!,
					`/plans/${me}?/dialogue`,
					{ personId: me },
					{ heldOn: '2026-01-01' }
				)
			).status
		).toBe(404);
		expect(
			await post(
				personPage.actions.dialogue,
				a.managerB!,
				`/plans/${me}?/dialogue`,
				{ personId: me },
				{ heldOn: '2026-13-01' }
			)
		).toMatchObject({ status: 400, errors: { heldOn: expect.any(Array) } });
		expect(await snapshot(ctx.db)).toBe(before);
	});

	it('good input saves and redirects with a notice; a declined need needs a reason', async () => {
		const A = String(fx.units.workplaceA);
		const ok = await post(
			workplaceSwot.actions.add,
			a.inTeam!,
			`/workplaces/${A}/swot?/add`,
			{ unitId: A },
			{
				category: 'opportunity',
				text: 'Library app',
				theme: 'Digital'
			}
		);
		expect(ok).toMatchObject({ status: 303, location: `/workplaces/${A}/swot?notice=added` });
		const raised = await post(
			needsPage.actions.raise,
			a.inA!,
			'/needs?/raise',
			{},
			{ title: 'Podcasting', unitId: A }
		);
		expect(raised.status).toBe(303);
		const need = await ctx.db
			.selectFrom('needs')
			.select('id')
			.where('title', '=', 'Podcasting')
			.executeTakeFirstOrThrow();
		const id = String(need.id);
		const before = await snapshot(ctx.db);
		expect(
			await post(
				needPage.actions.decide,
				a.office!,
				`/needs/${id}?/decide`,
				{ id },
				{ status: 'declined', declineReason: '' }
			)
		).toMatchObject({ status: 400, errors: { declineReason: ['Give a reason for declining the need.'] } });
		expect(
			(await post(needPage.actions.decide, a.managerA!, `/needs/${id}?/decide`, { id }, { status: 'met' }))
				.status
		).toBe(404);
		expect(await snapshot(ctx.db)).toBe(before);
		expect(
			(
				await post(
					needPage.actions.decide,
					a.office!,
					`/needs/${id}?/decide`,
					{ id },
					{ status: 'declined', declineReason: 'No budget' }
				)
			).status
		).toBe(303);
		expect(
			(await post(needPage.actions.vote, a.inA!, `/needs/${id}?/vote`, { id }, { vote: 'yes' })).status
		).toBe(400);
	});
});
