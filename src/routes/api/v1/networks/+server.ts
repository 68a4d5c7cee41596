import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiProgramme } from '#lib/server/web/processes.http.ts';
import { networkInputSchema, networkQuerySchema } from '#lib/server/networks/networks.schema.ts';
import { createNetwork, getNetwork, listNetworks } from '#lib/server/networks/networks.service.ts';

/** One page of the programme's networks, newest first. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const db = getDb();
	const programmeId = await apiProgramme(db, event, actor);
	const query = parseQuery(event, networkQuerySchema);
	const { networks, page, pageSize, total } = await listNetworks(db, actor, programmeId, query);
	return json({ data: networks, page, pageSize, total });
});

/** Starts a network (staff of the programme); 201 with the network, its members and meetings. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const db = getDb();
	const programmeId = await apiProgramme(db, event, actor);
	const body = await parseJsonBody(event, networkInputSchema);
	const id = await apiRules(event, () => createNetwork(db, actor, programmeId, body));
	const { editable: _e, ...network } = await getNetwork(db, actor, id);
	return json(network, { status: 201 });
});
