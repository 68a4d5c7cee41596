import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { presentProgramme } from '#lib/server/web/organisation.http.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { pageQuerySchema, programmeCreateSchema } from '#lib/server/organisation/organisation.schema.ts';
import { createProgramme, listProgrammesFor } from '#lib/server/organisation/organisation.service.ts';

/** Programmes the caller belongs to (system administrators: all). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const query = parseQuery(event, pageQuerySchema);
	const { rows, total } = await listProgrammesFor(getDb(), actor, query);
	return json({ data: rows.map(presentProgramme), page: query.page, pageSize: query.pageSize, total });
});

/** Creates a programme (system administrators). */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const body = await parseJsonBody(event, programmeCreateSchema);
	const programme = await apiRules(event, () => createProgramme(getDb(), actor, body));
	return json(presentProgramme(programme), {
		status: 201,
		headers: { location: `/api/v1/programmes/${programme.id}` }
	});
});
