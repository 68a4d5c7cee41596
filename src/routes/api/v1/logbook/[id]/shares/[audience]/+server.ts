import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { audienceSchema, shareBodySchema } from '#lib/server/logbook/logbook.schema.ts';
import { shareEntry, withdrawShare } from '#lib/server/logbook/logbook.service.ts';
import { apiIdParam } from '#lib/server/web/registrations.http.ts';

function audienceParam(event: Parameters<RequestHandler>[0]) {
	const parsed = audienceSchema.safeParse(event.params.audience);
	if (!parsed.success) throw notFound(event);
	return parsed.data;
}

/** Shares the caller's entry with an audience; the body must carry `consent: true`. */
export const PUT: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiIdParam(event);
	const audience = audienceParam(event);
	await parseJsonBody(event, shareBodySchema);
	return json(await apiRules(event, () => shareEntry(getDb(), actor, id, audience)));
});

/** Withdraws consent: the audience loses the entry at once. */
export const DELETE: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiIdParam(event);
	const audience = audienceParam(event);
	return json(await apiRules(event, () => withdrawShare(getDb(), actor, id, audience)));
});
