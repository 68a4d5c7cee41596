import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { individualPlanApiQuery, individualPlanBody } from '#lib/server/web/plans.http.ts';
import { createIndividualPlan, getPersonPlans } from '#lib/server/plans/plans.service.ts';

/** A person's individual plans and development dialogues (`personId`, default the caller). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { personId } = parseQuery(event, individualPlanApiQuery);
	const view = await getPersonPlans(getDb(), actor, personId ?? actor.personId);
	return json({ personId: view.person.id, data: view.plans, dialogues: view.dialogues });
});

/** Creates an individual plan for a period (the person, their manager or the office). */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const body = await parseJsonBody(event, individualPlanBody);
	return json(await apiRules(event, () => createIndividualPlan(getDb(), actor, body)), { status: 201 });
});
