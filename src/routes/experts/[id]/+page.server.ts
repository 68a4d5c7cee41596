import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { getExpert } from '#lib/server/experts/experts.service.ts';

/** One listed expert: areas, how to reach them, the sessions they train, their process roles. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const programmeId = await pageProgramme(actor, locals, url);
	return { expert: await orNotFound(locals.locale, () => getExpert(getDb(), actor, programmeId, id)) };
};
