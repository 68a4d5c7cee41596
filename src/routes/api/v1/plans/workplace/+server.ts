import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { workplacePlanApiQuery, workplacePlanBody } from '#lib/server/web/plans.http.ts';
import { createWorkplacePlan, listWorkplacePlans } from '#lib/server/plans/plans.service.ts';

/** A unit's workplace plans with their goals, newest period first. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { unitId } = parseQuery(event, workplacePlanApiQuery);
	const { plans } = await listWorkplacePlans(getDb(), actor, unitId);
	return json({ data: plans });
});

/** Creates a workplace plan (the unit's manager or the office). */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const body = await parseJsonBody(event, workplacePlanBody);
	return json(await apiRules(event, () => createWorkplacePlan(getDb(), actor, body)), { status: 201 });
});
