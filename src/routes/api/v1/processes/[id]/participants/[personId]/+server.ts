import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { apiParam } from '#lib/server/web/processes.http.ts';
import { getProcess, removeParticipant } from '#lib/server/processes/processes.service.ts';

/** Removes a participant; returns the participant list. */
export const DELETE: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiParam(event, 'id');
	const db = getDb();
	await removeParticipant(db, actor, id, apiParam(event, 'personId'));
	return json({ data: (await getProcess(db, actor, id)).participants });
});
