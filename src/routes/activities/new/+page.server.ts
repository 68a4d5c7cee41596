import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createActivity, isCatalogueOffice } from '#lib/server/catalogue/catalogue.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { pageNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { formAction } from '#lib/server/web/people.http.ts';
import { activityInput, activityOptions } from '../forms.ts';

/** A new activity (programme office); it starts unpublished. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	if (!isCatalogueOffice(actor, programmeId)) pageNotFound(locals.locale);
	return { options: await activityOptions(getDb(), programmeId) };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		const result = await formAction(locals, 'activity', values, () =>
			createActivity(getDb(), actor, programmeId, activityInput(values))
		);
		if (!result.ok) return result.failure;
		redirect(303, `/activities/${result.value.id}?notice=created`);
	}
};
