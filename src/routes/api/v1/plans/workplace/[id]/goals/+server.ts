import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiId, workplaceGoalBody } from '#lib/server/web/plans.http.ts';
import { addWorkplaceGoal } from '#lib/server/plans/plans.service.ts';

/** Adds a goal to a workplace plan; answers with the whole plan. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const body = await parseJsonBody(event, workplaceGoalBody);
	return json(await apiRules(event, () => addWorkplaceGoal(getDb(), actor, id, body)), { status: 201 });
});
