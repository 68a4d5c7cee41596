import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { apiIdParam } from '#lib/server/web/registrations.http.ts';
import { getRegistration } from '#lib/server/registrations/registrations.service.ts';

/** One registration; 404 when unknown or not visible to the caller (the same answer). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json(await getRegistration(getDb(), actor, apiIdParam(event)));
});
