import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { apiParam, apiProgramme } from '#lib/server/web/processes.http.ts';
import { getExpert } from '#lib/server/experts/experts.service.ts';

/** One listed expert with their trainer sessions and process roles (404 when not listed). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const db = getDb();
	const { editable: _e, ...expert } = await getExpert(
		db,
		actor,
		await apiProgramme(db, event, actor),
		apiParam(event, 'id')
	);
	return json(expert);
});
