import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { apiId } from '#lib/server/web/catalogue.http.ts';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import {
	deleteQuestion,
	getSurvey,
	moveQuestion,
	rewordQuestion,
	updateQuestion
} from '#lib/server/surveys/builder.service.ts';

/** One question of the survey. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const questionId = apiId(event, 'questionId');
	const question = (await getSurvey(getDb(), actor, apiId(event))).questions.find((q) => q.id === questionId);
	if (!question) throw notFound(event);
	return json(question);
});

/**
 * Changes a question: `{ "direction": "up" | "down" }` moves it one step; a body without
 * `type` changes only the wording (`text`, `options`/`statements` labels, allowed with
 * responses); otherwise the whole question is replaced (refused with 409 once answered).
 */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const questionId = apiId(event, 'questionId');
	const body = await parseJsonBody(event, z.record(z.string(), z.unknown()));
	const db = getDb();
	const result = await apiRules(event, async () => {
		if ('direction' in body) {
			const survey = await moveQuestion(db, actor, id, questionId, body);
			return survey.questions.find((q) => q.id === questionId);
		}
		if (!('type' in body)) return rewordQuestion(db, actor, id, questionId, body);
		return updateQuestion(db, actor, id, questionId, body);
	});
	return json(result);
});

/** Removes a question (409 once answered, or when another question depends on it). */
export const DELETE: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const questionId = apiId(event, 'questionId');
	await apiRules(event, () => deleteQuestion(getDb(), actor, id, questionId));
	return new Response(null, { status: 204 });
});
