import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { apiId } from '#lib/server/web/plans.http.ts';
import { getNeed } from '#lib/server/plans/needs.service.ts';

/** One need with its votes and linked activities. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json(await getNeed(getDb(), actor, apiId(event)));
});
