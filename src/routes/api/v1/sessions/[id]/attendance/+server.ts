import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';
import {
	getAttendance,
	markAttendance,
	type AttendanceView
} from '#lib/server/registrations/attendance.service.ts';

/** The API's shape of an attendance list (see `attendanceOutputSchema`). */
function present(v: AttendanceView) {
	const { session: s } = v;
	return {
		session: {
			id: s.id,
			title: s.title,
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			place: s.place,
			hours: s.hours,
			status: s.status
		},
		participants: v.participants.map((p) => ({
			registrationId: p.registrationId,
			personId: p.personId,
			name: p.name,
			unitName: p.unitName,
			status: p.status,
			hoursCredited: p.hoursCredited,
			attendanceMarkedAt: p.attendanceMarkedAt,
			walkIn: p.walkIn
		})),
		counts: v.counts,
		noShows: v.noShows.map((n) => ({ personId: n.personId, name: n.name }))
	};
}

/** Who holds a seat on the session and their attendance (trainers of the session, office). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	return json(present(await getAttendance(getDb(), actor, id)));
});

/** Marks attendance: `{ present: personId[], absent: personId[] }`; all or nothing. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	const body = await parseJsonBody(event, z.unknown());
	return json(present(await apiRules(event, () => markAttendance(getDb(), actor, id, body))));
});
