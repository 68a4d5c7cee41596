import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { createGoal, goalFormOptions } from '#lib/server/goals/goals.service.ts';
import { orNotFound, pageAction, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** A new goal (the programme office). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const options = await orNotFound(locals.locale, () =>
		goalFormOptions(getDb(), actor, programmeId, locals.locale)
	);
	return { programmeId, options };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const form = await request.formData();
		const values = formToObject(form);
		const input = { ...values, activityIds: form.getAll('activityIds').map(String) };
		const created = await pageAction(
			locals,
			() => createGoal(getDb(), actor, programmeId, input),
			(errors) => ({ errors, values: input })
		);
		if (!created.ok) return created.failure;
		redirect(303, `/goals/${created.value}?notice=created`);
	}
};
