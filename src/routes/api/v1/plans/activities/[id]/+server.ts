import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiId, plannedActivityPatchBody } from '#lib/server/web/plans.http.ts';
import { setPlannedActivityStatus } from '#lib/server/plans/plans.service.ts';

/** Sets a planned activity's status (planned, done, dropped); answers with the plan. */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const { status } = await parseJsonBody(event, plannedActivityPatchBody);
	return json(await setPlannedActivityStatus(getDb(), actor, id, status));
});
