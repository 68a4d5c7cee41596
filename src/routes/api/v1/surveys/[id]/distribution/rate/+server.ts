import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, requireApiActor } from '#lib/server/web/api.ts';
import { idParam } from '#lib/server/web/route.ts';
import { responseRate } from '#lib/server/surveys/distribution.service.ts';

/** Invited vs answered, overall and per unit (counts only; units below k combined in `otherUnits`). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	return json(await responseRate(getDb(), actor, id, event.locals.locale));
});
