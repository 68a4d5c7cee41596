import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { apiId } from '#lib/server/web/plans.http.ts';
import { getIndividualPlan } from '#lib/server/plans/plans.service.ts';

/** One individual plan with goals and planned activities. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json(await getIndividualPlan(getDb(), actor, apiId(event)));
});
