import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiContext } from '#lib/server/web/people.http.ts';
import { needApiQuery, needBody } from '#lib/server/web/plans.http.ts';
import { listNeeds, raiseNeed } from '#lib/server/plans/needs.service.ts';

/** The programme's needs: filters `status`, `trackId`, `unitId`, `q`; `sort` votes (default), newest, priority. */
export const GET: RequestHandler = api(async (event) => {
	const { programmeId: _p, ...query } = parseQuery(event, needApiQuery);
	const { actor, programmeId } = await apiContext(event);
	return json({ data: await listNeeds(getDb(), actor, programmeId, query) });
});

/** Raises a need (for a workplace the caller belongs to, or for the programme). */
export const POST: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	const body = await parseJsonBody(event, needBody);
	return json(await apiRules(event, () => raiseNeed(getDb(), actor, programmeId, body)), { status: 201 });
});
