import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiProgramme } from '#lib/server/web/processes.http.ts';
import { processQuerySchema, processSchema } from '#lib/server/processes/processes.schema.ts';
import { createProcess, getProcess, listProcesses } from '#lib/server/processes/processes.service.ts';

/** One page of the programme's processes, filtered by `trackId`, `unitId` (descendants), `status`. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { programme: _p, ...query } = parseQuery(event, processQuerySchema);
	const db = getDb();
	const { rows, page, pageSize, total } = await listProcesses(
		db,
		actor,
		await apiProgramme(db, event, actor),
		query
	);
	return json({ data: rows, page, pageSize, total });
});

/** Creates a process (the unit's manager or the office); 201 with the process. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const db = getDb();
	const programmeId = await apiProgramme(db, event, actor);
	const body = await parseJsonBody(event, processSchema);
	const id = await apiRules(event, () => createProcess(db, actor, programmeId, body));
	const { canEdit: _c, ...process } = await getProcess(db, actor, id);
	return json(process, { status: 201 });
});
