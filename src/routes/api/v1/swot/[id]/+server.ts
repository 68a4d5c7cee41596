import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiId } from '#lib/server/web/plans.http.ts';
import { swotUpdateSchema } from '#lib/server/plans/plans.schema.ts';
import { archiveSwotItem, updateSwotItem } from '#lib/server/plans/swot.service.ts';

/** Edits an item's text or theme (its author or the board's manager). */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const body = await parseJsonBody(event, swotUpdateSchema);
	return json(await apiRules(event, () => updateSwotItem(getDb(), actor, id, body)));
});

/** Removes (archives) an item. */
export const DELETE: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	await archiveSwotItem(getDb(), actor, apiId(event));
	return new Response(null, { status: 204 });
});
