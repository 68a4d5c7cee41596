import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { watchRecording } from '#lib/server/recordings/recordings.service.ts';

/** Watching a recording (members of the programme); each opening counts one view, nothing more. */
export const load: PageServerLoad = async ({ locals, url, params, setHeaders }) => {
	const actor = requirePageActor(locals, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	return orNotFound(locals.locale, () => watchRecording(getDb(), actor, params.id));
};
