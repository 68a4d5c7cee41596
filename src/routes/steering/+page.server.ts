import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { presentGoalRow } from '#lib/server/goals/goals.presenter.ts';
import { steeringDashboard } from '#lib/server/goals/steering.service.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** The steering group's dashboard: goals with trend, participation against plan, follow-ups. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	return orNotFound(locals.locale, async () => {
		const d = await steeringDashboard(getDb(), actor, programmeId, locals.locale);
		return {
			programmeId,
			groups: d.table.groups
				.filter((g) => g.kind === 'measurable')
				.map((g) => ({ kind: g.kind, goals: g.goals.map((r) => presentGoalRow(r, locals.locale)) })),
			trend: d.trend,
			statusCounts: d.statusCounts,
			participation: d.participation,
			followUps: d.followUps
		};
	});
};
