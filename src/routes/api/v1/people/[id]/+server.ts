import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { personIdParam } from '#lib/server/web/people.http.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { getPerson, updatePerson } from '#lib/server/people/people.service.ts';

/** One person; 404 when unknown or not visible to the caller (the same answer). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json(await getPerson(getDb(), actor, personIdParam(event)));
});

/** Changes some fields of a person (programme office); `null` clears an optional field. */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = personIdParam(event);
	const body = await parseJsonBody(event, z.record(z.string(), z.unknown()));
	return json(await apiRules(event, () => updatePerson(getDb(), actor, id, body)));
});
