import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { listSurveys } from '#lib/server/surveys/builder.service.ts';

/** The programme office's surveys. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const surveys = await orNotFound(locals.locale, () => listSurveys(getDb(), actor, programmeId));
	return { surveys, notice: url.searchParams.get('notice') };
};
