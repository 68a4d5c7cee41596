import { sessionName } from '#lib/i18n/session-label.ts';
import { CompiledQuery, sql, type Expression, type Kysely } from 'kysely';
import { dialect, type Db } from '../db/database.ts';
import type { Database, RegistrationStatus, SessionStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import type { RegistrationScope } from '../policy/policy.ts';

/**
 * Queries for registrations (no permission checks; see registrations.service.ts). The seat
 * counters on `sessions` are changed only here, and only by conditional updates, so the
 * database decides who gets a seat (`confirmed_count <= capacity` is also a CHECK).
 */

type Executor = Db | Kysely<Database>;

/**
 * Locks the session row until the transaction ends, so a multi-step change (waitlist
 * promotion, "is anyone waiting?") sees a stable session. PostgreSQL: `select … for no key
 * update` — the same exclusion as `for update` between writers of the row, but it does not
 * block the key-share locks that inserting a registration (foreign key) takes, which would
 * only add waiting. SQLite: nothing — its writes are serialised already.
 * Returns the session's status and end, as read under the lock (undefined if unknown).
 */
export async function lockSessionRow(
	trx: Executor,
	sessionId: number
): Promise<{ status: SessionStatus; endsAt: string } | undefined> {
	// Written out once: this runs on every registration (the hot path).
	const result = await trx.executeQuery<{ status: SessionStatus; endsAt: string }>(
		dialect(trx) === 'postgres'
			? CompiledQuery.raw('select status, ends_at from sessions where id = $1 for no key update', [sessionId])
			: CompiledQuery.raw('select status, ends_at from sessions where id = ?', [sessionId])
	);
	return result.rows[0];
}

/**
 * Takes one seat: a single conditional increment that succeeds only while a seat is free
 * and the session is open. With `onlyIfNoneWaiting`, a new arrival does not jump ahead of
 * people already on the waitlist. True when this caller got the seat.
 */
export async function takeSeat(
	trx: Executor,
	sessionId: number,
	onlyIfNoneWaiting: boolean
): Promise<boolean> {
	let query = trx
		.updateTable('sessions')
		.set((eb) => ({ confirmedCount: eb('confirmedCount', '+', 1) }))
		.where('id', '=', sessionId)
		.where('status', '=', 'open')
		.where((eb) => eb('confirmedCount', '<', eb.ref('capacity')));
	if (onlyIfNoneWaiting)
		query = query.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('registrations')
						.select(sql`1`.as('one'))
						.where('registrations.sessionId', '=', sessionId)
						.where('registrations.status', '=', 'waitlisted')
				)
			)
		);
	const result = await query.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Gives a seat back (never below zero). */
export async function releaseSeat(trx: Executor, sessionId: number): Promise<void> {
	await trx
		.updateTable('sessions')
		.set((eb) => ({ confirmedCount: eb('confirmedCount', '-', 1) }))
		.where('id', '=', sessionId)
		.where('confirmedCount', '>', 0)
		.execute();
}

/** The next waitlist number of a session (atomic increment; arrival order, no gaps). */
export async function nextWaitlistSeq(trx: Executor, sessionId: number): Promise<number> {
	const row = await trx
		.updateTable('sessions')
		.set((eb) => ({ waitlistCounter: eb('waitlistCounter', '+', 1) }))
		.where('id', '=', sessionId)
		.returning('waitlistCounter')
		.executeTakeFirstOrThrow();
	return Number(row.waitlistCounter);
}

/**
 * Inserts a registration unless the person already has one for the session (unique
 * constraint + `on conflict do nothing`, portable). Returns the new id, or undefined.
 */
export async function insertRegistrationIfAbsent(
	trx: Executor,
	values: { sessionId: number; personId: number; registeredBy: number | null }
): Promise<number | undefined> {
	const now = nowIso();
	const row = await trx
		.insertInto('registrations')
		.values({
			sessionId: values.sessionId,
			personId: values.personId,
			status: 'requested',
			requestedAt: now,
			registeredBy: values.registeredBy,
			updatedAt: now
		})
		.onConflict((oc) => oc.columns(['sessionId', 'personId']).doNothing())
		.returning('id')
		.executeTakeFirst();
	return row?.id;
}

