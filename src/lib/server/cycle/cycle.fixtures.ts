import type { Db } from '../db/database.ts';
import type { RegistrationStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/** Test data for cycle and dashboard tests, written straight to the tables. */

export const DAY = 86_400_000;

/** A session of a new activity that ended `endedDaysAgo` days ago (negative: in the future). */
export async function makePastSession(
	db: Db,
	programmeId: number,
	opts: { endedDaysAgo: number; hours?: number; title?: string }
): Promise<{ sessionId: number; activityId: number }> {
	const now = nowIso();
	const activity = await db
		.insertInto('activities')
		.values({
			programmeId,
			type: 'lecture',
			learningForm: 'formal',
			title: opts.title ?? 'Aktivitet ' + Math.random().toString(36).slice(2, 7),
			publishedAt: now,
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const end = Date.now() - opts.endedDaysAgo * DAY;
	const session = await db
		.insertInto('sessions')
		.values({
			activityId: activity.id,
			startsAt: new Date(end - 3 * 3600_000).toISOString(),
			endsAt: new Date(end).toISOString(),
			capacity: 30,
			hours: opts.hours ?? 2.5,
			status: opts.endedDaysAgo > 0 ? 'done' : 'open',
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { sessionId: session.id, activityId: activity.id };
}

/** A registration in a given state (no seat counting: these tests do not need it). */
export async function addRegistration(
	db: Db,
	sessionId: number,
	personId: number,
	status: RegistrationStatus,
	hoursCredited: number | null = null
): Promise<number> {
	const now = nowIso();
	return (
		await db
			.insertInto('registrations')
			.values({
				sessionId,
				personId,
				status,
				confirmedAt: ['confirmed', 'attended', 'absent'].includes(status) ? now : null,
				hoursCredited,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}

/** Writes a cycle form row directly (hours and completion), for arithmetic tests. */
export async function writeForm(
	db: Db,
	registrationId: number,
	values: {
		hoursBefore?: number | null;
		hoursDuring?: number | null;
		hoursAfter?: number | null;
		beforeCompletedAt?: string | null;
		afterCompletedAt?: string | null;
		afterDueAt?: string | null;
	}
): Promise<void> {
	await db
		.insertInto('cycleForms')
		.values({ registrationId, ...values, updatedAt: nowIso() })
		.execute();
}
