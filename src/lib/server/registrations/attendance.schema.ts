import { z } from 'zod';

/** Person ids, positive integers; at most one session's worth. */
const personIds = z
	.array(z.number({ error: 'error.unknownId' }).int().positive())
	.max(5000)
	.default([]);

/**
 * Attendance to record for one session: people present and people absent (person ids).
 * Unknown keys are refused so a typo ("presnt") never silently marks nobody.
 */
export const attendanceInputSchema = z
	.object({ present: personIds, absent: personIds })
	.strict()
	.refine((v) => !v.present.some((id) => v.absent.includes(id)), {
		message: 'attendance.error.bothPresentAndAbsent',
		path: ['absent']
	});

export type AttendanceInput = z.output<typeof attendanceInputSchema>;

/** A walk-in to add at attendance: the person (found with the bounded person search). */
export const walkInInputSchema = z
	.object({ personId: z.coerce.number({ error: 'error.unknownId' }).int().positive().max(2147483647) })
	.strict();

/** What `GET/POST /api/v1/sessions/{id}/attendance` returns. */
export const attendanceOutputSchema = z.object({
	session: z.object({
		id: z.number().int(),
		title: z.string(),
		startsAt: z.string(),
		endsAt: z.string(),
		place: z.string().nullable(),
		hours: z.number(),
		status: z.enum(['planned', 'open', 'cancelled', 'done'])
	}),
	participants: z.array(
		z.object({
			registrationId: z.number().int(),
			personId: z.number().int(),
			name: z.string(),
			unitName: z.string().nullable(),
			status: z.enum(['confirmed', 'attended', 'absent']).describe('confirmed = not marked yet'),
			hoursCredited: z.number().nullable(),
			attendanceMarkedAt: z.string().nullable(),
			walkIn: z.boolean().describe('added at the door without registering; holds no seat')
		})
	),
	counts: z.object({
		registered: z.number().int(),
		attended: z.number().int(),
		absent: z.number().int(),
		unmarked: z.number().int(),
		walkIns: z.number().int()
	}),
	noShows: z.array(z.object({ personId: z.number().int(), name: z.string() }))
});
