import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { dialogueBody } from '#lib/server/web/plans.http.ts';
import { addDialogue } from '#lib/server/plans/plans.service.ts';

/** Records a development dialogue with a person (their manager or the office). */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { personId, ...body } = await parseJsonBody(event, dialogueBody);
	return json(await apiRules(event, () => addDialogue(getDb(), actor, personId, body)), { status: 201 });
});
