import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToLists } from '#lib/server/core/validation.ts';
import {
	formRuleErrors,
	idParam,
	orNotFound,
	pageNotFound,
	requirePageActor
} from '#lib/server/web/route.ts';
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
		try {
			const r = await orNotFound(locals.locale, () => sendSurvey(getDb(), actor, id, input));
			return { sent: r };
		} catch (e) {
			const errors = formRuleErrors(e, locals.locale);
			if (errors)
				return fail(400, {
					errors: formFieldErrors(errors),
					values: formToLists(form)
				});
			throw e;
		}
	},
	remind: async ({ locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		try {
			return { reminded: (await orNotFound(locals.locale, () => remindSurvey(getDb(), actor, id))).reminded };
		} catch (e) {
			const errors = formRuleErrors(e, locals.locale);
			if (errors) return fail(400, { errors, values: {} });
			throw e;
		}
	},
	close: async ({ locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		await orNotFound(locals.locale, () => closeSurvey(getDb(), actor, id));
		return { closed: true };
	}
};
