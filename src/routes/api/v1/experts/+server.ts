import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiProgramme } from '#lib/server/web/processes.http.ts';
import { listExperts } from '#lib/server/experts/experts.service.ts';

/** One page of the programme's expert directory, filtered by `subject`, `unitId`, `language`, `q`. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const db = getDb();
	const programmeId = await apiProgramme(db, event, actor);
	const { programme: _p, ...query } = Object.fromEntries(event.url.searchParams);
	const { experts, page, pageSize, total } = await apiRules(event, () =>
		listExperts(db, actor, programmeId, query)
	);
	return json({ data: experts, page, pageSize, total });
});
