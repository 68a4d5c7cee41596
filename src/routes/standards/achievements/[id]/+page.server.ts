import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { getAchievement, revokeCredential } from '#lib/server/badges/badges.service.ts';

/** One achievement and its credentials (office); revoking one sets its status-list bit. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	return orNotFound(locals.locale, () =>
		getAchievement(getDb(), actor, id, Number(url.searchParams.get('page')) || 1)
	);
};

export const actions: Actions = {
	revoke: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const publicId = String((await request.formData()).get('credential') ?? '');
		const r = await pageAction(
			locals,
			() => revokeCredential(getDb(), actor, publicId),
			(errors) => ({ errors })
		);
		if (!r.ok) return r.failure;
		return { revoked: true };
	}
};
