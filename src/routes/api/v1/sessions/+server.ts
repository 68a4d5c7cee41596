import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { sessionsApiQuerySchema } from '#lib/server/web/catalogue.http.ts';
import { listCatalogue } from '#lib/server/catalogue/catalogue.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseQuery } from '#lib/server/web/api.ts';
import { apiContext } from '#lib/server/web/people.http.ts';

/** The catalogue: upcoming sessions of published activities, with the catalogue's filters. */
export const GET: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	const query = parseQuery(event, sessionsApiQuerySchema);
	return json(await listCatalogue(getDb(), actor, programmeId, query));
});
