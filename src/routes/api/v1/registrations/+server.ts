import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { registrationQuerySchema } from '#lib/server/registrations/registrations.schema.ts';
import { listRegistrations } from '#lib/server/registrations/registrations.service.ts';

/** The caller's registrations by default; `sessionId`, `personId`, `status` within what they may see. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const query = parseQuery(event, registrationQuerySchema);
	return json({ data: await listRegistrations(getDb(), actor, query) });
});
