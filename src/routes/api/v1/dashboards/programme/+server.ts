import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { parseWorkplaceQuery, programmeDashboard } from '#lib/server/dashboards/dashboards.service.ts';
import { apiProgramme } from '#lib/server/web/processes.http.ts';

/** The programme's learning environment: a page of workplaces for the office, aggregates for the steering group. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const db = getDb();
	const programmeId = await apiProgramme(db, event, actor);
	// The same `q`, `sort`, `dir` and `page` as the page; bad values fall back to the defaults.
	return json(
		await programmeDashboard(db, actor, programmeId, new Date(), parseWorkplaceQuery(event.url.searchParams))
	);
});
