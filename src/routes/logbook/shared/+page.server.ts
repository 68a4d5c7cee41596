import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { requirePageActor } from '#lib/server/web/route.ts';
import { listSharedWithMe } from '#lib/server/logbook/logbook.service.ts';

/** Other people's entries shared with the signed-in person right now. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	return { entries: await listSharedWithMe(getDb(), actor) };
};
