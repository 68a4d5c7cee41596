import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { overviewApiQuery } from '#lib/server/web/plans.http.ts';
import { unitPlanOverview } from '#lib/server/plans/plans.service.ts';

/** The manager's overview of a unit: who has a plan, unlinked goals, planned activities done. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { unitId, on, page, pageSize } = parseQuery(event, overviewApiQuery);
	return json(await unitPlanOverview(getDb(), actor, unitId, { ...(on ? { on } : {}), page, pageSize }));
});
