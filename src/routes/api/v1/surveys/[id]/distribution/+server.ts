import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';
import { getDistribution, sendSurvey } from '#lib/server/surveys/distribution.service.ts';
import { z } from 'zod';

/** Where the survey was sent and how many answered (office). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	return json(await getDistribution(getDb(), actor, id, event.locals.locale));
});

/** Sends to an audience (adds only people not yet invited). */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	// Authorisation first (404 whatever the body), then validation (422) in the service.
	await getDistribution(getDb(), actor, id);
	const body = await parseJsonBody(event, z.unknown());
	return json(await apiRules(event, () => sendSurvey(getDb(), actor, id, body)));
});
