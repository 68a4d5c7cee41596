import { sessionName } from '#lib/i18n/session-label.ts';
import type { z } from 'zod';
import { translate, type Locale, type MessageKey, type MessageParams } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { inTransaction } from '../db/transaction.ts';
import { RuleError } from '../core/errors.ts';
import { fieldErrors, type FieldErrors } from '../core/validation.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { personNames, pickActivePeople, registrantFacts, type PersonPick } from '../people/people.service.ts';
import { sessionHeldState } from '../catalogue/catalogue.service.ts';
import { AccessDeniedError, authorize, sessionResource, type Actor } from '../policy/policy.ts';
import {
	MARKABLE_STATUSES,
	addWalkInRegistration,
	completeSessionIfFullyMarked,
	findAttendanceSession,
	findRegistrationStatuses,
	findSessionRegistrations,
	countTrainerPastSessions,
	findTrainerSessions,
	updateAttendance,
	type AttendanceRow,
	type AttendanceSessionRow,
	type TrainerSessionRow
} from './attendance.repository.ts';
import { attendanceInputSchema, walkInInputSchema, type AttendanceInput } from './attendance.schema.ts';
import { queueXapi } from '../xapi/xapi.service.ts';

/**
 * Attendance: trainers of a session and the programme office mark who came. Marking sets
 * the registration to attended (crediting the session's hours) or absent (0 hours); it can be
 * corrected either way. Only registrations that hold a seat (confirmed, attended, absent) can
 * be marked, and never on a cancelled session. Attended/absent registrations keep their seat
 * in `sessions.confirmed_count` (the seat was used), so capacity arithmetic is unaffected.
 */

/** A broken attendance rule or invalid input, with per-field messages (i18n keys + params). */
export class AttendanceError extends RuleError {
	constructor(
		readonly status: 409 | 422,
		private readonly messages: Record<string, { key: MessageKey; params?: MessageParams }>,
		private readonly zodError?: z.ZodError
	) {
		super('attendance: ' + Object.keys(messages).join(', '));
		this.name = 'AttendanceError';
	}

	fieldErrors(locale: Locale): FieldErrors {
		const out = this.zodError ? fieldErrors(this.zodError, locale) : {};
		for (const [field, m] of Object.entries(this.messages))
			(out[field] ??= []).push(translate(locale, m.key, m.params));
		return out;
	}

	/** The untranslated key for a field (tests). */
	keyFor(field: string): MessageKey | undefined {
		return this.messages[field]?.key;
	}
}

/** What listeners hear after attendance of a session has been committed. */
export interface AttendanceMarked {
	sessionId: number;
	/** People marked attended in this call. */
	attendedPersonIds: number[];
}

export type AttendanceListener = (db: Db, event: AttendanceMarked) => Promise<unknown>;

const attendanceListeners = new Set<AttendanceListener>();

/**
 * Registers work to run after attendance is marked (after the commit), e.g. the surveys
 * module sending course evaluations to those who attended; returns a function that removes
 * it. Registrations never imports the modules that listen. A failing listener is logged and
 * never undoes the marking.
 */
export function onAttendanceMarked(listener: AttendanceListener): () => void {
	attendanceListeners.add(listener);
	return () => attendanceListeners.delete(listener);
}

async function announceAttendance(db: Db, event: AttendanceMarked): Promise<void> {
	for (const listener of attendanceListeners) {
		try {
			await listener(db, event);
		} catch (e) {
			console.error(`attendance of session ${event.sessionId}: a listener failed:`, e);
		}
	}
}

/** The session, if the actor may do `action` on it; otherwise "not found". */
async function sessionFor(
	db: Db,
	actor: Actor,
	sessionId: number,
	action: 'markAttendance' | 'readParticipants'
): Promise<AttendanceSessionRow> {
	const session = await findAttendanceSession(db, sessionId);
	if (!session) throw new AccessDeniedError();
	authorize(actor, action, sessionResource(session));
	return session;
}

export interface AttendanceSessionView {
	id: number;
	activityId: number;
	programmeId: number;
	/** The session's own title, else the activity's. */
	title: string;
	activityTitle: string;
	startsAt: string;
	endsAt: string;
	place: string | null;
	onlineUrl: string | null;
	hours: number;
	capacity: number;
	status: AttendanceSessionRow['status'];
	timeZone: string;
	programmeName: string;
	trainerNames: string[];
}

