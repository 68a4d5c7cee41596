import type { RequestEvent } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api, notFound, requireApiActor } from '#lib/server/web/api.ts';
import { idParam } from '#lib/server/web/route.ts';
import { getAnswerForm, postAnswers, putAnswerDraft } from '#lib/server/web/answering.http.ts';

/** Identified surveys answered as the signed-in person (session or API token). */
function access(event: RequestEvent) {
	const actor = requireApiActor(event);
	const surveyId = idParam(event.params.id);
	if (surveyId === null) throw notFound(event);
	return { surveyId, personId: actor.personId };
}

export const GET: RequestHandler = api(async (event) => getAnswerForm(event, access(event)));
export const PUT: RequestHandler = api(async (event) => putAnswerDraft(event, access(event)));
export const POST: RequestHandler = api(async (event) => postAnswers(event, access(event)));