/** Fields a transition may set. */
export interface RegistrationChange {
	status: RegistrationStatus;
	waitlistSeq?: number | null;
	requestedAt?: string | null;
	approvedAt?: string | null;
	approvedBy?: number | null;
	declinedAt?: string | null;
	declineReason?: string | null;
	confirmedAt?: string | null;
	waitlistedAt?: string | null;
	cancelledAt?: string | null;
	registeredBy?: number | null;
}

/**
 * Moves a registration to a new state only if it is in one of `from` (so two concurrent
 * decisions on the same registration cannot both apply). True when it changed.
 */
export async function transition(
	trx: Executor,
	id: number,
	from: readonly RegistrationStatus[],
	change: RegistrationChange
): Promise<boolean> {
	const result = await trx
		.updateTable('registrations')
		.set({ ...change, updatedAt: nowIso() })
		.where('id', '=', id)
		.where('status', 'in', from)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** The first person waiting for a seat, by arrival order. */
export async function firstWaitlisted(trx: Executor, sessionId: number): Promise<number | undefined> {
	const row = await trx
		.selectFrom('registrations')
		.select('id')
		.where('sessionId', '=', sessionId)
		.where('status', '=', 'waitlisted')
		.orderBy('waitlistSeq')
		.orderBy('id')
		.limit(1)
		.executeTakeFirst();
	return row?.id;
}

/** A registration with what the rules and views need about its person and session. */
export function registrationQuery(db: Executor) {
	return db
		.selectFrom('registrations as r')
		.innerJoin('people as p', 'p.id', 'r.personId')
		.innerJoin('sessions as s', 's.id', 'r.sessionId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.leftJoin('units as u', 'u.id', 'p.unitId')
		.select([
			'r.id',
			'r.sessionId',
			'r.personId',
			'r.status',
			'r.waitlistSeq',
			'r.requestedAt',
			'r.approvedAt',
			'r.approvedBy',
			'r.declinedAt',
			'r.declineReason',
			'r.confirmedAt',
			'r.waitlistedAt',
			'r.cancelledAt',
			'r.attendanceMarkedAt',
			'r.hoursCredited',
			'r.registeredBy',
			'r.createdAt',
			'r.updatedAt',
			'p.name as personName',
			'p.email as personEmail',
			'p.unitId as personUnitId',
			'u.name as unitName',
			'p.deactivatedAt as personDeactivatedAt',
			'a.programmeId',
			'a.id as activityId',
			'a.title as activityTitle',
			's.title as sessionTitle',
			's.startsAt',
			's.endsAt',
			's.place',
			's.onlineUrl',
			's.hours as sessionHours',
			's.status as sessionStatus'
		]);
}

export type RegistrationRow = Awaited<
	ReturnType<ReturnType<typeof registrationQuery>['executeTakeFirstOrThrow']>
>;

export async function findRegistration(db: Executor, id: number): Promise<RegistrationRow | undefined> {
	return registrationQuery(db).where('r.id', '=', id).executeTakeFirst();
}

export async function findRegistrationFor(
	db: Executor,
	sessionId: number,
	personId: number
): Promise<RegistrationRow | undefined> {
	return registrationQuery(db)
		.where('r.sessionId', '=', sessionId)
		.where('r.personId', '=', personId)
		.executeTakeFirst();
}

/** Trainer ids per session, for the policy's registration resource. */
export async function trainerIdsBySession(
	db: Executor,
	sessionIds: number[]
): Promise<Map<number, number[]>> {
	const out = new Map<number, number[]>();
	if (sessionIds.length === 0) return out;
	const rows = await db
		.selectFrom('sessionTrainers')
		.select(['sessionId', 'personId'])
		.where('sessionId', 'in', [...new Set(sessionIds)])
		.execute();
	for (const r of rows) {
		const list = out.get(r.sessionId) ?? [];
		list.push(r.personId);
		out.set(r.sessionId, list);
	}
	return out;
}

/** Filters for a registration list; each one narrows. */
export interface RegistrationFilter {
	programmeIds?: number[];
	sessionId?: number;
	personId?: number;
	status?: RegistrationStatus[];
	/**
	 * Visibility (from the policy): rows of these people, or in these units, or in these
	 * programmes (office), or of sessions these people train. Undefined = no restriction.
	 */
	visible?: RegistrationScope | undefined;
}

export async function findRegistrations(db: Executor, filter: RegistrationFilter, limit = 500) {
	return filteredRegistrations(db, filter)
		.orderBy('s.startsAt', 'desc')
		.orderBy('r.id')
		.limit(limit)
		.execute();
}

/** One page of registrations, oldest request first (the approvals list; total via `countRegistrations`). */
export async function findRegistrationPage(
	db: Executor,
	filter: RegistrationFilter & { notPersonId?: number },
	paging: { limit: number; offset: number }
) {
	let q = filteredRegistrations(db, filter);
	if (filter.notPersonId !== undefined) q = q.where('r.personId', '<>', filter.notPersonId);
	return q.orderBy('r.requestedAt').orderBy('r.id').limit(paging.limit).offset(paging.offset).execute();
}

/** How many registrations match (the home page's to-do counts), counted in SQL. */
export async function countRegistrations(
	db: Executor,
	filter: RegistrationFilter & { notPersonId?: number }
): Promise<number> {
	let q = filteredRegistrations(db, filter).clearSelect();
	if (filter.notPersonId !== undefined) q = q.where('r.personId', '<>', filter.notPersonId);
	const row = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** A person's next live registrations (session not over, not cancelled), soonest first. */
export async function findUpcomingRegistrations(db: Executor, personId: number, now: string, limit: number) {
	return filteredRegistrations(db, { personId, status: ['requested', 'confirmed', 'waitlisted'] })
		.where('s.endsAt', '>=', now)
		.where('s.status', '<>', 'cancelled')
		.orderBy('s.startsAt')
		.orderBy('r.id')
		.limit(limit)
		.execute();
}

function filteredRegistrations(db: Executor, filter: RegistrationFilter) {
	let q = registrationQuery(db);
	if (filter.programmeIds)
		q = q.where('a.programmeId', 'in', filter.programmeIds.length ? filter.programmeIds : [-1]);
	if (filter.sessionId !== undefined) q = q.where('r.sessionId', '=', filter.sessionId);
	if (filter.personId !== undefined) q = q.where('r.personId', '=', filter.personId);
	if (filter.status && filter.status.length > 0) q = q.where('r.status', 'in', filter.status);
	const v = filter.visible;
	if (v)
		q = q.where((eb) =>
			eb.or([
				eb('r.personId', '=', v.personId),
				...(v.unitIds.length ? [eb('p.unitId', 'in', v.unitIds)] : []),
				...(v.programmeIds.length ? [eb('a.programmeId', 'in', v.programmeIds)] : []),
				eb.exists(
					eb
						.selectFrom('sessionTrainers as st')
						.select(sql`1`.as('one'))
						.whereRef('st.sessionId', '=', 'r.sessionId')
						.where('st.personId', '=', v.trainerId)
				)
			])
		);
	return q;
}

/** Open, upcoming, published sessions of a programme (for the manager's "register my team" form). */
export async function findOpenSessions(db: Executor, programmeId: number) {
	const now = nowIso();
	return db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select([
			's.id',
			's.startsAt',
			's.endsAt',
			's.place',
			's.capacity',
			's.confirmedCount',
			'a.title as activityTitle',
			's.title as sessionTitle'
		])
		.where('a.programmeId', '=', programmeId)
		.where('s.status', '=', 'open')
		.where('s.endsAt', '>', now)
		.where('a.publishedAt', 'is not', null)
		.where('a.archivedAt', 'is', null)
		.orderBy('s.startsAt')
		.limit(300)
		.execute();
}

// ---- for the catalogue (installed through catalogue/effects.ts)

/** The actor's registration for a session, if any. */
export async function findOwnRegistration(db: Executor, sessionId: number, personId: number) {
	return db
		.selectFrom('registrations')
		.select(['id', 'status', 'waitlistSeq', 'hoursCredited'])
		.where('sessionId', '=', sessionId)
		.where('personId', '=', personId)
		.executeTakeFirst();
}

/** The actor's registrations for a batch of sessions. */
export async function findOwnStatuses(db: Executor, sessionIds: number[], personId: number) {
	if (sessionIds.length === 0) return new Map<number, string>();
	const rows = await db
		.selectFrom('registrations')
		.select(['sessionId', 'status'])
		.where('sessionId', 'in', sessionIds)
		.where('personId', '=', personId)
		.execute();
	return new Map(rows.map((r) => [r.sessionId, r.status as string]));
}

// ---- for surveys

/** People marked attended on a session, or on any session of an activity, of the programme. */
export async function attendedPersonIds(
	db: Db,
	programmeId: number,
	of: { sessionId: number } | { activityId: number }
): Promise<number[]> {
	const rows = await db
		.selectFrom('registrations')
		.innerJoin('sessions', 'sessions.id', 'registrations.sessionId')
		.innerJoin('activities', 'activities.id', 'sessions.activityId')
		.select('registrations.personId')
		.distinct()
		.where('activities.programmeId', '=', programmeId)
		.where('registrations.status', '=', 'attended')
		.where((eb) =>
			'sessionId' in of
				? eb('registrations.sessionId', '=', of.sessionId)
				: eb('activities.id', '=', of.activityId)
		)
		.execute();
	return rows.map((r) => r.personId);
}

/** Was the person marked attended on the session, on a session of the activity, or (neither given) on any session of the programme? */
export async function attendedAny(
	db: Db,
	programmeId: number,
	personId: number,
	of: { sessionId?: number; activityId?: number }
): Promise<boolean> {
	let q = db
		.selectFrom('registrations')
		.innerJoin('sessions', 'sessions.id', 'registrations.sessionId')
		.innerJoin('activities', 'activities.id', 'sessions.activityId')
		.select('registrations.id')
		.where('registrations.personId', '=', personId)
		.where('registrations.status', '=', 'attended')
		.where('activities.programmeId', '=', programmeId);
	if (of.sessionId !== undefined) q = q.where('registrations.sessionId', '=', of.sessionId);
	else if (of.activityId !== undefined) q = q.where('activities.id', '=', of.activityId);
	return (await q.limit(1).executeTakeFirst()) !== undefined;
}

// ---- for plans and logbook

/** Which of the people attended which of the sessions: keys `personId:sessionId`. */
export async function attendedPairs(
	db: Db,
	personIds: readonly number[],
	sessionIds: readonly (number | null)[]
): Promise<Set<string>> {
	const sessions = [...new Set(sessionIds.filter((id): id is number => id !== null))];
	const people = [...new Set(personIds)];
	if (sessions.length === 0 || people.length === 0) return new Set();
	const rows = await db
		.selectFrom('registrations')
		.select(['personId', 'sessionId'])
		.where('status', '=', 'attended')
		.where('sessionId', 'in', sessions)
		.where('personId', 'in', people)
		.execute();
	return new Set(rows.map((r) => `${r.personId}:${r.sessionId}`));
}

/** As a correlated subquery: the person attended the session (for the plans overview counts). */
export function attendedQuery(db: Db, personId: Expression<number>, sessionId: Expression<number | null>) {
	return db
		.selectFrom('registrations as att')
		.select('att.id')
		.where('att.status', '=', 'attended')
		.where('att.sessionId', '=', sessionId)
		.where('att.personId', '=', personId);
}

/** The sessions a person is registered for (any status), newest first, with their titles. */
export async function sessionsOfPerson(db: Db, personId: number) {
	const rows = await db
		.selectFrom('registrations as r')
		.innerJoin('sessions as s', 's.id', 'r.sessionId')
		.innerJoin('activities as act', 'act.id', 's.activityId')
		.select(['s.id', 's.title', 'act.title as activityTitle', 's.startsAt', 's.place'])
		.where('r.personId', '=', personId)
		.orderBy('s.startsAt', 'desc')
		.orderBy('s.id')
		.execute();
	return rows.map((s) => ({
		id: s.id,
		title: sessionName({ activityTitle: s.activityTitle, sessionTitle: s.title }),
		startsAt: s.startsAt,
		place: s.place
	}));
}

/** Has the person a registration (any status) for the session? */
export async function isRegisteredFor(db: Db, personId: number, sessionId: number): Promise<boolean> {
	return (
		(await db
			.selectFrom('registrations')
			.select('id')
			.where('personId', '=', personId)
			.where('sessionId', '=', sessionId)
			.executeTakeFirst()) !== undefined
	);
}

// ---- the registration hot path

/** What a new arrival's registration row looks like after `seatArrival` (from RETURNING). */
export interface ArrivalRow {
	id: number;
	status: 'confirmed' | 'waitlisted';
	waitlistSeq: number | null;
	requestedAt: string | null;
	approvedAt: string | null;
	approvedBy: number | null;
	confirmedAt: string | null;
	waitlistedAt: string | null;
	registeredBy: number | null;
	createdAt: string;
	updatedAt: string;
	unitName: string | null;
}

export interface Arrival {
	sessionId: number;
	personId: number;
	/** The person's unit, for the answer's unit name. */
	unitId: number | null;
	registeredBy: number | null;
	approvedAt: string | null;
	approvedBy: number | null;
	now: string;
}

const ARRIVAL_COLUMNS = sql`id, status, waitlist_seq, requested_at, approved_at, approved_by, confirmed_at,
	waitlisted_at, registered_by, created_at, updated_at`;

/**
 * A new arrival, decided and inserted: a seat while one is free and nobody waits, else the next
 * waitlist number (arrival order), and the registration row built from that decision. Runs in
 * the transaction that holds the session row (`lockSessionRow`). PostgreSQL: ONE statement (a
 * CTE that decides, bumps the counter and inserts; its snapshot is taken after the lock, so the
 * "nobody waits" test is current). SQLite (writes serialised, statements in-process): the
 * conditional seat update, else the waitlist increment, then the insert. Returns 'exists' when
 * the person has a registration already (the counters moved: the caller must roll back) and
 * 'closed' when the session is not open.
 */
export async function seatArrival(trx: Executor, a: Arrival): Promise<ArrivalRow | 'exists' | 'closed'> {
	if (dialect(trx) === 'postgres') {
		const unitName = sql`(select u.name from units u where u.id = ${a.unitId})`;
		const result = await sql<ArrivalRow & { decided: number }>`
			with decided as (
				select s.id, (s.confirmed_count < s.capacity and not exists (
					select 1 from registrations w where w.session_id = s.id and w.status = 'waitlisted')) as seat
				from sessions s where s.id = ${a.sessionId} and s.status = 'open'
			), bumped as (
				update sessions s set
					confirmed_count = s.confirmed_count + case when d.seat then 1 else 0 end,
					waitlist_counter = s.waitlist_counter + case when d.seat then 0 else 1 end
				from decided d where s.id = d.id
				returning d.seat, s.waitlist_counter
			), inserted as (
				insert into registrations (session_id, person_id, status, requested_at, approved_at, approved_by,
					confirmed_at, waitlisted_at, waitlist_seq, registered_by, updated_at)
				select ${a.sessionId}, ${a.personId}, case when b.seat then 'confirmed' else 'waitlisted' end,
					${a.now}::timestamptz, ${a.approvedAt}::timestamptz, ${a.approvedBy}::integer,
					case when b.seat then ${a.now}::timestamptz end,
					case when b.seat then null else ${a.now}::timestamptz end,
					case when b.seat then null else b.waitlist_counter end,
					${a.registeredBy}::integer, ${a.now}::timestamptz
				from bumped b
				on conflict (session_id, person_id) do nothing
				returning ${ARRIVAL_COLUMNS}
			)
			select i.*, ${unitName} as unit_name, (select count(*) from bumped)::integer as decided
			from (select 1) one left join inserted i on true`.execute(trx);
		const row = result.rows[0];
		if (!row || Number(row.decided) === 0) return 'closed';
		if (row.id === null) return 'exists';
		return arrival(row);
	}
	// SQLite: three short statements, written out once (no query built per request).
	const seat = await trx.executeQuery<{ id: number }>(
		CompiledQuery.raw(SQLITE_TAKE_SEAT, [a.sessionId, a.sessionId])
	);
	let seq: number | null = null;
	if (seat.rows.length === 0) {
		const bumped = await trx.executeQuery<{ waitlistCounter: number }>(
			CompiledQuery.raw(SQLITE_NEXT_WAITLIST, [a.sessionId])
		);
		if (bumped.rows.length === 0) return 'closed';
		seq = Number(bumped.rows[0]!.waitlistCounter);
	}
	const confirmed = seat.rows.length === 1;
	const inserted = await trx.executeQuery<Omit<ArrivalRow, 'status'> & { status: string }>(
		CompiledQuery.raw(SQLITE_INSERT_ARRIVAL, [
			a.sessionId,
			a.personId,
			confirmed ? 'confirmed' : 'waitlisted',
			a.now,
			a.approvedAt,
			a.approvedBy,
			confirmed ? a.now : null,
			confirmed ? null : a.now,
			seq,
			a.registeredBy,
			a.now,
			a.unitId
		])
	);
	const row = inserted.rows[0];
	return row ? arrival(row) : 'exists';
}

const SQLITE_TAKE_SEAT = `update sessions set confirmed_count = confirmed_count + 1
	where id = ? and status = 'open' and confirmed_count < capacity
	and not exists (select 1 from registrations w where w.session_id = ? and w.status = 'waitlisted')
	returning id`;
const SQLITE_NEXT_WAITLIST = `update sessions set waitlist_counter = waitlist_counter + 1
	where id = ? and status = 'open' returning waitlist_counter`;
const SQLITE_INSERT_ARRIVAL = `insert into registrations (session_id, person_id, status, requested_at, approved_at,
	approved_by, confirmed_at, waitlisted_at, waitlist_seq, registered_by, updated_at)
	values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	on conflict (session_id, person_id) do nothing
	returning id, status, waitlist_seq, requested_at, approved_at, approved_by, confirmed_at, waitlisted_at,
	registered_by, created_at, updated_at, (select u.name from units u where u.id = ?) as unit_name`;

function arrival(row: Omit<ArrivalRow, 'status'> & { status: string }): ArrivalRow {
	return {
		id: row.id,
		status: row.status === 'confirmed' ? 'confirmed' : 'waitlisted',
		waitlistSeq: row.waitlistSeq === null ? null : Number(row.waitlistSeq),
		requestedAt: iso(row.requestedAt),
		approvedAt: iso(row.approvedAt),
		approvedBy: row.approvedBy,
		confirmedAt: iso(row.confirmedAt),
		waitlistedAt: iso(row.waitlistedAt),
		registeredBy: row.registeredBy,
		createdAt: iso(row.createdAt)!,
		updatedAt: iso(row.updatedAt)!,
		unitName: row.unitName
	};
}

/** Raw rows carry PostgreSQL timestamps as the driver gives them; answers use ISO strings. */
function iso(value: string | Date | null): string | null {
	if (value === null) return null;
	return value instanceof Date ? value.toISOString() : value;
}

// ---------------------------------------------------------------- for goals (issue 12)

/**
 * The person's registrations in the programme in one of `statuses`, as a correlated subquery on
 * `personId` (an outer column): goal coverage nests it, nothing is loaded per person.
 */
export function registrationsOfPersonQuery(
	db: Db,
	programmeId: number,
	personId: Expression<number>,
	statuses: readonly RegistrationStatus[]
) {
	return db
		.selectFrom('registrations as gr')
		.innerJoin('sessions as gs', 'gs.id', 'gr.sessionId')
		.innerJoin('activities as ga', 'ga.id', 'gs.activityId')
		.select('gr.id')
		.where('gr.personId', '=', personId)
		.where('gr.status', 'in', [...statuses])
		.where('ga.programmeId', '=', programmeId);
}
