import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { idParam, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { answerActions, askedLocale, loadAnswer } from '#lib/server/web/answering.page.ts';

/** Identified surveys answered while signed in: the same form, recognised by the session. */
function access(event: RequestEvent) {
	const actor = requirePageActor(event.locals, event.url);
	const surveyId = idParam(event.params.surveyId);
	if (surveyId === null) pageNotFound(event.locals.locale);
	return { surveyId, personId: actor.personId };
}

export const load: PageServerLoad = async (event) => loadAnswer(event, access(event));

export const actions: Actions = answerActions(access, (event) => {
	const lang = askedLocale(event.url);
	return '/s/thanks' + (lang ? `?lang=${lang}` : '');
});
