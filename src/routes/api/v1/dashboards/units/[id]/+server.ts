import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { unitDashboard } from '#lib/server/dashboards/dashboards.service.ts';
import { apiParam } from '#lib/server/web/processes.http.ts';

/** A unit's learning environment (its manager, the office). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json(await unitDashboard(getDb(), actor, apiParam(event, 'id')));
});
