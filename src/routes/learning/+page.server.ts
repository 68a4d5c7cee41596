import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { managedUnits } from '#lib/server/dashboards/dashboards.service.ts';
import { can } from '#lib/server/policy/policy.ts';

/** Where the dashboards are: the units the actor manages, and the programme view (office, steering). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	return {
		programmeId,
		units: await managedUnits(getDb(), actor, programmeId),
		programme: can(actor, 'readReports', { type: 'programmeAdmin', programmeId })
	};
};
