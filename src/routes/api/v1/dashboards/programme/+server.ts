import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { programmeDashboard } from '#lib/server/dashboards/dashboards.service.ts';
import { apiProgramme } from '#lib/server/web/processes.http.ts';

/** The programme's learning environment: per workplace for the office, aggregates for the steering group. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const db = getDb();
	return json(await programmeDashboard(db, actor, await apiProgramme(db, event, actor)));
});
