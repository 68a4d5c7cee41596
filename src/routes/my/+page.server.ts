import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { idParam, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { cancelRegistration, listMyRegistrations } from '#lib/server/registrations/registrations.service.ts';

/** My registrations: what is coming up (with cancel), the history, and the hours credited. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const mine = await listMyRegistrations(getDb(), actor);
	// `?cancel=<id>`: the confirmation step before cancelling (shown by the page, works without JS).
	const confirmId = idParam(url.searchParams.get('cancel'));
	return { ...mine, cancelled: url.searchParams.get('notice') === 'cancelled', confirmId };
};

export const actions: Actions = {
	cancel: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const values = formToObject(await request.formData());
		const id = idParam(typeof values.id === 'string' ? values.id : null);
		if (id === null) pageNotFound(locals.locale);
		const done = await pageAction(
			locals,
			() => cancelRegistration(getDb(), actor, id),
			(errors) => ({ id, errors })
		);
		if (!done.ok) return done.failure;
		redirect(303, '/my?notice=cancelled');
	}
};
