import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { requirePageActor } from '#lib/server/web/route.ts';
import { listTrainerSessions } from '#lib/server/registrations/attendance.service.ts';

/** The signed-in person's own sessions as a trainer: all upcoming, the past a page at a time. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const pastPage = Number(url.searchParams.get('past') ?? 1);
	return { sessions: await listTrainerSessions(getDb(), actor, undefined, { pastPage }) };
};
