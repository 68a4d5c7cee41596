import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { requirePageActor } from '#lib/server/web/route.ts';
import { listMyOpenSurveys } from '#lib/server/surveys/answering.service.ts';

/** The identified surveys the signed-in person is invited to and has not answered yet. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	return { surveys: await listMyOpenSurveys(getDb(), actor.personId, locals.locale) };
};
