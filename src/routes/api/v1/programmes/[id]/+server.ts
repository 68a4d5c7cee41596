import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { presentProgramme } from '#lib/server/web/organisation.http.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';
import { programmePatchSchema } from '#lib/server/organisation/organisation.schema.ts';
import { getProgramme, updateProgramme } from '#lib/server/organisation/organisation.service.ts';

/** One programme the caller belongs to. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	return json(presentProgramme(await getProgramme(getDb(), actor, id)));
});

/** Updates programme settings (programme office). */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	const body = await parseJsonBody(event, programmePatchSchema);
	return json(presentProgramme(await apiRules(event, () => updateProgramme(getDb(), actor, id, body))));
});
