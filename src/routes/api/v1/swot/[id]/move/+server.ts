import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiId, swotMoveBody } from '#lib/server/web/plans.http.ts';
import { moveSwotItem } from '#lib/server/plans/swot.service.ts';

/** Moves an item one place up or down in its category (the manager or the office). */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const body = await parseJsonBody(event, swotMoveBody);
	await moveSwotItem(getDb(), actor, id, body.direction);
	return new Response(null, { status: 204 });
});
