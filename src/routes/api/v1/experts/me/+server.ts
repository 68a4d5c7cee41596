import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { profileApiSchema } from '#lib/server/experts/experts.schema.ts';
import { getMyProfile, saveMyProfile } from '#lib/server/experts/experts.service.ts';

/** The caller's own directory entry (unlisted until they opt in). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json(await getMyProfile(getDb(), actor));
});

/** Replaces the caller's entry; `listed: true` is the opt-in, `false` takes it out of the directory. */
export const PUT: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const body = await parseJsonBody(event, profileApiSchema);
	return json(await apiRules(event, () => saveMyProfile(getDb(), actor, body)));
});
