import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiParam } from '#lib/server/web/processes.http.ts';
import { processSchema } from '#lib/server/processes/processes.schema.ts';
import { getProcess, updateProcess } from '#lib/server/processes/processes.service.ts';

/** One process with participants, links and milestones. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { canEdit: _c, ...process } = await getProcess(getDb(), actor, apiParam(event, 'id'));
	return json(process);
});

/** Replaces a process's fields (and the link lists given). Leads, the unit's manager, the office. */
export const PUT: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiParam(event, 'id');
	const db = getDb();
	const body = await parseJsonBody(event, processSchema);
	await apiRules(event, () => updateProcess(db, actor, id, body));
	const { canEdit: _c, ...process } = await getProcess(db, actor, id);
	return json(process);
});
