import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { entryPatchSchema } from '#lib/server/logbook/logbook.schema.ts';
import { deleteOwnEntry, getEntry, updateOwnEntry } from '#lib/server/logbook/logbook.service.ts';
import { apiIdParam } from '#lib/server/web/registrations.http.ts';

/** One entry the caller may read; 404 when unknown, private or no longer shared (the same answer). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json(await getEntry(getDb(), actor, apiIdParam(event)));
});

/** Changes the caller's own entry. */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiIdParam(event);
	const patch = await parseJsonBody(event, entryPatchSchema);
	return json(await apiRules(event, () => updateOwnEntry(getDb(), actor, id, patch)));
});

/** Deletes the caller's own entry with its shares and consent history. */
export const DELETE: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	await deleteOwnEntry(getDb(), actor, apiIdParam(event));
	return new Response(null, { status: 204 });
});
