import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiId, needDecisionBody } from '#lib/server/web/plans.http.ts';
import { decideNeed } from '#lib/server/plans/needs.service.ts';

/** The office's decision: status (declined needs need a reason), track, priority, linked activities. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const body = await parseJsonBody(event, needDecisionBody);
	return json(await apiRules(event, () => decideNeed(getDb(), actor, id, body)));
});
