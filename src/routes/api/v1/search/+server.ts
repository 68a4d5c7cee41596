import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { search } from '#lib/server/search/search.service.ts';
import { searchApiQuerySchema } from '#lib/server/search/search.schema.ts';
import { api, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { apiProgramme } from '#lib/server/web/processes.http.ts';
import { apiRules } from '#lib/server/web/route.ts';

/** Full-text search of what the caller may read in the programme, best first, paged. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { programme: _p, ...query } = parseQuery(event, searchApiQuerySchema);
	const db = getDb();
	const programmeId = await apiProgramme(db, event, actor);
	const result = await apiRules(event, () => search(db, actor, programmeId, query));
	return json({
		q: result.q,
		data: result.results,
		page: result.page,
		pageSize: result.pageSize,
		total: result.total
	});
});
