import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { requirePageActor } from '#lib/server/web/route.ts';
import { listOwnEntries } from '#lib/server/logbook/logbook.service.ts';

/** The signed-in person's own logbook entries. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	return { entries: await listOwnEntries(getDb(), actor), notice: url.searchParams.get('notice') };
};
