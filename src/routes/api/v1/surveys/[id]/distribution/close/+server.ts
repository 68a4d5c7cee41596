import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, requireApiActor } from '#lib/server/web/api.ts';
import { idParam } from '#lib/server/web/route.ts';
import { closeSurvey } from '#lib/server/surveys/distribution.service.ts';

/** Closes the survey now. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	await closeSurvey(getDb(), actor, id);
	return json({ status: 'closed' });
});
