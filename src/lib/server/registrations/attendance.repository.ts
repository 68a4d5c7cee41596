import type { Db } from '../db/database.ts';
import type { RegistrationStatus, SessionStatus } from '../db/schema.ts';

/**
 * Queries behind attendance marking, the sign-in sheet and the trainer's page. No permission
 * logic here (see attendance.service.ts).
 */

/** Registration states attendance can be marked on (and corrected between). */
export const MARKABLE_STATUSES = [
	'confirmed',
	'attended',
	'absent'
] as const satisfies readonly RegistrationStatus[];

/** A session with what attendance needs: its activity, programme, time zone and trainers. */
export interface AttendanceSessionRow {
	id: number;
	activityId: number;
	programmeId: number;
	activityTitle: string;
	title: string | null;
	startsAt: string;
	endsAt: string;
	place: string | null;
	onlineUrl: string | null;
	hours: number;
	capacity: number;
	status: SessionStatus;
	published: boolean;
	timeZone: string;
	programmeName: string;
	trainerIds: number[];
	trainerNames: string[];
}

/** One session with its activity, programme and trainers (two queries), or undefined. */
export async function findAttendanceSession(
	db: Db,
	sessionId: number
): Promise<AttendanceSessionRow | undefined> {
	const row = await db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.innerJoin('programmes as p', 'p.id', 'a.programmeId')
		.select([
			's.id',
			's.activityId',
			'a.programmeId',
			'a.title as activityTitle',
			'a.publishedAt',
			's.title',
			's.startsAt',
			's.endsAt',
			's.place',
			's.onlineUrl',
			's.hours',
			's.capacity',
			's.status',
			'p.timeZone',
			'p.name as programmeName'
		])
		.where('s.id', '=', sessionId)
		.executeTakeFirst();
	if (!row) return undefined;
	const trainers = await db
		.selectFrom('sessionTrainers as t')
		.innerJoin('people as p', 'p.id', 't.personId')
		.select(['p.id', 'p.name'])
		.where('t.sessionId', '=', sessionId)
		.orderBy('p.name')
		.execute();
	const { publishedAt, ...rest } = row;
	return {
		...rest,
		hours: Number(row.hours),
		published: publishedAt !== null,
		trainerIds: trainers.map((t) => t.id),
		trainerNames: trainers.map((t) => t.name)
	};
}

/** A registration on the attendance list. */
export interface AttendanceRow {
	registrationId: number;
	personId: number;
	name: string;
	unitName: string | null;
	status: RegistrationStatus;
	hoursCredited: number | null;
	attendanceMarkedAt: string | null;
	markedByName: string | null;
	/** Added at the door without registering (no seat; see `addWalkInRegistration`). */
	walkIn: boolean;
}

/** Registrations of a session in the given states, with person and unit names, sorted by name. */
export async function findSessionRegistrations(
	db: Db,
	sessionId: number,
	statuses: readonly RegistrationStatus[] = MARKABLE_STATUSES
): Promise<AttendanceRow[]> {
	const rows = await db
		.selectFrom('registrations as r')
		.innerJoin('people as p', 'p.id', 'r.personId')
		.leftJoin('units as u', 'u.id', 'p.unitId')
		.leftJoin('people as m', 'm.id', 'r.attendanceMarkedBy')
		.select([
			'r.id as registrationId',
			'r.personId',
			'p.name',
			'u.name as unitName',
			'r.status',
			'r.hoursCredited',
			'r.attendanceMarkedAt',
			'm.name as markedByName',
			'r.walkIn'
		])
		.where('r.sessionId', '=', sessionId)
		.where('r.status', 'in', [...statuses])
		.orderBy('p.name')
		.orderBy('r.id')
		.execute();
	return rows.map((r) => ({
		...r,
		hoursCredited: r.hoursCredited === null ? null : Number(r.hoursCredited),
		walkIn: Number(r.walkIn) === 1
	}));
}

/** Registration states a walk-in replaces: none of them holds a seat. */
const SEATLESS_STATUSES = [
	'requested',
	'waitlisted',
	'declined',
	'cancelled'
] as const satisfies readonly RegistrationStatus[];

/**
 * Puts a walk-in on the session's list, ready to be marked attended in the same transaction:
 * a new registration (or one that holds no seat: requested, waitlisted, declined, cancelled)
 * becomes `confirmed` with `walk_in = 1`. It takes no seat: `sessions.confirmed_count` is not
 * touched, so a walk-in may exceed the capacity without breaking its CHECK. Someone already
 * holding a seat (confirmed, attended, absent) is left as is (they registered). Returns
 * 'added' for a new or converted walk-in, 'registered' when they already held a seat.
 */
export async function addWalkInRegistration(
	db: Db,
	sessionId: number,
	personId: number,
	by: number,
	now: string
): Promise<'added' | 'registered'> {
	const inserted = await db
		.insertInto('registrations')
		.values({
			sessionId,
			personId,
			status: 'confirmed',
			walkIn: 1,
			confirmedAt: now,
			registeredBy: by,
			updatedAt: now
		})
		.onConflict((oc) => oc.columns(['sessionId', 'personId']).doNothing())
		.returning('id')
		.executeTakeFirst();
	if (inserted) return 'added';
	const changed = await db
		.updateTable('registrations')
		.set({ status: 'confirmed', walkIn: 1, waitlistSeq: null, confirmedAt: now, updatedAt: now })
		.where('sessionId', '=', sessionId)
		.where('personId', '=', personId)
		.where('status', 'in', [...SEATLESS_STATUSES])
		.executeTakeFirst();
	return Number(changed.numUpdatedRows) > 0 ? 'added' : 'registered';
}

