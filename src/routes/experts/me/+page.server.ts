import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { communityAction, readForm } from '#lib/server/web/community.http.ts';
import { getMyProfile, saveMyProfile } from '#lib/server/experts/experts.service.ts';

/** The person's own directory entry: they decide whether they are listed (opt-in). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	return {
		profile: await orNotFound(locals.locale, () => getMyProfile(getDb(), actor)),
		notice: url.searchParams.get('notice')
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const { form, values } = await readForm(request);
		const input = { ...values, subjects: form.getAll('subjects').filter((v) => typeof v === 'string') };
		const r = await communityAction(locals, 'profile', values, () => saveMyProfile(getDb(), actor, input));
		if (!r.ok) return r.failure;
		redirect(303, '/experts/me?notice=saved');
	}
};
