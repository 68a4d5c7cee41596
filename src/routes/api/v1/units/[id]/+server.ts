import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { presentUnit } from '#lib/server/web/organisation.http.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';
import { unitPatchSchema } from '#lib/server/organisation/organisation.schema.ts';
import { unitDetail, updateUnit } from '#lib/server/organisation/organisation.service.ts';

/** One unit with its path from the root and its count of active people. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	const detail = await unitDetail(getDb(), actor, id);
	return json({ ...presentUnit(detail.unit), path: detail.path, activePeople: detail.activePeople });
});

/** Renames, changes the code of, or moves a unit (programme office). */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	const body = await parseJsonBody(event, unitPatchSchema);
	const unit = await apiRules(event, () => updateUnit(getDb(), actor, id, body));
	return json(presentUnit(unit));
});
