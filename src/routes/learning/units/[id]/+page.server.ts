import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { unitDashboard } from '#lib/server/dashboards/dashboards.service.ts';

/** A unit's learning environment (its manager and the office). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const page = (name: string) => Math.min(idParam(url.searchParams.get(name)) ?? 1, 1_000_000);
	return {
		dash: await orNotFound(locals.locale, () =>
			unitDashboard(getDb(), actor, id, new Date(), {
				coveragePage: page('coveragePage'),
				splitPage: page('splitPage'),
				processPage: page('processPage'),
				activityPage: page('activityPage')
			})
		)
	};
};
