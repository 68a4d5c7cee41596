import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { pageAction, pageNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { formToObject, nestFormValues } from '#lib/server/core/validation.ts';
import { TEMPLATE_KEYS } from '#lib/server/surveys/surveys.schema.ts';
import { builderLanguages, createSurvey, isSurveyOffice } from '#lib/server/surveys/builder.service.ts';

/** A new survey: from a template or blank (programme office). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	if (!isSurveyOffice(actor, programmeId)) pageNotFound(locals.locale);
	return { templates: TEMPLATE_KEYS, languages: await builderLanguages(getDb(), programmeId) };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		// Refuse before reading the body: nothing of a refused request is parsed.
		if (!isSurveyOffice(actor, programmeId)) pageNotFound(locals.locale);
		const values = formToObject(await request.formData());
		const n = nestFormValues(values);
		const title = n.title as Record<string, string | undefined> | undefined;
		const created = await pageAction(
			locals,
			() =>
				createSurvey(getDb(), actor, programmeId, {
					template: values.template === 'blank' ? undefined : values.template,
					// With a template an empty title means "the template's".
					title:
						Object.values(title ?? {}).some(Boolean) || values.template === 'blank' || !values.template
							? (title ?? {})
							: undefined,
					anonymous: values.anonymous ?? false
				}),
			(errors) => ({ errors, values })
		);
		if (!created.ok) return created.failure;
		redirect(303, `/surveys/${created.value.id}?notice=created`);
	}
};
