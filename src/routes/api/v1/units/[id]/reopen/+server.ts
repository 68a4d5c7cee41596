import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, requireApiActor } from '#lib/server/web/api.ts';
import { presentUnit } from '#lib/server/web/organisation.http.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';
import { reopenUnit } from '#lib/server/organisation/organisation.service.ts';

/** Reopens a unit (programme office). */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	const unit = await apiRules(event, () => reopenUnit(getDb(), actor, id));
	return json(presentUnit(unit));
});
