import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { activitiesApiQuerySchema } from '#lib/server/web/catalogue.http.ts';
import { createActivity, listActivities } from '#lib/server/catalogue/catalogue.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiContext } from '#lib/server/web/people.http.ts';

/** Activities of the programme: all for the office, published ones for everyone else. */
export const GET: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	const query = parseQuery(event, activitiesApiQuerySchema);
	return json(await listActivities(getDb(), actor, programmeId, query));
});

/** Creates an unpublished activity (programme office). */
export const POST: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	const body = await parseJsonBody(event, z.record(z.string(), z.unknown()));
	const activity = await apiRules(event, () => createActivity(getDb(), actor, programmeId, body));
	return json(activity, { status: 201, headers: { location: `/api/v1/activities/${activity.id}` } });
});
