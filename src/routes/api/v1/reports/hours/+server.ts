import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.service.ts';
import { hoursQuerySchema } from '#lib/server/reports/reports.schema.ts';
import { hoursReport } from '#lib/server/reports/reports.service.ts';

/** Participation hours and unique participants, grouped (office and steering group). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { groupBy, programmeId: requested, ...filter } = parseQuery(event, hoursQuerySchema);
	const programmeId = await resolveProgrammeId(getDb(), actor, requested);
	if (programmeId === null) throw notFound(event);
	return json(
		await apiRules(event, () =>
			hoursReport(getDb(), actor, programmeId, groupBy, filter, event.locals.locale)
		)
	);
});