/** Person id → current status of their registration for the session, for the given people. */
export async function findRegistrationStatuses(
	db: Db,
	sessionId: number,
	personIds: readonly number[]
): Promise<Map<number, RegistrationStatus>> {
	const out = new Map<number, RegistrationStatus>();
	for (let i = 0; i < personIds.length; i += 500) {
		const rows = await db
			.selectFrom('registrations')
			.select(['personId', 'status'])
			.where('sessionId', '=', sessionId)
			.where('personId', 'in', personIds.slice(i, i + 500))
			.execute();
		for (const r of rows) out.set(r.personId, r.status);
	}
	return out;
}

/**
 * Sets attended/absent on the markable registrations of these people. Returns how many rows
 * changed, so the caller can tell whether someone changed state concurrently.
 */
export async function updateAttendance(
	db: Db,
	sessionId: number,
	personIds: readonly number[],
	values: { status: 'attended' | 'absent'; hoursCredited: number; markedBy: number; now: string }
): Promise<number> {
	let changed = 0;
	for (let i = 0; i < personIds.length; i += 500) {
		const result = await db
			.updateTable('registrations')
			.set({
				status: values.status,
				hoursCredited: values.hoursCredited,
				attendanceMarkedAt: values.now,
				attendanceMarkedBy: values.markedBy,
				updatedAt: values.now
			})
			.where('sessionId', '=', sessionId)
			.where('personId', 'in', personIds.slice(i, i + 500))
			.where('status', 'in', [...MARKABLE_STATUSES])
			.executeTakeFirst();
		changed += Number(result.numUpdatedRows);
	}
	return changed;
}

/**
 * Marks a session 'done' when it has ended and nobody on it is still unmarked. One conditional
 * update of the status column only (the session row is otherwise the catalogue's), so it is
 * safe to call after every marking. Returns true when the status changed.
 */
export async function completeSessionIfFullyMarked(db: Db, sessionId: number, now: string): Promise<boolean> {
	const result = await db
		.updateTable('sessions')
		.set({ status: 'done' })
		.where('id', '=', sessionId)
		.where('status', 'in', ['planned', 'open'])
		.where('endsAt', '<=', now)
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('registrations')
						.select('id')
						.where('registrations.sessionId', '=', sessionId)
						.where('registrations.status', '=', 'confirmed')
				)
			)
		)
		.where(({ exists, selectFrom }) =>
			exists(
				selectFrom('registrations')
					.select('id')
					.where('registrations.sessionId', '=', sessionId)
					.where('registrations.status', 'in', ['attended', 'absent'])
			)
		)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** A session on the trainer's page, with counts per registration state. */
export interface TrainerSessionRow {
	id: number;
	activityId: number;
	activityTitle: string;
	title: string | null;
	startsAt: string;
	endsAt: string;
	place: string | null;
	onlineUrl: string | null;
	status: SessionStatus;
	capacity: number;
	timeZone: string;
	confirmed: number;
	attended: number;
	absent: number;
}

/** Sessions the person trains, newest first, with registration counts (one grouped query). */
export async function findTrainerSessions(
	db: Db,
	personId: number,
	/** Upcoming (not ended at `now`, soonest first) or past (newest first, a page of them). */
	which: { upcoming: true; now: string } | { upcoming: false; now: string; limit: number; offset: number }
): Promise<TrainerSessionRow[]> {
	let q = db
		.selectFrom('sessionTrainers as t')
		.innerJoin('sessions as s', 's.id', 't.sessionId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.innerJoin('programmes as p', 'p.id', 'a.programmeId')
		.leftJoin('registrations as r', 'r.sessionId', 's.id')
		.select(({ fn, eb }) => [
			's.id',
			's.activityId',
			'a.title as activityTitle',
			's.title',
			's.startsAt',
			's.endsAt',
			's.place',
			's.onlineUrl',
			's.status',
			's.capacity',
			'p.timeZone',
			fn.sum<number>(eb.case().when('r.status', '=', 'confirmed').then(1).else(0).end()).as('confirmed'),
			fn.sum<number>(eb.case().when('r.status', '=', 'attended').then(1).else(0).end()).as('attended'),
			fn.sum<number>(eb.case().when('r.status', '=', 'absent').then(1).else(0).end()).as('absent')
		])
		.where('t.personId', '=', personId)
		.where('s.endsAt', which.upcoming ? '>' : '<=', which.now)
		.groupBy([
			's.id',
			's.activityId',
			'a.title',
			's.title',
			's.startsAt',
			's.endsAt',
			's.place',
			's.onlineUrl',
			's.status',
			's.capacity',
			'p.timeZone'
		])
		.orderBy('s.startsAt', which.upcoming ? 'asc' : 'desc')
		.orderBy('s.id', which.upcoming ? 'asc' : 'desc');
	if (!which.upcoming) q = q.limit(which.limit).offset(which.offset);
	const rows = await q.execute();
	return rows.map((r) => ({
		...r,
		confirmed: Number(r.confirmed ?? 0),
		attended: Number(r.attended ?? 0),
		absent: Number(r.absent ?? 0)
	}));
}

/** How many of a trainer's sessions had ended at `now`. */
export async function countTrainerPastSessions(db: Db, personId: number, now: string): Promise<number> {
	const row = await db
		.selectFrom('sessionTrainers as t')
		.innerJoin('sessions as s', 's.id', 't.sessionId')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('t.personId', '=', personId)
		.where('s.endsAt', '<=', now)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
