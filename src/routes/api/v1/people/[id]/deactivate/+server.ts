import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/http/api.ts';
import { personIdParam } from '#lib/server/people/people.http.ts';
import { apiRules } from '#lib/server/http/route.ts';
import { deactivatePerson } from '#lib/server/people/people.service.ts';

/** Deactivates a person (programme office); repeating it changes nothing. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = personIdParam(event);
	return json(await apiRules(event, () => deactivatePerson(getDb(), actor, id)));
});
