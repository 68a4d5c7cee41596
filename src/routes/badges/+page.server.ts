import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { requirePageActor } from '#lib/server/web/route.ts';
import { myBadges } from '#lib/server/badges/badges.service.ts';

/** The signed-in person's own badges. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	return { badges: await myBadges(getDb(), actor) };
};
