import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { idParam } from '#lib/server/web/route.ts';
import { resultsQuerySchema } from '#lib/server/surveys/results.schema.ts';
import { surveyResults } from '#lib/server/surveys/results.service.ts';

/** Survey results with small-group protection (office, steering group, evaluators). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	const query = parseQuery(event, resultsQuerySchema);
	return json(await surveyResults(getDb(), actor, id, query, event.locals.locale));
});
