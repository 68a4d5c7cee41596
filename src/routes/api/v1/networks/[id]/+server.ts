import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiParam } from '#lib/server/web/processes.http.ts';
import { networkInputSchema } from '#lib/server/networks/networks.schema.ts';
import { getNetwork, updateNetwork } from '#lib/server/networks/networks.service.ts';

/** A network with its members and meetings. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { editable: _e, ...network } = await getNetwork(getDb(), actor, apiParam(event, 'id'));
	return json(network);
});

/** Changes a network (its contact person or the office). */
export const PUT: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiParam(event, 'id');
	const db = getDb();
	const body = await parseJsonBody(event, networkInputSchema);
	await apiRules(event, () => updateNetwork(db, actor, id, body));
	const { editable: _e, ...network } = await getNetwork(db, actor, id);
	return json(network);
});
