import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { programmeDashboard } from '#lib/server/dashboards/dashboards.service.ts';

/** The programme's learning environment: per workplace for the office, totals for the steering group. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	return { dash: await orNotFound(locals.locale, () => programmeDashboard(getDb(), actor, programmeId)) };
};