export interface AttendanceView {
	session: AttendanceSessionView;
	/** Everyone holding a seat; status 'confirmed' means not marked yet. */
	participants: AttendanceRow[];
	counts: { registered: number; attended: number; absent: number; unmarked: number; walkIns: number };
	/** People marked absent. */
	noShows: { personId: number; name: string; unitName: string | null }[];
	/** May the viewer mark (false for a cancelled session or one not started yet)? */
	canMark: boolean;
	/** `held` when marking is allowed; else why not (the rule in catalogue `sessionHeldState`). */
	heldState: 'cancelled' | 'notStarted' | 'held';
	/** The walk-in picker's matches for `personQuery` (only while marking is allowed). */
	walkInPick: PersonPick | null;
}

function presentSession(s: AttendanceSessionRow): AttendanceSessionView {
	return {
		id: s.id,
		activityId: s.activityId,
		programmeId: s.programmeId,
		title: sessionName({ activityTitle: s.activityTitle, sessionTitle: s.title }),
		activityTitle: s.activityTitle,
		startsAt: s.startsAt,
		endsAt: s.endsAt,
		place: s.place,
		onlineUrl: s.onlineUrl,
		hours: s.hours,
		capacity: s.capacity,
		status: s.status,
		timeZone: s.timeZone,
		programmeName: s.programmeName,
		trainerNames: s.trainerNames
	};
}

function view(
	session: AttendanceSessionRow,
	participants: AttendanceRow[],
	walkInPick: PersonPick | null = null
): AttendanceView {
	const attended = participants.filter((p) => p.status === 'attended').length;
	const absent = participants.filter((p) => p.status === 'absent');
	const heldState = sessionHeldState(session, nowIso());
	return {
		session: presentSession(session),
		participants,
		counts: {
			registered: participants.length,
			attended,
			absent: absent.length,
			unmarked: participants.length - attended - absent.length,
			walkIns: participants.filter((p) => p.walkIn).length
		},
		noShows: absent.map((p) => ({ personId: p.personId, name: p.name, unitName: p.unitName })),
		canMark: heldState === 'held',
		heldState,
		walkInPick: heldState === 'held' ? walkInPick : null
	};
}

/**
 * The attendance list of a session (trainers of that session and the office). `personQuery`
 * (two characters or more) also finds walk-in candidates: active people of the programme by
 * name or e-mail, bounded by PERSON_PICKER_LIMIT.
 */
export async function getAttendance(
	db: Db,
	actor: Actor,
	sessionId: number,
	options: { personQuery?: string } = {}
): Promise<AttendanceView> {
	const session = await sessionFor(db, actor, sessionId, 'markAttendance');
	const pick =
		sessionHeldState(session, nowIso()) === 'held'
			? await pickActivePeople(db, session.programmeId, options.personQuery ?? '')
			: null;
	return view(session, await findSessionRegistrations(db, sessionId), pick);
}

/** People marked absent on a session. */
export async function listNoShows(
	db: Db,
	actor: Actor,
	sessionId: number
): Promise<AttendanceView['noShows']> {
	return (await getAttendance(db, actor, sessionId)).noShows;
}

/** The printable sign-in sheet: the session and everyone holding a seat, by name. */
export async function getSignInSheet(
	db: Db,
	actor: Actor,
	sessionId: number
): Promise<{ session: AttendanceSessionView; participants: AttendanceRow[] }> {
	const session = await sessionFor(db, actor, sessionId, 'readParticipants');
	return { session: presentSession(session), participants: await findSessionRegistrations(db, sessionId) };
}

function cancelledError(): AttendanceError {
	return new AttendanceError(409, { _form: { key: 'attendance.error.cancelled' } });
}

/** Refuses unless the session has been held (one rule with the 40-20-40 after-part). */
function assertHeld(session: { startsAt: string; status: string }): void {
	const state = sessionHeldState(session, nowIso());
	if (state === 'cancelled') throw cancelledError();
	if (state === 'notStarted')
		throw new AttendanceError(409, { _form: { key: 'attendance.error.notStarted' } });
}

