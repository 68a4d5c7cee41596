import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { consentHistory } from '#lib/server/logbook/logbook.service.ts';
import { apiIdParam } from '#lib/server/web/registrations.http.ts';

/** The consent history of the caller's own entry, oldest first (the author only). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json({ data: await consentHistory(getDb(), actor, apiIdParam(event)) });
});
