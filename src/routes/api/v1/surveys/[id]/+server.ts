import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { apiId } from '#lib/server/web/catalogue.http.ts';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { deleteSurvey, getSurvey, updateSurvey } from '#lib/server/surveys/builder.service.ts';

/** A survey with its sections, questions (in order) and scales (programme office). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json(await getSurvey(getDb(), actor, apiId(event)));
});

/** Changes title, introduction, kind or anonymity (anonymity only before it is sent or answered). */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const body = await parseJsonBody(event, z.record(z.string(), z.unknown()));
	return json(await apiRules(event, () => updateSurvey(getDb(), actor, id, body)));
});

/** Deletes a draft nobody was invited to (409 otherwise). */
export const DELETE: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	await apiRules(event, () => deleteSurvey(getDb(), actor, id));
	return new Response(null, { status: 204 });
});
