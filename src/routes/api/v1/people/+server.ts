import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery } from '#lib/server/web/api.ts';
import { apiContext, peopleApiQuerySchema } from '#lib/server/web/people.http.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { createPerson, listPeople } from '#lib/server/people/people.service.ts';

/** People of the caller's programme that they may see, one page at a time. */
export const GET: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	const query = parseQuery(event, peopleApiQuerySchema);
	// Others' gender and hourly cost leave Klok here: recorded in the audit log.
	return json(await listPeople(getDb(), actor, programmeId, query, { recordSensitiveRead: true }));
});

/** Creates a person (programme office). */
export const POST: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	const body = await parseJsonBody(event, z.record(z.string(), z.unknown()));
	const person = await apiRules(event, () => createPerson(getDb(), actor, programmeId, body));
	return json(person, { status: 201, headers: { location: `/api/v1/people/${person.id}` } });
});
