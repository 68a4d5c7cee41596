import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { surveysForList } from '#lib/server/surveys/builder.service.ts';

/** The programme's surveys: to edit (the office), or to read results (steering, evaluators). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const { surveys, canEdit } = await orNotFound(locals.locale, () =>
		surveysForList(getDb(), actor, programmeId)
	);
	return { surveys, canEdit, notice: url.searchParams.get('notice') };
};
