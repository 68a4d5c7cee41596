import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { workplaceBudget } from '#lib/server/budget/budget.service.ts';
import { getUnit } from '#lib/server/organisation/organisation.service.ts';

/** A workplace's allocation and spending for a year (its manager and the office). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const year = idParam(url.searchParams.get('year')) ?? new Date().getUTCFullYear();
	const budget = await orNotFound(locals.locale, () => workplaceBudget(getDb(), actor, id, year));
	const unit = await getUnit(getDb(), id);
	return { ...budget, year, unitName: unit?.name ?? '' };
};
