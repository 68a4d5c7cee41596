import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseQuery } from '#lib/server/web/api.ts';
import { apiContext } from '#lib/server/web/people.http.ts';
import { swotThemesApiQuery } from '#lib/server/web/plans.http.ts';
import { programmeSwotThemes } from '#lib/server/plans/swot.service.ts';

/** Themes across the programme's workplaces, with counts per category and the workplaces. */
export const GET: RequestHandler = api(async (event) => {
	parseQuery(event, swotThemesApiQuery);
	const { actor, programmeId } = await apiContext(event);
	return json(await programmeSwotThemes(getDb(), actor, programmeId));
});
