import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { previewIndicators, visitHistory } from '#lib/server/visits/visits.service.ts';
import { getUnit } from '#lib/server/organisation/organisation.service.ts';

/** A workplace's visit history and today's figures (its manager and the office). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const [history, today] = await orNotFound(locals.locale, () =>
		Promise.all([visitHistory(getDb(), actor, id), previewIndicators(getDb(), actor, id)])
	);
	return { history, today, unitName: (await getUnit(getDb(), id))?.name ?? '' };
};
