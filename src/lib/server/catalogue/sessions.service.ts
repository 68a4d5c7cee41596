import type { z } from 'zod';
import { type MessageKey, type MessageParams } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import type { Session } from '../db/schema.ts';
import { requireChanges } from '../core/errors.ts';
import { DATE_RANGE } from '../core/validation.ts';
import { programmeTimeZone } from '../organisation/organisation.service.ts';
import { programmePeopleAmong, trainerCandidates } from '../people/people.service.ts';
import { authorize, can, type Actor, type Resource } from '../policy/policy.ts';
import {
	cancelSessionRow,
	findActivity,
	findCalendarSessions,
	findSession,
	findSessionContext,
	insertSession,
	materialsOf,
	sessionConfirmedCount,
	sessionsOfActivity,
	setSessionTrainers,
	trainersOf,
	updateSessionWithinCapacity,
	type CalendarSession,
	type SessionContext
} from './catalogue.repository.ts';
import { activityOr404, CatalogueError, parse, sessionOr404, sessionResourceOf } from './catalogue.access.ts';
import {
	presentActivity,
	presentSession,
	presentSessions,
	type MaterialView,
	type SessionView
} from './catalogue.presenter.ts';
import { cancelSchema, sessionCreateSchema, sessionUpdateSchema } from './catalogue.schema.ts';
import { afterCommit, registrationLookup, sessionEffects, type SessionChange } from './effects.ts';
import { nowIso } from '../db/sql.ts';
import { inTransaction } from '../db/transaction.ts';
import { localToUtc } from './timezone.ts';

/** Sessions: a session's page, creating, changing and cancelling sessions, and the session context other modules read. */

export type { CalendarSession, SessionContext };

/** Sessions as calendars show them (activity, programme time zone and locale), keyed by id. No permission check. */
export async function calendarSessions(
	db: Db,
	sessionIds: readonly number[]
): Promise<Map<number, CalendarSession>> {
	return findCalendarSessions(db, sessionIds);
}

/**
 * A session with its activity's programme, trainers and time zone, for other modules
 * (registrations, notifications, attendance); null when unknown. No permission check.
 */
export async function sessionContext(db: Db, sessionId: number): Promise<SessionContext | null> {
	return (await findSessionContext(db, sessionId)) ?? null;
}

/** What the viewer may do with a session, so pages show only allowed actions. */
export function sessionAbilities(actor: Actor, resource: Extract<Resource, { type: 'session' }>) {
	return {
		update: can(actor, 'update', resource),
		cancel: can(actor, 'cancel', resource),
		register: can(actor, 'register', resource),
		readParticipants: can(actor, 'readParticipants', resource),
		markAttendance: can(actor, 'markAttendance', resource)
	};
}

/**
 * One session for its page: the session, its activity, materials, the actor's own
 * registration and what the actor may do. Unknown, unpublished (for participants) → refused.
 */
export async function getSession(db: Db, actor: Actor, id: number) {
	const { row, trainers } = await sessionOr404(db, actor, id);
	const activity = await findActivity(db, row.activityId);
	const resource = sessionResourceOf(
		row,
		trainers.map((t) => t.id)
	);
	const materials: MaterialView[] = await materialsOf(db, row.activityId);
	const registration = await registrationLookup.ownRegistration(db, id, actor.personId);
	return {
		session: presentSession(row, trainers),
		activity: presentActivity(activity!),
		materials,
		myRegistration: registration
			? {
					id: registration.id,
					status: registration.status,
					waitlistSeq: registration.waitlistSeq,
					hoursCredited: registration.hoursCredited === null ? null : Number(registration.hoursCredited)
				}
			: null,
		abilities: sessionAbilities(actor, resource)
	};
}

/** People who may be picked as trainers: the programme's trainer-role holders plus current trainers. */
export async function listTrainerOptions(
	db: Db,
	actor: Actor,
	programmeId: number,
	currentIds: number[] = []
) {
	authorize(actor, 'create', { type: 'activity', id: 0, programmeId, published: false });
	return trainerCandidates(db, programmeId, currentIds);
}

// ---------------------------------------------------------------------------------------------
// Sessions

/**
 * A point in time from input: an ISO instant with `Z` or an offset is taken as is; a bare
 * `YYYY-MM-DDTHH:mm` is local time in the programme's zone. Undefined for an invalid value
 * (the key says why).
 */
