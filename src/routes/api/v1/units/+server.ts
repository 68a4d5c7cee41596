import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { presentUnit } from '#lib/server/web/organisation.http.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { unitCreateSchema, unitListQuerySchema } from '#lib/server/organisation/organisation.schema.ts';
import { createUnit, searchUnitsFor } from '#lib/server/organisation/organisation.service.ts';

/** Units of the caller's programmes, one page at a time, with filters. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const query = parseQuery(event, unitListQuerySchema);
	const { rows, total } = await searchUnitsFor(getDb(), actor, query);
	return json({ data: rows.map(presentUnit), page: query.page, pageSize: query.pageSize, total });
});

/** Creates a unit (programme office). */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const body = await parseJsonBody(event, unitCreateSchema);
	const unit = await apiRules(event, () => createUnit(getDb(), actor, body));
	return json(presentUnit(unit), { status: 201, headers: { location: `/api/v1/units/${unit.id}` } });
});
