import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiParam } from '#lib/server/web/processes.http.ts';
import { milestoneSchema } from '#lib/server/processes/processes.schema.ts';
import { addMilestone, getProcess } from '#lib/server/processes/processes.service.ts';

/** Adds a milestone; 201 with the milestone list. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiParam(event, 'id');
	const db = getDb();
	const body = await parseJsonBody(event, milestoneSchema);
	await apiRules(event, () => addMilestone(db, actor, id, body));
	return json({ data: (await getProcess(db, actor, id)).milestones }, { status: 201 });
});