export function parseWhen(value: string, timeZone: string): { iso: string } | { error: MessageKey } {
	const v = value.trim();
	const day = v.slice(0, 10);
	if (/^\d{4}-\d{2}-\d{2}$/.test(day) && (day < DATE_RANGE.min || day > DATE_RANGE.max))
		return { error: 'error.dateRange' };
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v)) {
		const t = Date.parse(v);
		return Number.isNaN(t) ? { error: 'catalogue.error.dateTime' } : { iso: new Date(t).toISOString() };
	}
	if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(v)) return { error: 'catalogue.error.dateTime' };
	const iso = localToUtc(v, timeZone);
	if (iso) return { iso };
	// Well-formed but not a time on the clock: skipped by a daylight-saving change, or not a date.
	return Number.isNaN(Date.parse(v.slice(0, 10) + 'T00:00:00Z')) ||
		localToUtc(v.slice(0, 10) + 'T12:00', timeZone) === null
		? { error: 'catalogue.error.dateTime' }
		: { error: 'catalogue.error.dstGap' };
}

interface SessionValues {
	title: string | null;
	startsAt: string;
	endsAt: string;
	place: string | null;
	onlineUrl: string | null;
	capacity: number;
	hours: number;
	requiresApproval: number;
	registrationOpensAt: string | null;
	registrationClosesAt: string | null;
	status: Session['status'];
	recordingUrl: string | null;
}

function sessionValuesOf(s: Session): SessionValues {
	return {
		title: s.title,
		startsAt: s.startsAt,
		endsAt: s.endsAt,
		place: s.place,
		onlineUrl: s.onlineUrl,
		capacity: Number(s.capacity),
		hours: Number(s.hours),
		requiresApproval: Number(s.requiresApproval),
		registrationOpensAt: s.registrationOpensAt,
		registrationClosesAt: s.registrationClosesAt,
		status: s.status,
		recordingUrl: s.recordingUrl
	};
}

/**
 * Parses session input and applies the cross-field rules. When some fields are invalid, the
 * rules are still checked on the valid ones, so the form shows every problem at once.
 */
function parseSession(
	schema: typeof sessionCreateSchema | typeof sessionUpdateSchema,
	input: unknown,
	base: SessionValues,
	timeZone: string
): { data: z.output<typeof sessionUpdateSchema>; values: SessionValues } {
	const parsed = schema.safeParse(input);
	if (parsed.success) return { data: parsed.data, values: resolveSession(parsed.data, base, timeZone) };
	const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '_form')));
	const rest =
		input && typeof input === 'object'
			? Object.fromEntries(Object.entries(input).filter(([k]) => !bad.has(k)))
			: {};
	let rules: CatalogueError['keys'] = {};
	const partial = sessionUpdateSchema.safeParse(rest);
	if (partial.success) {
		try {
			resolveSession(partial.data, base, timeZone);
		} catch (e) {
			if (e instanceof CatalogueError) rules = e.keys;
			else throw e;
		}
	}
	throw new CatalogueError(
		Object.fromEntries(Object.entries(rules).filter(([field]) => !bad.has(field))),
		parsed.error
	);
}

