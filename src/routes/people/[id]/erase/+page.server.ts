import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { erasePerson, previewErasure } from '#lib/server/privacy/privacy.service.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';

/** Erasure of one person (office of their programme, admins): the preview, then the typed confirmation. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const preview = await orNotFound(locals.locale, () => previewErasure(getDb(), actor, id));
	return { preview, done: url.searchParams.get('notice') === 'erased' };
};

export const actions: Actions = {
	erase: async ({ locals, url, params, request }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const values = formToObject(await request.formData());
		const done = await pageAction(
			locals,
			() => erasePerson(getDb(), actor, id, values),
			(errors) => ({ errors, values })
		);
		if (!done.ok) return done.failure;
		redirect(303, `/people/${id}/erase?notice=erased`);
	}
};
