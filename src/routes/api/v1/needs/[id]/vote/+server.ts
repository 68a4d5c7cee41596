import { json, type RequestEvent } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiId } from '#lib/server/web/plans.http.ts';
import { setVote } from '#lib/server/plans/needs.service.ts';

const vote = (value: boolean) =>
	api(async (event: RequestEvent) => {
		const actor = requireApiActor(event);
		const id = apiId(event);
		return json(await apiRules(event, () => setVote(getDb(), actor, id, value)));
	});

/** Casts the caller's vote (once; repeating changes nothing). */
export const POST: RequestHandler = vote(true);
/** Withdraws the caller's vote. */
export const DELETE: RequestHandler = vote(false);
