import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiId, individualGoalBody } from '#lib/server/web/plans.http.ts';
import { addIndividualGoal } from '#lib/server/plans/plans.service.ts';

/** Adds a goal, linked to a goal of the unit's workplace plan (`workplaceGoalId`) or unlinked. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const body = await parseJsonBody(event, individualGoalBody);
	return json(await apiRules(event, () => addIndividualGoal(getDb(), actor, id, body)), { status: 201 });
});
