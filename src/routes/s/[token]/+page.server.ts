import type { Actions, PageServerLoad } from './$types';
import { answerActions, askedLocale, loadAnswer } from '#lib/server/web/answering.page.ts';

/** Answering by the one-time token of an invitation (no sign-in needed). */
export const load: PageServerLoad = async (event) => loadAnswer(event, { token: event.params.token });

export const actions: Actions = answerActions(
	(event) => ({ token: event.params.token ?? '' }),
	(event) => {
		const lang = askedLocale(event.url);
		return '/s/thanks' + (lang ? `?lang=${lang}` : '');
	}
);
