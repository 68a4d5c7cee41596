import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiId } from '#lib/server/web/catalogue.http.ts';
import { getDb } from '#lib/server/db/index.ts';
import { api, requireApiActor } from '#lib/server/web/api.ts';
import { saveToBank } from '#lib/server/surveys/question-bank.service.ts';

/** Saves the question to the programme's bank (idempotent); answers the bank question id. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const bankQuestionId = await saveToBank(getDb(), actor, apiId(event), apiId(event, 'questionId'));
	return json({ bankQuestionId }, { status: 201 });
});
