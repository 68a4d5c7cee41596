import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { apiId } from '#lib/server/web/catalogue.http.ts';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { addFromBank } from '#lib/server/surveys/question-bank.service.ts';
import { addQuestion, getSurvey } from '#lib/server/surveys/builder.service.ts';

/** The survey's questions in the order respondents see them. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	return json((await getSurvey(getDb(), actor, apiId(event))).questions);
});

/** Adds a question (a question body, or `{ bankQuestionId, sectionId?, required? }` to add one from the bank). */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const body = await parseJsonBody(event, z.record(z.string(), z.unknown()));
	const db = getDb();
	const question = await apiRules(event, () =>
		'bankQuestionId' in body ? addFromBank(db, actor, id, body) : addQuestion(db, actor, id, body)
	);
	return json(question, {
		status: 201,
		headers: { location: `/api/v1/surveys/${id}/questions/${question.id}` }
	});
});
