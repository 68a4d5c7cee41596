import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import {
	formRuleErrors,
	idParam,
	orNotFound,
	pageNotFound,
	requirePageActor
} from '#lib/server/web/route.ts';
import { cancelRegistration, listMyRegistrations } from '#lib/server/registrations/registrations.service.ts';
import { fail } from '@sveltejs/kit';

/** My registrations: what is coming up (with cancel), the history, and the hours credited. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const mine = await listMyRegistrations(getDb(), actor);
	return { ...mine, cancelled: url.searchParams.get('notice') === 'cancelled' };
};

export const actions: Actions = {
	cancel: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const values = formToObject(await request.formData());
		const id = idParam(typeof values.id === 'string' ? values.id : null);
		if (id === null) pageNotFound(locals.locale);
		try {
			await orNotFound(locals.locale, () => cancelRegistration(getDb(), actor, id));
		} catch (e) {
			const errors = formRuleErrors(e, locals.locale);
			if (errors) return fail(400, { id, errors });
			throw e;
		}
		redirect(303, '/my?notice=cancelled');
	}
};
