import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiIdParam } from '#lib/server/web/registrations.http.ts';
import { cancelRegistration } from '#lib/server/registrations/registrations.service.ts';

/** Cancels a registration (the person, their manager or the office); repeating it changes nothing. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiIdParam(event);
	return json(await apiRules(event, () => cancelRegistration(getDb(), actor, id)));
});
