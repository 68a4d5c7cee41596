import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiParam } from '#lib/server/web/processes.http.ts';
import { meetingInputSchema } from '#lib/server/networks/networks.schema.ts';
import { addMeeting, getNetwork } from '#lib/server/networks/networks.service.ts';

/** Records a meeting of the network (date, place, notes). */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiParam(event, 'id');
	const db = getDb();
	const body = await parseJsonBody(event, meetingInputSchema);
	await apiRules(event, () => addMeeting(db, actor, id, body));
	const { editable: _e, ...network } = await getNetwork(db, actor, id);
	return json(network, { status: 201 });
});
