import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { presentGoalRow } from '#lib/server/goals/goals.presenter.ts';
import { steeringDashboard } from '#lib/server/goals/steering.service.ts';
import { idParam, orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** The steering group's dashboard: goals with trend, participation against plan, budget, follow-ups. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	return orNotFound(locals.locale, async () => {
		const year = idParam(url.searchParams.get('year')) ?? undefined;
		const d = await steeringDashboard(getDb(), actor, programmeId, locals.locale, year);
		return {
			programmeId,
			groups: d.table.groups
				.filter((g) => g.kind === 'measurable')
				.map((g) => ({ kind: g.kind, goals: g.goals.map((r) => presentGoalRow(r, locals.locale)) })),
			trend: d.trend,
			statusCounts: d.statusCounts,
			participation: d.participation,
			followUps: d.followUps,
			budget: d.budget && {
				currency: d.budget.currency,
				year: d.budget.year,
				funder: d.budget.funding.funder,
				own: d.budget.funding.own,
				planned: d.budget.planned,
				actual: d.budget.actual,
				remaining: d.budget.remaining,
				coFinancing: d.budget.coFinancing.amount
			}
		};
	});
};
