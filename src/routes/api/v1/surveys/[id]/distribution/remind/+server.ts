import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';
import { remindSurvey } from '#lib/server/surveys/distribution.service.ts';

/** Reminds everyone who has not answered; answers with the count only. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	return json(await apiRules(event, () => remindSurvey(getDb(), actor, id)));
});