/**
 * The one attendance path, inside the caller's transaction on a session that has been held:
 * every person must hold a seat (or be a walk-in) on it, else nothing changes and the error
 * names them; attended credits the session's hours, absent 0; a session that has ended with
 * nobody unmarked becomes 'done'; an xAPI "attended" is queued per person present.
 */
async function markWithin(
	trx: Db,
	actor: Actor,
	current: AttendanceSessionRow,
	data: AttendanceInput
): Promise<void> {
	const sessionId = current.id;
	const everyone = [...data.present, ...data.absent];
	const statuses = await findRegistrationStatuses(trx, sessionId, everyone);
	const refused = everyone.filter((id) => {
		const status = statuses.get(id);
		return !status || !(MARKABLE_STATUSES as readonly string[]).includes(status);
	});
	if (refused.length > 0) {
		const names = await personNames(trx, refused);
		const list = refused.map((id) => names.get(id) ?? `#${id}`).join(', ');
		const messages: Record<string, { key: MessageKey; params?: MessageParams }> = {};
		for (const field of ['present', 'absent'] as const) {
			const mine = refused.filter((id) => data[field].includes(id));
			if (mine.length > 0)
				messages[field] = {
					key: 'attendance.error.notMarkable',
					params: { names: mine.map((id) => names.get(id) ?? `#${id}`).join(', ') }
				};
		}
		if (Object.keys(messages).length === 0)
			messages._form = { key: 'attendance.error.notMarkable', params: { names: list } };
		throw new AttendanceError(422, messages);
	}
	const now = nowIso();
	const changed =
		(await updateAttendance(trx, sessionId, data.present, {
			status: 'attended',
			hoursCredited: current.hours,
			markedBy: actor.personId,
			now
		})) +
		(await updateAttendance(trx, sessionId, data.absent, {
			status: 'absent',
			hoursCredited: 0,
			markedBy: actor.personId,
			now
		}));
	// Someone's registration changed state between the read and the update: undo everything.
	if (changed !== everyone.length)
		throw new AttendanceError(409, { _form: { key: 'attendance.error.changed' } });
	await completeSessionIfFullyMarked(trx, sessionId, now);
	// xAPI "attended" per person present, in this transaction (one id per person and session).
	await queueXapi(
		trx,
		data.present.map((personId) => ({
			verb: 'attended' as const,
			programmeId: current.programmeId,
			personId,
			key: `attended:session:${sessionId}:person:${personId}`,
			object: {
				path: `/activities/${current.activityId}/sessions/${sessionId}`,
				name: sessionName({ activityTitle: current.activityTitle, sessionTitle: current.title }),
				type: 'session' as const
			},
			parent: {
				path: `/activities/${current.activityId}`,
				name: current.activityTitle,
				type: 'course' as const
			},
			registrationKey: `registration:session:${sessionId}:person:${personId}`,
			hours: current.hours,
			timestamp: current.endsAt < now ? current.endsAt : now
		}))
	);
}

/**
 * Records attendance for a session: `present` and `absent` are person ids. Every person must
 * hold a seat on the session (confirmed, attended or absent); if any does not, nothing changes
 * and the error lists them. Attended credits the session's hours, absent 0. Runs in one
 * transaction; afterwards a session that has ended and has nobody unmarked becomes 'done'.
 */
export async function markAttendance(
	db: Db,
	actor: Actor,
	sessionId: number,
	input: unknown
): Promise<AttendanceView> {
	const session = await sessionFor(db, actor, sessionId, 'markAttendance');
	const parsed = attendanceInputSchema.safeParse(input);
	if (!parsed.success) throw new AttendanceError(422, {}, parsed.error);
	const data: AttendanceInput = {
		present: [...new Set(parsed.data.present)],
		absent: [...new Set(parsed.data.absent)]
	};
	assertHeld(session);

	await inTransaction(db, async (trx) => {
		// Re-read inside the transaction: the state the update below relies on.
		const current = await findAttendanceSession(trx, sessionId);
		if (!current) throw cancelledError();
		assertHeld(current);
		await markWithin(trx, actor, current, data);
	});
	// After the commit: listeners (course evaluations for those marked attended) run; a
	// failure there cannot undo the marking.
	await announceAttendance(db, { sessionId, attendedPersonIds: data.present });
	return getAttendance(db, actor, sessionId);
}

