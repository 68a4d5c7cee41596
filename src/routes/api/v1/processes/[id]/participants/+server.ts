import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiParam } from '#lib/server/web/processes.http.ts';
import { participantSchema } from '#lib/server/processes/processes.schema.ts';
import { addParticipant, getProcess } from '#lib/server/processes/processes.service.ts';

/** Adds a participant or changes their role (`member` | `lead`); returns the participant list. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiParam(event, 'id');
	const db = getDb();
	const body = await parseJsonBody(event, participantSchema);
	await apiRules(event, () => addParticipant(db, actor, id, body));
	return json({ data: (await getProcess(db, actor, id)).participants });
});