/** Converts times and checks the rules that span fields; throws CatalogueError with every problem. */
function resolveSession(
	data: z.output<typeof sessionUpdateSchema>,
	base: SessionValues,
	timeZone: string
): SessionValues {
	const errors: Record<string, MessageKey | [MessageKey, MessageParams]> = {};
	const out: SessionValues = { ...base };
	const time = (field: 'startsAt' | 'endsAt' | 'registrationOpensAt' | 'registrationClosesAt') => {
		const v = data[field];
		if (v === undefined) return;
		if (v === null) {
			if (field === 'registrationOpensAt' || field === 'registrationClosesAt') out[field] = null;
			else errors[field] = 'error.required';
			return;
		}
		const r = parseWhen(v, timeZone);
		if ('error' in r) errors[field] = r.error;
		else out[field] = r.iso;
	};
	time('startsAt');
	time('endsAt');
	time('registrationOpensAt');
	time('registrationClosesAt');
	if (data.title !== undefined) out.title = data.title || null;
	if (data.place !== undefined) out.place = data.place || null;
	if (data.onlineUrl !== undefined) out.onlineUrl = data.onlineUrl || null;
	if (data.recordingUrl !== undefined) out.recordingUrl = data.recordingUrl || null;
	if (data.capacity !== undefined) out.capacity = data.capacity;
	if (data.hours !== undefined) out.hours = data.hours;
	if (data.requiresApproval !== undefined) out.requiresApproval = data.requiresApproval ? 1 : 0;
	if (data.status !== undefined) out.status = data.status;
	if (!errors.startsAt && !errors.endsAt && out.endsAt <= out.startsAt)
		errors.endsAt = 'catalogue.error.endBeforeStart';
	if (!out.place && !out.onlineUrl) errors.place = 'catalogue.error.placeOrLink';
	if (
		!errors.registrationOpensAt &&
		!errors.registrationClosesAt &&
		out.registrationOpensAt &&
		out.registrationClosesAt &&
		out.registrationClosesAt < out.registrationOpensAt
	)
		errors.registrationClosesAt = 'catalogue.error.closesBeforeOpens';
	if (!errors.startsAt) {
		if (!errors.registrationClosesAt && out.registrationClosesAt && out.registrationClosesAt > out.startsAt)
			errors.registrationClosesAt = 'catalogue.error.closesAfterStart';
		if (!errors.registrationOpensAt && out.registrationOpensAt && out.registrationOpensAt > out.startsAt)
			errors.registrationOpensAt = 'catalogue.error.opensAfterStart';
	}
	if (Object.keys(errors).length > 0) throw new CatalogueError(errors);
	return out;
}

async function checkTrainers(db: Db, programmeId: number, ids: number[] | undefined) {
	if (!ids || ids.length === 0) return;
	const found = await programmePeopleAmong(db, programmeId, [...new Set(ids)]);
	if (found.size !== new Set(ids).size) throw new CatalogueError({ trainerIds: 'catalogue.error.trainer' });
}

function sessionAudit(s: Session | SessionValues, trainerIds?: number[]) {
	return {
		title: s.title,
		startsAt: s.startsAt,
		endsAt: s.endsAt,
		place: s.place,
		onlineUrl: s.onlineUrl,
		capacity: Number(s.capacity),
		hours: Number(s.hours),
		requiresApproval: Number(s.requiresApproval),
		registrationOpensAt: s.registrationOpensAt,
		registrationClosesAt: s.registrationClosesAt,
		status: s.status,
		recordingUrl: s.recordingUrl,
		...('cancelReason' in s ? { cancelReason: s.cancelReason, sequence: Number(s.sequence) } : {}),
		...(trainerIds ? { trainerIds } : {})
	};
}

/** Adds a session to an activity (programme office). Times are local to the programme unless they carry an offset. */
export async function createSession(
	db: Db,
	actor: Actor,
	activityId: number,
	input: unknown
): Promise<SessionView> {
	const activity = await activityOr404(db, actor, activityId, 'update');
	const timeZone = await programmeTimeZone(db, activity.programmeId);
	const { data, values } = parseSession(
		sessionCreateSchema,
		input,
		{
			title: null,
			startsAt: '',
			endsAt: '',
			place: null,
			onlineUrl: null,
			capacity: 0,
			hours: 0,
			requiresApproval: 0,
			registrationOpensAt: null,
			registrationClosesAt: null,
			status: 'open',
			recordingUrl: null
		},
		timeZone
	);
	await checkTrainers(db, activity.programmeId, data.trainerIds);
	const trainerIds = [...new Set(data.trainerIds ?? [])];
	const id = await inTransaction(db, async (trx) => {
		const row = await insertSession(trx, { activityId, ...values, updatedAt: nowIso() });
		await setSessionTrainers(trx, row.id, trainerIds, false);
		await recordAudit(trx, {
			programmeId: activity.programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'session',
			entityId: row.id,
			after: sessionAudit(row, trainerIds)
		});
		return row.id;
	});
	const row = (await findSession(db, id))!;
	return presentSession(row, (await trainersOf(db, [id])).get(id) ?? []);
}

/** Is this a database CHECK violation (the capacity constraint, the last line of defence)? */
function isCheckViolation(e: unknown): boolean {
	const err = e as { code?: string; message?: string };
	return err?.code === '23514' || /CHECK constraint failed/i.test(err?.message ?? '');
}

