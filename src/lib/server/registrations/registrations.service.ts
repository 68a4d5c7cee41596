import { sessionName } from '#lib/i18n/session-label.ts';
import type { MessageKey } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import type { RegistrationStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { inTransaction } from '../db/transaction.ts';
import { attendedAny, attendedPersonIds } from './registrations.repository.ts';
import { KeyedRuleError } from '../core/errors.ts';
import {
	sessionContext,
	setRegistrationLookup,
	setSessionEffects,
	type SessionContext
} from '../catalogue/catalogue.service.ts';
import { registrantFacts, staffPage } from '../people/people.service.ts';
import {
	AccessDeniedError,
	actsAsOffice,
	approvalScope,
	authorize,
	can,
	decidesRegistrationFor,
	decidesRegistrations,
	registrationScope,
	sessionResource,
	teamUnitScope,
	type Actor,
	type Resource
} from '../policy/policy.ts';
import {
	findOpenSessions,
	findOwnRegistration,
	findOwnStatuses,
	findRegistration,
	findRegistrationFor,
	findRegistrations,
	findRegistrationPage,
	countRegistrations,
	findUpcomingRegistrations,
	firstWaitlisted,
	insertRegistrationIfAbsent,
	lockSessionRow,
	nextWaitlistSeq,
	releaseSeat,
	seatArrival,
	takeSeat,
	trainerIdsBySession,
	transition,
	type ArrivalRow,
	type RegistrationRow
} from './registrations.repository.ts';
import { declineReason, type RegistrationQuery } from './registrations.schema.ts';
import { queuedNotification, type NotificationPayload, type RegistrationEvent } from './notifications.ts';
import { queueMail, wakeOutbox } from '../mail/mail.service.ts';
import { registeredPeople } from './notifications.repository.ts';

/**
 * The registration state machine:
 *
 *   requested ──approve──▶ confirmed | waitlisted ──▶ attended | absent (attendance module)
 *       │                      │
 *       └─decline(reason)─▶ declined      └─cancel─▶ cancelled  (a freed seat promotes the waitlist)
 *
 * Capacity is enforced by the database: a seat is one conditional increment of
 * `sessions.confirmed_count` (see `takeSeat`), never a read followed by a write, and the
 * CHECK `confirmed_count <= capacity` is the last line of defence. Waitlist numbers come from
 * an atomic increment of `sessions.waitlist_counter`, so waitlist order is arrival order.
 * Every change runs in one transaction; e-mails are sent after it commits and a mail failure
 * never undoes a registration.
 */

/** A broken registration rule (closed session, decline without reason, …), 409 or 422. */
export class RegistrationRuleError extends KeyedRuleError {
	constructor(key: MessageKey, field = '_form', status: 409 | 422 = 409) {
		super(key, field, status);
	}
}

/** Statuses in which a person holds or waits for a place (registering again changes nothing). */
const ACTIVE: readonly RegistrationStatus[] = ['requested', 'confirmed', 'waitlisted', 'attended', 'absent'];

/** How a registration is shown to pages and the API (fields listed explicitly). */
export interface RegistrationView {
	id: number;
	sessionId: number;
	personId: number;
	personName: string;
	unitName: string | null;
	status: RegistrationStatus;
	waitlistSeq: number | null;
	requestedAt: string | null;
	approvedAt: string | null;
	approvedBy: number | null;
	declinedAt: string | null;
	declineReason: string | null;
	confirmedAt: string | null;
	waitlistedAt: string | null;
	cancelledAt: string | null;
	hoursCredited: number | null;
	registeredBy: number | null;
	createdAt: string;
	updatedAt: string;
	session: {
		id: number;
		activityId: number;
		title: string;
		startsAt: string;
		endsAt: string;
		place: string | null;
		onlineUrl: string | null;
		hours: number;
		status: string;
	};
}

export function presentRegistration(row: RegistrationRow): RegistrationView {
	return {
		id: row.id,
		sessionId: row.sessionId,
		personId: row.personId,
		personName: row.personName,
		unitName: row.unitName,
		status: row.status,
		waitlistSeq: row.waitlistSeq === null ? null : Number(row.waitlistSeq),
		requestedAt: row.requestedAt,
		approvedAt: row.approvedAt,
		approvedBy: row.approvedBy,
		declinedAt: row.declinedAt,
		declineReason: row.declineReason,
		confirmedAt: row.confirmedAt,
		waitlistedAt: row.waitlistedAt,
		cancelledAt: row.cancelledAt,
		hoursCredited: row.hoursCredited === null ? null : Number(row.hoursCredited),
		registeredBy: row.registeredBy,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		session: {
			id: row.sessionId,
			activityId: row.activityId,
			title: sessionName({ activityTitle: row.activityTitle, sessionTitle: row.sessionTitle }),
			startsAt: row.startsAt,
			endsAt: row.endsAt,
			place: row.place,
			onlineUrl: row.onlineUrl,
			hours: Number(row.sessionHours),
			status: row.sessionStatus
		}
	};
}

/** The policy's view of a registration (or of a registration about to be made). */
export function registrationResource(
	row: { id: number; programmeId: number; personId: number; personUnitId: number | null },
	trainerIds: readonly number[]
): Extract<Resource, { type: 'registration' }> {
	return {
		type: 'registration',
		id: row.id,
		programmeId: row.programmeId,
		personId: row.personId,
		unitId: row.personUnitId,
		trainerIds
	};
}

const validId = (id: unknown): id is number => typeof id === 'number' && Number.isSafeInteger(id) && id > 0;

/**
 * Queues the e-mails of registration events in the caller's transaction (the outbox worker
 * renders and sends them after the commit; a mail problem never undoes a registration).
 */
async function queueEvents(
	trx: Db,
	programmeId: number | null,
	events: readonly { id: number; personId?: number; event: RegistrationEvent }[]
): Promise<void> {
	await queueMail(
		trx,
		events.map(({ id, personId, event }) =>
			queuedNotification({ registrationId: id, event }, programmeId, personId ?? null)
		)
	);
}

/**
 * Refuses registration for a session that is cancelled, past, not open or outside its window.
 * Registration closes when the session starts (the catalogue shows it as closed then).
 */
function checkSessionOpen(s: { status: string; endsAt: string }, window?: SessionContext): void {
	const now = nowIso();
	if (s.status === 'cancelled') throw new RegistrationRuleError('registrations.error.sessionCancelled');
	if (s.status === 'done' || s.endsAt < now)
		throw new RegistrationRuleError('registrations.error.sessionPast');
	if (s.status !== 'open') throw new RegistrationRuleError('registrations.error.notOpen');
	if (window?.registrationOpensAt && now < window.registrationOpensAt)
		throw new RegistrationRuleError('registrations.error.notYetOpen');
	if (window?.registrationClosesAt && now > window.registrationClosesAt)
		throw new RegistrationRuleError('registrations.error.windowClosed');
	if (window && window.startsAt <= now) throw new RegistrationRuleError('registrations.error.windowClosed');
}

/** What `register` returns: the registration and whether this call changed anything. */
export interface RegisterResult {
	registration: RegistrationView;
	/** False when the person was already registered (nothing changed). */
	created: boolean;
}

/**
 * Registers a person for a session: the actor themselves, or (`personId`) someone a manager
 * manages or anyone in the programme for the office ("reserve a seat"). Registering twice
 * returns the existing registration unchanged; after a cancellation or decline the same row
 * is reopened as a new arrival. With approval required and the person registering
 * themselves, the registration waits as `requested`; otherwise it is confirmed or waitlisted.
 */
export async function register(
	db: Db,
	actor: Actor,
	sessionId: number,
	options: { personId?: number | undefined } = {}
): Promise<RegisterResult> {
	if (!validId(sessionId)) throw new AccessDeniedError();
	const session = await sessionContext(db, sessionId);
	if (!session) throw new AccessDeniedError();
	const sres = sessionResource(session);
	if (!can(actor, 'read', sres) || !can(actor, 'register', sres)) throw new AccessDeniedError();

	const personId = options.personId ?? actor.personId;
	if (!validId(personId)) throw new AccessDeniedError();
	const forOther = personId !== actor.personId;
	// Oneself: the actor was loaded for this request (active, with programme and unit).
	const person = forOther
		? await registrantFacts(db, personId)
		: {
				id: actor.personId,
				name: actor.name,
				programmeId: actor.programmeId,
				unitId: actor.unitId,
				deactivatedAt: null
			};
	if (!person) throw new AccessDeniedError();
	if (forOther) {
		// Someone else: only people the actor may register (their manager, the office), in this programme.
		if (person.programmeId !== session.programmeId) throw new AccessDeniedError();
		authorize(
			actor,
			'register',
			registrationResource(
				{ id: 0, programmeId: session.programmeId, personId, personUnitId: person.unitId },
				session.trainerIds
			)
		);
	} else if (person.programmeId !== session.programmeId || person.unitId === null) {
		throw new RegistrationRuleError('registrations.error.notStaff', '_form', 422);
	}
	if (person.deactivatedAt)
		throw new RegistrationRuleError('registrations.error.personDeactivated', 'personId', 422);
	checkSessionOpen(session, session);

	const needsApproval =
		session.requiresApproval &&
		!(forOther && decidesRegistrationFor(actor, session.programmeId, person.unitId)) &&
		!actsAsOffice(actor, session.programmeId);

	const registeredBy = forOther ? actor.personId : null;
	const notify = (trx: Db, id: number, events: RegistrationEvent[]) =>
		queueMail(
			trx,
			events.map((event) => queuedNotification({ registrationId: id, event }, session.programmeId, personId))
		);

	// The hot path, a new arrival without approval: the seat decision and the row in one step
	// (one statement after the lock on PostgreSQL), the answer from RETURNING, the mail queued in
	// the same transaction. Someone registered before (cancelled, declined) takes the full path.
	if (!needsApproval) {
		const approval = session.requiresApproval
			? { approvedAt: nowIso(), approvedBy: actor.personId }
			: { approvedAt: null, approvedBy: null };
		const fast = await inTransaction(db, async (trx) => {
			// The mail first, before the session row is locked (one round trip less under the
			// lock): it names the session and person; the worker mails what the row says then.
			await queueMail(trx, [
				queuedNotification({ sessionId, personId, event: 'arrival' }, session.programmeId, personId)
			]);
			const locked = await lockSessionRow(trx, sessionId);
			if (!locked) throw new AccessDeniedError();
			checkSessionOpen(locked, session);
			const row = await seatArrival(trx, {
				sessionId,
				personId,
				unitId: person.unitId,
				registeredBy,
				...approval,
				now: nowIso()
			});
			if (row === 'closed') throw new RegistrationRuleError('registrations.error.notOpen');
			if (row === 'exists') throw new KnownPerson();
			return row;
		}).catch((e: unknown) => {
			if (e instanceof KnownPerson) return null;
			throw e;
		});
		if (fast) {
			await wakeOutbox(db);
			return { registration: arrivalView(fast, session, personId, person.name), created: true };
		}
	}

	const outcome = await inTransaction(db, async (trx) => {
		const locked = await lockSessionRow(trx, sessionId);
		if (!locked) throw new AccessDeniedError();
		// The rules again, on the locked row (the session may have been cancelled meanwhile).
		checkSessionOpen(locked, session);
		const now = nowIso();
		let id = await insertRegistrationIfAbsent(trx, { sessionId, personId, registeredBy });
		if (id === undefined) {
			const existing = await findRegistrationFor(trx, sessionId, personId);
			if (!existing) throw new Error('registration vanished');
			if (ACTIVE.includes(existing.status)) return { id: existing.id, created: false };
			// Cancelled or declined before: the same row starts again as a new arrival.
			const reopened = await transition(trx, existing.id, ['cancelled', 'declined'], {
				status: 'requested',
				requestedAt: now,
				waitlistSeq: null,
				approvedAt: null,
				approvedBy: null,
				declinedAt: null,
				declineReason: null,
				confirmedAt: null,
				waitlistedAt: null,
				cancelledAt: null,
				registeredBy
			});
			if (!reopened) return { id: existing.id, created: false };
			id = existing.id;
		}
		if (needsApproval) {
			await notify(trx, id, ['requested', 'approval_needed']);
			return { id, created: true };
		}
		const approval = session.requiresApproval ? { approvedAt: now, approvedBy: actor.personId } : {};
		await notify(trx, id, [await seatOrWaitlist(trx, sessionId, id, approval)]);
		return { id, created: true };
	});
	if (outcome.created) await wakeOutbox(db);
	const row = await findRegistration(db, outcome.id);
	if (!row) throw new AccessDeniedError();
	return { registration: presentRegistration(row), created: outcome.created };
}

/** Rolls the hot path back: the person has a registration already. */
class KnownPerson extends Error {}

/** The answer of the hot path, from what the request knows and the row RETURNING gave. */
function arrivalView(
	row: ArrivalRow,
	session: SessionContext,
	personId: number,
	personName: string
): RegistrationView {
	return {
		id: row.id,
		sessionId: session.id,
		personId,
		personName,
		unitName: row.unitName,
		status: row.status,
		waitlistSeq: row.waitlistSeq,
		requestedAt: row.requestedAt,
		approvedAt: row.approvedAt,
		approvedBy: row.approvedBy,
		declinedAt: null,
		declineReason: null,
		confirmedAt: row.confirmedAt,
		waitlistedAt: row.waitlistedAt,
		cancelledAt: null,
		hoursCredited: null,
		registeredBy: row.registeredBy,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		session: {
			id: session.id,
			activityId: session.activityId,
			title: session.title,
			startsAt: session.startsAt,
			endsAt: session.endsAt,
			place: session.place,
			onlineUrl: session.onlineUrl,
			hours: Number(session.hours),
			status: session.status
		}
	};
}

/**
 * Gives a `requested` registration a seat if one is free and nobody is already waiting, else
 * the next waitlist number. Must run in the transaction that holds the session row.
 */
async function seatOrWaitlist(
	trx: Db,
	sessionId: number,
	id: number,
	extra: { approvedAt?: string; approvedBy?: number }
): Promise<'confirmed' | 'waitlisted'> {
	const now = nowIso();
	if (await takeSeat(trx, sessionId, true)) {
		await transition(trx, id, ['requested'], { status: 'confirmed', confirmedAt: now, ...extra });
		return 'confirmed';
	}
	const seq = await nextWaitlistSeq(trx, sessionId);
	await transition(trx, id, ['requested'], {
		status: 'waitlisted',
		waitlistSeq: seq,
		waitlistedAt: now,
		...extra
	});
	return 'waitlisted';
}

/** Loads a registration the actor may `action`; unknown and refused look alike (AccessDeniedError). */
async function loadAuthorized(db: Db, actor: Actor, id: number, action: 'read' | 'approve' | 'cancel') {
	const row = validId(id) ? await findRegistration(db, id) : undefined;
	if (!row) throw new AccessDeniedError();
	const trainers = (await trainerIdsBySession(db, [row.sessionId])).get(row.sessionId) ?? [];
	authorize(actor, action, registrationResource(row, trainers));
	return row;
}

/** One registration the actor may read (404 otherwise). */
export async function getRegistration(db: Db, actor: Actor, id: number): Promise<RegistrationView> {
	return presentRegistration(await loadAuthorized(db, actor, id, 'read'));
}

/** A decider may not approve their own request, unless they are the programme office. */
function checkNotSelfDecision(actor: Actor, row: RegistrationRow): void {
	if (row.personId === actor.personId && !actsAsOffice(actor, row.programmeId))
		throw new RegistrationRuleError('registrations.error.selfDecision');
}

/**
 * Approves a request (the person's manager or the office): the registration is confirmed if
 * a seat is free, else waitlisted. Events: 'approved' (with a seat) or 'waitlisted'.
 */
export async function approve(db: Db, actor: Actor, registrationId: number): Promise<RegistrationView> {
	const row = await loadAuthorized(db, actor, registrationId, 'approve');
	checkNotSelfDecision(actor, row);
	if (row.status !== 'requested') throw new RegistrationRuleError('registrations.error.notPending');
	await inTransaction(db, async (trx) => {
		const locked = await lockSessionRow(trx, row.sessionId);
		if (!locked) throw new AccessDeniedError();
		if (locked.status === 'cancelled')
			throw new RegistrationRuleError('registrations.error.sessionCancelled');
		if (locked.status === 'done' || locked.endsAt < nowIso())
			throw new RegistrationRuleError('registrations.error.sessionPast');
		const current = await findRegistration(trx, row.id);
		if (current?.status !== 'requested') throw new RegistrationRuleError('registrations.error.notPending');
		const result = await seatOrWaitlist(trx, row.sessionId, row.id, {
			approvedAt: nowIso(),
			approvedBy: actor.personId
		});
		await queueEvents(trx, row.programmeId, [
			{ id: row.id, personId: row.personId, event: result === 'confirmed' ? 'approved' : 'waitlisted' }
		]);
	});
	await wakeOutbox(db);
	return getRegistration(db, actor, row.id);
}

/** Declines a request with a reason the person will read (their manager or the office). */
export async function decline(
	db: Db,
	actor: Actor,
	registrationId: number,
	reason: unknown
): Promise<RegistrationView> {
	const row = await loadAuthorized(db, actor, registrationId, 'approve');
	checkNotSelfDecision(actor, row);
	const parsed = declineReason.safeParse(reason);
	if (!parsed.success) throw new RegistrationRuleError('registrations.error.reasonRequired', 'reason', 422);
	if (row.status !== 'requested') throw new RegistrationRuleError('registrations.error.notPending');
	const changed = await inTransaction(db, async (trx) => {
		const done = await transition(trx, row.id, ['requested'], {
			status: 'declined',
			declinedAt: nowIso(),
			declineReason: parsed.data,
			approvedBy: actor.personId
		});
		if (done)
			await queueEvents(trx, row.programmeId, [{ id: row.id, personId: row.personId, event: 'declined' }]);
		return done;
	});
	if (!changed) throw new RegistrationRuleError('registrations.error.notPending');
	await wakeOutbox(db);
	return getRegistration(db, actor, row.id);
}

/** One item of a bulk decision. */
export type DecisionResult =
	| { id: number; ok: true; registration: RegistrationView }
	| { id: number; ok: false; error: 'notFound' | MessageKey; message?: string };

/**
 * Approves or declines several requests. Each item runs in its own transaction (through
 * `approve`/`decline`), so one refused or already-decided item never blocks the others;
 * the result says per item what happened. A decline without a reason is refused as a whole.
 */
export async function decideMany(
	db: Db,
	actor: Actor,
	ids: number[],
	decision: 'approve' | 'decline',
	reason?: string
): Promise<DecisionResult[]> {
	if (decision === 'decline' && !declineReason.safeParse(reason).success)
		throw new RegistrationRuleError('registrations.error.reasonRequired', 'reason', 422);
	const results: DecisionResult[] = [];
	for (const id of [...new Set(ids)]) {
		try {
			const registration =
				decision === 'approve' ? await approve(db, actor, id) : await decline(db, actor, id, reason);
			results.push({ id, ok: true, registration });
		} catch (e) {
			if (e instanceof AccessDeniedError) results.push({ id, ok: false, error: 'notFound' });
			else if (e instanceof RegistrationRuleError) results.push({ id, ok: false, error: e.key });
			else throw e;
		}
	}
	return results;
}

/** What `registerMany` did: counts per outcome, the people refused, or a rule of the session that refuses everyone. */
export interface TeamRegistrationResult {
	counts: { confirmed: number; waitlisted: number; existing: number };
	failures: { personId: number; error: 'notFound' | MessageKey }[];
	/** A session rule (closed, cancelled…) that applies to everyone; registering stopped there. */
	sessionError?: MessageKey;
}

/**
 * Registers several people for one session ("register my team"). Each person runs in their
 * own transaction (through `register`), so a refusal for one never blocks the others; a
 * refusal of the session itself stops at the first person and is reported once.
 */
export async function registerMany(
	db: Db,
	actor: Actor,
	sessionId: number,
	personIds: readonly number[]
): Promise<TeamRegistrationResult> {
	const result: TeamRegistrationResult = {
		counts: { confirmed: 0, waitlisted: 0, existing: 0 },
		failures: []
	};
	for (const personId of [...new Set(personIds)]) {
		try {
			const r = await register(db, actor, sessionId, { personId });
			if (!r.created) result.counts.existing++;
			else if (r.registration.status === 'confirmed') result.counts.confirmed++;
			else result.counts.waitlisted++;
		} catch (e) {
			if (e instanceof RegistrationRuleError && e.field === '_form')
				return { ...result, sessionError: e.key };
			if (e instanceof RegistrationRuleError) result.failures.push({ personId, error: e.key });
			else if (e instanceof AccessDeniedError) result.failures.push({ personId, error: 'notFound' });
			else throw e;
		}
	}
	return result;
}

/**
 * Cancels a registration (the person, their manager or the office). A confirmed seat is
 * given back in the same transaction and the waitlist moves up; cancelling twice is harmless.
 */
export async function cancelRegistration(
	db: Db,
	actor: Actor,
	registrationId: number
): Promise<RegistrationView> {
	const row = await loadAuthorized(db, actor, registrationId, 'cancel');
	if (row.status === 'cancelled' || row.status === 'declined') return presentRegistration(row);
	if (row.status === 'attended' || row.status === 'absent')
		throw new RegistrationRuleError('registrations.error.cannotCancel');
	if (row.sessionStatus !== 'cancelled' && row.endsAt < nowIso())
		throw new RegistrationRuleError('registrations.error.sessionPast');
	const freed = await inTransaction(db, async (trx) => {
		// The session row first, as every registration write does: the registration's triggers
		// then lock the kept totals (cycle_totals), and taking the two in the other order here
		// deadlocked against concurrent registrations on PostgreSQL.
		await lockSessionRow(trx, row.sessionId);
		const now = nowIso();
		const cancelled = [{ id: row.id, personId: row.personId, event: 'cancelled' as const }];
		if (await transition(trx, row.id, ['confirmed'], { status: 'cancelled', cancelledAt: now })) {
			await releaseSeat(trx, row.sessionId);
			await queueEvents(trx, row.programmeId, cancelled);
			return { changed: true, seat: true };
		}
		const changed = await transition(trx, row.id, ['requested', 'waitlisted'], {
			status: 'cancelled',
			cancelledAt: now
		});
		if (changed) await queueEvents(trx, row.programmeId, cancelled);
		return { changed, seat: false };
	});
	if (!freed.changed) {
		// Someone else changed it meanwhile (or it was marked): say so unless it is already cancelled.
		const now = await findRegistration(db, row.id);
		if (now?.status !== 'cancelled') throw new RegistrationRuleError('registrations.error.cannotCancel');
	} else {
		await wakeOutbox(db);
		if (freed.seat) await fillFreeSeats(db, row.sessionId);
	}
	return getRegistration(db, actor, row.id);
}

/**
 * Promotes waitlisted people, in waitlist order, while a conditional increment of the seat
 * counter succeeds (after a cancellation or a capacity raise). One transaction holding the
 * session row, so concurrent callers never promote the same person; 'promoted' is sent to
 * each after the commit. Returns the promoted registration ids.
 */
export async function fillFreeSeats(db: Db, sessionId: number): Promise<number[]> {
	if (!validId(sessionId)) return [];
	const programmeId = (await sessionContext(db, sessionId))?.programmeId ?? null;
	const promoted = await inTransaction(db, async (trx) => {
		const locked = await lockSessionRow(trx, sessionId);
		if (!locked || locked.status !== 'open' || locked.endsAt < nowIso()) return [];
		const ids: number[] = [];
		for (;;) {
			const next = await firstWaitlisted(trx, sessionId);
			if (next === undefined) break;
			if (!(await takeSeat(trx, sessionId, false))) break;
			await transition(trx, next, ['waitlisted'], { status: 'confirmed', confirmedAt: nowIso() });
			ids.push(next);
		}
		await queueEvents(
			trx,
			programmeId,
			ids.map((id) => ({ id, event: 'promoted' as const }))
		);
		return ids;
	});
	if (promoted.length > 0) await wakeOutbox(db);
	return promoted;
}

/** A person's registrations: coming up, history, and the hours credited so far. */
export interface MyRegistrations {
	upcoming: (RegistrationView & { canCancel: boolean })[];
	history: RegistrationView[];
	totalHours: number;
}

/** The actor's own registrations, split into upcoming and history, with total credited hours. */
export async function listMyRegistrations(db: Db, actor: Actor): Promise<MyRegistrations> {
	const rows = await findRegistrations(db, { personId: actor.personId }, 2000);
	const now = nowIso();
	const views = rows.map(presentRegistration);
	const isUpcoming = (r: RegistrationView) =>
		r.session.endsAt >= now &&
		r.session.status !== 'cancelled' &&
		['requested', 'confirmed', 'waitlisted'].includes(r.status);
	return {
		upcoming: views
			.filter(isUpcoming)
			.sort((a, b) => a.session.startsAt.localeCompare(b.session.startsAt))
			.map((r) => ({ ...r, canCancel: true })),
		history: views.filter((r) => !isUpcoming(r)),
		totalHours: views.reduce((sum, r) => sum + (r.status === 'attended' ? (r.hoursCredited ?? 0) : 0), 0)
	};
}

/** Registrations of one session that the actor may see (office/trainer: all; manager: their staff; else own). */
export async function listSessionRegistrations(
	db: Db,
	actor: Actor,
	sessionId: number
): Promise<RegistrationView[]> {
	if (!validId(sessionId)) throw new AccessDeniedError();
	const session = await sessionContext(db, sessionId);
	if (!session || !can(actor, 'read', sessionResource(session))) throw new AccessDeniedError();
	const all = can(actor, 'readParticipants', sessionResource(session));
	const rows = await findRegistrations(
		db,
		{
			sessionId,
			visible: all ? undefined : registrationScope(actor)
		},
		5000
	);
	return rows.map(presentRegistration);
}

/** Requests waiting for the actor's decision: the office's whole programme, a manager's staff. */
export async function listPendingApprovals(
	db: Db,
	actor: Actor,
	programmeId: number
): Promise<RegistrationView[]> {
	if (!decidesRegistrations(actor, programmeId)) throw new AccessDeniedError();
	const visible = approvalScope(actor, programmeId);
	const office = visible === undefined;
	const rows = await findRegistrations(
		db,
		{ programmeIds: [programmeId], status: ['requested'], visible },
		2000
	);
	return rows
		.filter((r) => office || r.personId !== actor.personId)
		.map(presentRegistration)
		.sort((a, b) => (a.requestedAt ?? '').localeCompare(b.requestedAt ?? ''));
}

/** Requests per page of the approvals list. */
export const APPROVALS_PAGE_SIZE = 100;

/**
 * One page of the requests waiting for the actor's decision (as `listPendingApprovals`, oldest
 * request first), filtered, ordered and counted in SQL.
 */
export async function pendingApprovalsPage(
	db: Db,
	actor: Actor,
	programmeId: number,
	page = 1,
	pageSize = APPROVALS_PAGE_SIZE
): Promise<{ rows: RegistrationView[]; page: number; pageSize: number; total: number }> {
	if (!decidesRegistrations(actor, programmeId)) throw new AccessDeniedError();
	const visible = approvalScope(actor, programmeId);
	const filter = {
		programmeIds: [programmeId],
		status: ['requested' as const],
		visible,
		// Managers never decide their own requests.
		notPersonId: visible === undefined ? undefined : actor.personId
	};
	const current = Math.max(1, page);
	const [rows, total] = await Promise.all([
		findRegistrationPage(db, filter, { limit: pageSize, offset: (current - 1) * pageSize }),
		countRegistrations(db, filter)
	]);
	return { rows: rows.map(presentRegistration), page: current, pageSize, total };
}

/**
 * Registrations for the API list: the caller's own by default; with `sessionId`, `personId`
 * or `status`, everything matching that the caller may see.
 */
export async function listRegistrations(
	db: Db,
	actor: Actor,
	query: RegistrationQuery
): Promise<RegistrationView[]> {
	const mineOnly = query.sessionId === undefined && query.personId === undefined;
	const rows = await findRegistrations(db, {
		sessionId: query.sessionId,
		personId: mineOnly ? actor.personId : query.personId,
		status: query.status ? [query.status] : undefined,
		visible: registrationScope(actor)
	});
	return rows.map(presentRegistration);
}

/** What the "register my team" form offers: open sessions and the people the actor may register. */
/** People per page of the "register my team" list. */
export const TEAM_PAGE_SIZE = 100;

export async function teamRegistrationOptions(
	db: Db,
	actor: Actor,
	programmeId: number,
	unitId?: number,
	page = 1
) {
	if (!decidesRegistrations(actor, programmeId)) throw new AccessDeniedError();
	const scope = teamUnitScope(actor, programmeId);
	const office = scope === undefined;
	const sessions = await findOpenSessions(db, programmeId);
	const unitIds = office ? (unitId !== undefined ? [unitId] : undefined) : scope;
	const current = Math.max(1, page);
	// The office picks a unit first (a whole programme is too long a list); a page at a time.
	const people =
		office && unitId === undefined
			? { rows: [], total: 0 }
			: await staffPage(db, programmeId, unitIds, {
					limit: TEAM_PAGE_SIZE,
					offset: (current - 1) * TEAM_PAGE_SIZE,
					...(office ? {} : { exceptId: actor.personId })
				});
	return {
		office,
		sessions: sessions.map((s) => ({
			id: s.id,
			title: sessionName({ activityTitle: s.activityTitle, sessionTitle: s.sessionTitle }),
			startsAt: s.startsAt,
			place: s.place,
			free: Math.max(0, Number(s.capacity) - Number(s.confirmedCount))
		})),
		people: people.rows,
		peoplePage: { page: current, pageSize: TEAM_PAGE_SIZE, total: people.total }
	};
}

// ---- for surveys

/** Who was marked attended on a session, or on any session of an activity, of the programme. No permission check. */
export async function attendeesOf(
	db: Db,
	programmeId: number,
	of: { sessionId: number } | { activityId: number }
): Promise<number[]> {
	return attendedPersonIds(db, programmeId, of);
}

/** Was the person marked attended on the session, the activity, or (neither given) any session of the programme? No permission check. */
export async function hasAttended(
	db: Db,
	programmeId: number,
	personId: number,
	of: { sessionId?: number; activityId?: number }
): Promise<boolean> {
	return attendedAny(db, programmeId, personId, of);
}
/**
 * Installs what a session change in the catalogue sets off here (e-mail to everyone
 * registered, waitlist promotion) and what the catalogue reads about one's own registrations. Runs when this module loads; the server also calls it at
 * start, so a catalogue change never happens before it.
 */
export function installSessionEffects(): void {
	setSessionEffects({
		notifySessionCancelled: (db, sessionId) =>
			queueSessionMail(db, { sessionId, event: 'session.cancelled' }),
		notifySessionChanged: (db, sessionId, changes) =>
			queueSessionMail(db, { sessionId, event: 'session.changed', changes: [...changes] }),
		fillFreeSeats: (db, sessionId) => fillFreeSeats(db, sessionId)
	});
	setRegistrationLookup({ ownRegistration: findOwnRegistration, ownStatuses: findOwnStatuses });
}
installSessionEffects();

/**
 * One queued message per person registered (requested, confirmed, waitlisted) for a session
 * change or cancellation, rendered by the worker with the session as it is then. Never throws
 * (the catalogue's change is committed already).
 */
async function queueSessionMail(db: Db, payload: NotificationPayload & { sessionId: number }): Promise<void> {
	try {
		const context = await sessionContext(db, payload.sessionId);
		const people = await registeredPeople(db, payload.sessionId, ['confirmed', 'waitlisted', 'requested']);
		await queueMail(
			db,
			people.map((p) =>
				queuedNotification({ ...payload, recipientId: p.id }, context?.programmeId ?? null, p.id)
			)
		);
		if (people.length > 0) await wakeOutbox(db);
	} catch (caught) {
		console.error(`[notify] session ${payload.sessionId}: ${payload.event} could not be queued:`, caught);
	}
}

// ---- for plans and logbook

/** Registration facts for plans (attendance) and the logbook (no permission check: callers authorise). */
export {
	attendedPairs,
	attendedQuery,
	isRegisteredFor,
	sessionsOfPerson
} from './registrations.repository.ts';

// ---- for cycle

/** The app's base URL for links in mail. */
export { appOrigin } from './calendar.service.ts';

/** How many requests wait for the actor's decision (the home page's to-do), counted in SQL. */
export async function pendingApprovalCount(db: Db, actor: Actor, programmeId: number): Promise<number> {
	if (!decidesRegistrations(actor, programmeId)) return 0;
	const visible = approvalScope(actor, programmeId);
	return countRegistrations(db, {
		programmeIds: [programmeId],
		status: ['requested'],
		visible,
		// Managers never decide their own requests (listPendingApprovals leaves them out too).
		notPersonId: visible === undefined ? undefined : actor.personId
	});
}

/** The actor's next `limit` live registrations, soonest first (the home page). */
export async function upcomingRegistrations(db: Db, actor: Actor, limit = 3): Promise<RegistrationView[]> {
	const rows = await findUpcomingRegistrations(db, actor.personId, nowIso(), limit);
	return rows.map(presentRegistration);
}

// ---- for goals (issue 12)

/** A person's registrations in these states, as a subquery on an outer person id (no permission check). */
export { registrationsOfPersonQuery } from './registrations.repository.ts';
