import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { apiId } from '#lib/server/web/catalogue.http.ts';
import { createSession, listActivitySessions } from '#lib/server/catalogue/catalogue.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';

/** Sessions of an activity the caller may read. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json({ data: await listActivitySessions(getDb(), actor, apiId(event)) });
});

/** Adds a session (programme office). Times without an offset are local to the programme. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const body = await parseJsonBody(event, z.record(z.string(), z.unknown()));
	const session = await apiRules(event, () => createSession(getDb(), actor, id, body));
	return json(session, { status: 201, headers: { location: `/api/v1/sessions/${session.id}` } });
});