/**
 * Adds a walk-in: someone who came without registering (or whose registration held no seat:
 * requested, waitlisted, declined, cancelled) is put on the list and marked attended through the
 * one attendance path, in one transaction with its audit entry: hours credited, xAPI queued, and
 * afterwards the attendance listeners (course evaluation) run as for anyone present. The
 * registration is flagged `walk_in` and takes no seat (`confirmed_count` is untouched), so a
 * walk-in may exceed the capacity. Someone already holding a seat is simply marked attended.
 * Same rule as marking: only once the session counts as held (`sessionHeldState`).
 */
export async function addWalkIn(
	db: Db,
	actor: Actor,
	sessionId: number,
	input: unknown
): Promise<{ attendance: AttendanceView; personName: string; walkIn: boolean }> {
	const session = await sessionFor(db, actor, sessionId, 'markAttendance');
	const parsed = walkInInputSchema.safeParse(input);
	if (!parsed.success) throw new AttendanceError(422, {}, parsed.error);
	assertHeld(session);
	const { personId } = parsed.data;
	const person = await registrantFacts(db, personId);
	if (!person || person.deactivatedAt !== null || person.programmeId !== session.programmeId)
		throw new AttendanceError(422, { personId: { key: 'attendance.error.walkInPerson' } });
	const outcome = await inTransaction(db, async (trx) => {
		const current = await findAttendanceSession(trx, sessionId);
		if (!current) throw cancelledError();
		assertHeld(current);
		const now = nowIso();
		const added = await addWalkInRegistration(trx, sessionId, personId, actor.personId, now);
		await markWithin(trx, actor, current, { present: [personId], absent: [] });
		await recordAudit(trx, {
			programmeId: current.programmeId,
			actorId: actor.personId,
			action: added === 'added' ? 'create' : 'update',
			entityType: 'registration',
			entityId: null,
			after: { sessionId, personId, status: 'attended', walkIn: added === 'added' }
		});
		return added;
	});
	await announceAttendance(db, { sessionId, attendedPersonIds: [personId] });
	return {
		attendance: await getAttendance(db, actor, sessionId),
		personName: person.name,
		walkIn: outcome === 'added'
	};
}

/** Marks everyone holding a seat as present (then correct the exceptions with `markAttendance`). */
export async function markAllPresent(db: Db, actor: Actor, sessionId: number): Promise<AttendanceView> {
	await sessionFor(db, actor, sessionId, 'markAttendance');
	const everyone = await findSessionRegistrations(db, sessionId);
	return markAttendance(db, actor, sessionId, { present: everyone.map((p) => p.personId), absent: [] });
}

export interface TrainerSessionView extends TrainerSessionRow {
	/** The session's own title, else the activity's. */
	displayTitle: string;
}

/** The sessions the actor trains: upcoming (soonest first) and past (latest first). */
export async function listTrainerSessions(
	db: Db,
	actor: Actor,
	now: string = nowIso(),
	options: { pastPage?: number; upcomingOnly?: boolean } = {}
): Promise<{
	upcoming: TrainerSessionView[];
	past: TrainerSessionView[];
	pastPage: { page: number; pageSize: number; total: number };
}> {
	const page = Math.max(1, Math.floor(options.pastPage ?? 1) || 1);
	const size = TRAINER_PAST_PAGE_SIZE;
	const view = (rows: Awaited<ReturnType<typeof findTrainerSessions>>) =>
		rows.map((r) => ({
			...r,
			displayTitle: sessionName({ activityTitle: r.activityTitle, sessionTitle: r.title })
		}));
	const [upcoming, past, total] = await Promise.all([
		findTrainerSessions(db, actor.personId, { upcoming: true, now }),
		options.upcomingOnly
			? []
			: findTrainerSessions(db, actor.personId, {
					upcoming: false,
					now,
					limit: size,
					offset: (page - 1) * size
				}),
		options.upcomingOnly ? 0 : countTrainerPastSessions(db, actor.personId, now)
	]);
	return { upcoming: view(upcoming), past: view(past), pastPage: { page, pageSize: size, total } };
}

/** Past sessions per page of a trainer's list (a long-serving trainer has hundreds). */
export const TRAINER_PAST_PAGE_SIZE = 20;
