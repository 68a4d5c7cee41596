import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiIdParam } from '#lib/server/web/registrations.http.ts';
import { declineBodySchema } from '#lib/server/registrations/registrations.schema.ts';
import { decline } from '#lib/server/registrations/registrations.service.ts';

/** Declines a request with a reason (`{ reason }`, required). */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiIdParam(event);
	const body = await parseJsonBody(event, declineBodySchema);
	return json(await apiRules(event, () => decline(getDb(), actor, id, body.reason)));
});
