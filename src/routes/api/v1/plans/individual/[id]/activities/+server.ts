import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiId, plannedActivityBody } from '#lib/server/web/plans.http.ts';
import { addPlannedActivity } from '#lib/server/plans/plans.service.ts';

/** Plans an activity: a catalogue session or activity, or a described local activity. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const body = await parseJsonBody(event, plannedActivityBody);
	return json(await apiRules(event, () => addPlannedActivity(getDb(), actor, id, body)), { status: 201 });
});