/**
 * Changes a session (programme office). A change of time or place raises the iCalendar
 * SEQUENCE and tells everyone registered; a higher capacity moves people up from the
 * waitlist; a capacity below the confirmed seats is refused and nothing changes.
 */
export async function updateSession(db: Db, actor: Actor, id: number, input: unknown): Promise<SessionView> {
	const { row: before, trainers } = await sessionOr404(db, actor, id, 'update');
	if (before.status === 'cancelled')
		throw new CatalogueError({ _form: 'catalogue.error.sessionCancelled' }, undefined, true);
	const { data, values } = parseSession(sessionUpdateSchema, input, sessionValuesOf(before), before.timeZone);
	requireChanges(data);
	await checkTrainers(db, before.programmeId, data.trainerIds);
	const capacityError = (count: number) =>
		new CatalogueError({ capacity: ['catalogue.error.capacityBelowConfirmed', { count }] });
	if (values.capacity < Number(before.confirmedCount)) throw capacityError(Number(before.confirmedCount));
	const changes: SessionChange[] = (['startsAt', 'endsAt', 'place', 'onlineUrl'] as const)
		.filter((field) => (values[field] ?? null) !== (before[field] ?? null))
		.map((field) => ({ field, before: before[field] ?? null, after: values[field] ?? null }));
	const moved = changes.length > 0;
	const trainerIds = data.trainerIds ? [...new Set(data.trainerIds)] : undefined;
	try {
		await inTransaction(db, async (trx) => {
			// Conditional on the confirmed count, so a registration that slipped in since the
			// check above cannot be pushed over capacity.
			const after = await updateSessionWithinCapacity(trx, id, values, moved);
			if (!after) throw capacityError(await sessionConfirmedCount(trx, id));
			if (trainerIds) await setSessionTrainers(trx, id, trainerIds);
			await recordAudit(trx, {
				programmeId: before.programmeId,
				actorId: actor.personId,
				action: 'update',
				entityType: 'session',
				entityId: id,
				before: sessionAudit(
					before,
					trainers.map((t) => t.id)
				),
				after: sessionAudit(after, trainerIds ?? trainers.map((t) => t.id))
			});
		});
	} catch (e) {
		if (isCheckViolation(e)) throw capacityError(Number(before.confirmedCount));
		throw e;
	}
	if (moved)
		await afterCommit('notifySessionChanged', () => sessionEffects.notifySessionChanged(db, id, changes));
	if (values.capacity > Number(before.capacity) || (values.status === 'open' && before.status !== 'open'))
		await afterCommit('fillFreeSeats', () => sessionEffects.fillFreeSeats(db, id));
	const row = (await findSession(db, id))!;
	return presentSession(row, (await trainersOf(db, [id])).get(id) ?? []);
}

/**
 * Cancels a session (programme office). The session and its registrations are kept; the
 * status becomes cancelled, SEQUENCE is raised, and everyone registered is told.
 */
export async function cancelSession(db: Db, actor: Actor, id: number, input: unknown): Promise<SessionView> {
	const { row: before } = await sessionOr404(db, actor, id, 'cancel');
	const { reason } = parse(cancelSchema, input);
	if (before.status === 'cancelled')
		throw new CatalogueError({ _form: 'catalogue.error.sessionCancelled' }, undefined, true);
	await inTransaction(db, async (trx) => {
		const after = await cancelSessionRow(trx, id, reason);
		if (!after) throw new CatalogueError({ _form: 'catalogue.error.sessionCancelled' }, undefined, true);
		await recordAudit(trx, {
			programmeId: before.programmeId,
			actorId: actor.personId,
			action: 'cancel',
			entityType: 'session',
			entityId: id,
			before: sessionAudit(before),
			after: sessionAudit(after)
		});
	});
	await afterCommit('notifySessionCancelled', () => sessionEffects.notifySessionCancelled(db, id));
	const row = (await findSession(db, id))!;
	return presentSession(row, (await trainersOf(db, [id])).get(id) ?? []);
}

/** Sessions of an activity the actor may read. */
export async function listActivitySessions(db: Db, actor: Actor, activityId: number): Promise<SessionView[]> {
	await activityOr404(db, actor, activityId, 'read');
	return presentSessions(db, await sessionsOfActivity(db, activityId));
}
