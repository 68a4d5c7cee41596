import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api } from '#lib/server/web/api.ts';
import { apiContext } from '#lib/server/web/people.http.ts';
import { listBank } from '#lib/server/surveys/question-bank.service.ts';

/** The programme's question bank (programme office). */
export const GET: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	return json(await listBank(getDb(), actor, programmeId));
});
