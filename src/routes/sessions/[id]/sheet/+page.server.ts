import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { getSignInSheet } from '#lib/server/registrations/attendance.service.ts';

/** The printable sign-in sheet of a session (its trainers and the programme office). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	return { sheet: await orNotFound(locals.locale, () => getSignInSheet(getDb(), actor, id)) };
};
