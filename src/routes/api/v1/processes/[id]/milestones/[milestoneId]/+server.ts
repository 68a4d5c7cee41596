import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiParam } from '#lib/server/web/processes.http.ts';
import { milestoneDoneSchema } from '#lib/server/processes/processes.schema.ts';
import { getProcess, setMilestoneDone } from '#lib/server/processes/processes.service.ts';

/** Marks a milestone done (`{ "done": true }`) or not done; returns the milestone list. */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiParam(event, 'id');
	const db = getDb();
	const body = await parseJsonBody(event, milestoneDoneSchema);
	await setMilestoneDone(db, actor, id, apiParam(event, 'milestoneId'), body.done);
	return json({ data: (await getProcess(db, actor, id)).milestones });
});
