import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToLists } from '#lib/server/core/validation.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { audienceChoices, formFieldErrors, sendInputFromForm } from '#lib/server/web/distribution.page.ts';
import {
	closeSurvey,
	getDistribution,
	remindSurvey,
	sendSurvey
} from '#lib/server/surveys/distribution.service.ts';

/** Sending a survey (programme office): audience, window, reminders, closing. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const distribution = await orNotFound(locals.locale, () =>
		getDistribution(getDb(), actor, id, locals.locale)
	);
	return { distribution, choices: await audienceChoices(getDb(), distribution.survey.programmeId) };
};

export const actions: Actions = {
	send: async ({ locals, url, params, request }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const form = await request.formData();
		const input = sendInputFromForm(form);
		const sent = await pageAction(
			locals,
			() => sendSurvey(getDb(), actor, id, input),
			(errors) => ({ errors: formFieldErrors(errors), values: formToLists(form) })
		);
		if (!sent.ok) return sent.failure;
		return { sent: sent.value };
	},
	remind: async ({ locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const reminded = await pageAction(
			locals,
			() => remindSurvey(getDb(), actor, id),
			(errors) => ({ errors, values: {} })
		);
		if (!reminded.ok) return reminded.failure;
		return { reminded: reminded.value.reminded };
	},
	close: async ({ locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		await orNotFound(locals.locale, () => closeSurvey(getDb(), actor, id));
		return { closed: true };
	}
};
