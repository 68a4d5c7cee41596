import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { cycleFormSchema } from '#lib/server/cycle/cycle.schema.ts';
import { getCycleForm, saveCycleForm } from '#lib/server/cycle/cycle.service.ts';
import { apiParam } from '#lib/server/web/processes.http.ts';

/** The 40-20-40 form of a registration (the person, their manager, the office). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json(await getCycleForm(getDb(), actor, apiParam(event, 'registrationId')));
});

/** Replaces the whole form (fields left out are cleared). Only the registration's person. */
export const PUT: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiParam(event, 'registrationId');
	const db = getDb();
	// Existence and access first, so a stranger gets 404 whatever the body.
	await getCycleForm(db, actor, id);
	const body = await parseJsonBody(event, cycleFormSchema);
	return json(await apiRules(event, () => saveCycleForm(db, actor, id, 'all', body)));
});
