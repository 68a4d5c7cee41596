import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { parseWorkplaceQuery, programmeDashboard } from '#lib/server/dashboards/dashboards.service.ts';

/** The programme's learning environment: a page of workplaces for the office, totals for the steering group. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	// The workplace table's search, sort and page; a bad value falls back to its default.
	const query = parseWorkplaceQuery(url.searchParams);
	return {
		dash: await orNotFound(locals.locale, () =>
			programmeDashboard(getDb(), actor, programmeId, new Date(), query)
		)
	};
};
