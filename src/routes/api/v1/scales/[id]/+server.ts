import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiId } from '#lib/server/web/catalogue.http.ts';
import { getDb } from '#lib/server/db/index.ts';
import { api } from '#lib/server/web/api.ts';
import { apiContext } from '#lib/server/web/people.http.ts';
import { getScale } from '#lib/server/surveys/scales.service.ts';

/** One scale, built-in or the programme's own. */
export const GET: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	return json(await getScale(getDb(), actor, programmeId, apiId(event)));
});
