import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiId, individualGoalPatchBody } from '#lib/server/web/plans.http.ts';
import { updateIndividualGoal } from '#lib/server/plans/plans.service.ts';

/** Changes an individual goal's text, link (`workplaceGoalId: null` unlinks) or status. */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const body = await parseJsonBody(event, individualGoalPatchBody);
	return json(await apiRules(event, () => updateIndividualGoal(getDb(), actor, id, body)));
});
