import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { personIdParam } from '#lib/server/web/people.http.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { reactivatePerson } from '#lib/server/people/people.service.ts';

/** Reactivates a person (programme office); repeating it changes nothing. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = personIdParam(event);
	return json(await apiRules(event, () => reactivatePerson(getDb(), actor, id)));
});
