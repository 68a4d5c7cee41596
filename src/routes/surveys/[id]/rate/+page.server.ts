import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { responseRate } from '#lib/server/surveys/distribution.service.ts';

/** The live response rate by unit (counts from invitations only; small units combined, see `responseRate`). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	return { rate: await orNotFound(locals.locale, () => responseRate(getDb(), actor, id, locals.locale)) };
};
