import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiIdParam } from '#lib/server/web/registrations.http.ts';
import { registerBodySchema } from '#lib/server/registrations/registrations.schema.ts';
import { listSessionRegistrations, register } from '#lib/server/registrations/registrations.service.ts';

/** Registrations of the session the caller may see (office and trainers: all; managers: their staff; else own). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json({ data: await listSessionRegistrations(getDb(), actor, apiIdParam(event)) });
});

/**
 * Registers the caller, or `personId` (their manager or the office). 201 with the new
 * registration; 200 with the existing one when already registered (nothing changes).
 */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const sessionId = apiIdParam(event);
	// An empty body means "register me".
	const text = await event.request.clone().text();
	const body = text.trim() === '' ? {} : await parseJsonBody(event, registerBodySchema);
	const result = await apiRules(event, () =>
		register(getDb(), actor, sessionId, { personId: body.personId })
	);
	return json(result.registration, {
		status: result.created ? 201 : 200,
		headers: { location: `/api/v1/registrations/${result.registration.id}` }
	});
});
