import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiIdParam } from '#lib/server/web/registrations.http.ts';
import { approve } from '#lib/server/registrations/registrations.service.ts';

/** Approves a request (the person's manager or the office): confirmed, or waitlisted when full. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiIdParam(event);
	return json(await apiRules(event, () => approve(getDb(), actor, id)));
});
