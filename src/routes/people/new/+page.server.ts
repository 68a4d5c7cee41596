import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { GENDERS, JOB_CATEGORIES } from '#lib/server/db/schema.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { formAction } from '#lib/server/web/people.http.ts';
import { pageNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { listUnitOptions } from '#lib/server/organisation/organisation.service.ts';
import { createPerson } from '#lib/server/people/people.service.ts';
import { can } from '#lib/server/policy/policy.ts';

/** The form for a new person (programme office). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	if (!can(actor, 'create', { type: 'person', id: 0, programmeId, unitId: null }))
		pageNotFound(locals.locale);
	return {
		units: await listUnitOptions(getDb(), programmeId),
		jobCategories: JOB_CATEGORIES,
		genders: GENDERS
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		const result = await formAction(locals, 'create', values, () =>
			createPerson(getDb(), actor, programmeId, values)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/people/${result.value.id}?notice=created`);
	}
};
