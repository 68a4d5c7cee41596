import { sessionName } from '#lib/i18n/session-label.ts';
import { sql, type Insertable, type Kysely, type RawBuilder, type SqlBool, type Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import { dialect } from '../db/database.ts';
import type { ActivityTable, Database, Locale, SessionStatus, SessionTable } from '../db/schema.ts';
import { containsInsensitive, nowIso } from '../db/sql.ts';
import type { CatalogueQuery } from './catalogue.schema.ts';

/**
 * Queries for tracks, activities, sessions, materials, trainers and interest. No permission
 * checks here: the catalogue services decide who may see and change what.
 */

type Executor = Db | Kysely<Database>;

/** Tracks of a programme (id, name), in their sort order. */
export async function findTracks(db: Executor, programmeId: number) {
	return db
		.selectFrom('tracks')
		.select(['id', 'name'])
		.where('programmeId', '=', programmeId)
		.orderBy('sortOrder')
		.orderBy('name')
		.execute();
}

/** Is `trackId` a track of the programme? */
export async function trackInProgramme(db: Executor, programmeId: number, trackId: number): Promise<boolean> {
	const row = await db
		.selectFrom('tracks')
		.select('id')
		.where('id', '=', trackId)
		.where('programmeId', '=', programmeId)
		.executeTakeFirst();
	return row !== undefined;
}

/** What other modules need about a session: its activity's programme, trainers and time zone. */
export interface SessionContext {
	id: number;
	activityId: number;
	programmeId: number;
	/** The session's own title, else the activity's. */
	title: string;
	startsAt: string;
	endsAt: string;
	place: string | null;
	onlineUrl: string | null;
	capacity: number;
	hours: number;
	requiresApproval: boolean;
	registrationOpensAt: string | null;
	registrationClosesAt: string | null;
	status: SessionStatus;
	confirmedCount: number;
	/** Its activity is published and not archived. */
	published: boolean;
	trainerIds: number[];
	timeZone: string;
}

/** One session's context (see `SessionContext`), or undefined. Two queries. */
export async function findSessionContext(
	db: Executor,
	sessionId: number
): Promise<SessionContext | undefined> {
	const row = await db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.innerJoin('programmes as p', 'p.id', 'a.programmeId')
		.select([
			's.id',
			's.activityId',
			'a.programmeId',
			's.title as sessionTitle',
			'a.title as activityTitle',
			's.startsAt',
			's.endsAt',
			's.place',
			's.onlineUrl',
			's.capacity',
			's.hours',
			's.requiresApproval',
			's.registrationOpensAt',
			's.registrationClosesAt',
			's.status',
			's.confirmedCount',
			'a.publishedAt',
			'a.archivedAt',
			'p.timeZone'
		])
		.where('s.id', '=', sessionId)
		.executeTakeFirst();
	if (!row) return undefined;
	const trainers = await db
		.selectFrom('sessionTrainers')
		.select('personId')
		.where('sessionId', '=', sessionId)
		.execute();
	return {
		id: row.id,
		activityId: row.activityId,
		programmeId: row.programmeId,
		title: sessionName({ activityTitle: row.activityTitle, sessionTitle: row.sessionTitle }),
		startsAt: row.startsAt,
		endsAt: row.endsAt,
		place: row.place,
		onlineUrl: row.onlineUrl,
		capacity: Number(row.capacity),
		hours: Number(row.hours),
		requiresApproval: Number(row.requiresApproval) === 1,
		registrationOpensAt: row.registrationOpensAt,
		registrationClosesAt: row.registrationClosesAt,
		status: row.status,
		confirmedCount: Number(row.confirmedCount),
		published: row.publishedAt !== null && row.archivedAt === null,
		trainerIds: trainers.map((t) => t.personId),
		timeZone: row.timeZone
	};
}

export async function insertActivity(trx: Executor, values: Insertable<ActivityTable>) {
	return trx.insertInto('activities').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateActivityRow(trx: Executor, id: number, values: Updateable<ActivityTable>) {
	return trx
		.updateTable('activities')
		.set({ ...values, updatedAt: nowIso() })
		.where('id', '=', id)
		.returningAll()
		.executeTakeFirstOrThrow();
}

export async function insertSession(trx: Executor, values: Insertable<SessionTable>) {
	return trx.insertInto('sessions').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Replaces a session's trainers. */
export async function setSessionTrainers(
	trx: Executor,
	sessionId: number,
	personIds: readonly number[],
	replace = true
): Promise<void> {
	if (replace) await trx.deleteFrom('sessionTrainers').where('sessionId', '=', sessionId).execute();
	if (personIds.length > 0)
		await trx
			.insertInto('sessionTrainers')
			.values(personIds.map((personId) => ({ sessionId, personId })))
			.execute();
}

/**
 * Changes a session, conditional on the confirmed count (so a registration that slipped in
 * cannot be pushed over capacity); `bumpSequence` raises the iCalendar SEQUENCE. Undefined
 * when the confirmed count is above `values.capacity`.
 */
export async function updateSessionWithinCapacity(
	trx: Executor,
	id: number,
	values: Updateable<SessionTable> & { capacity: number },
	bumpSequence: boolean
) {
	return trx
		.updateTable('sessions')
		.set((eb) => ({
			...values,
			...(bumpSequence ? { sequence: eb('sequence', '+', 1) } : {}),
			updatedAt: nowIso()
		}))
		.where('id', '=', id)
		.where('confirmedCount', '<=', values.capacity)
		.returningAll()
		.executeTakeFirst();
}

export async function sessionConfirmedCount(trx: Executor, id: number): Promise<number> {
	const row = await trx
		.selectFrom('sessions')
		.select('confirmedCount')
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
	return Number(row.confirmedCount);
}

/** Cancels a session unless it is cancelled already (undefined then); raises SEQUENCE. */
export async function cancelSessionRow(trx: Executor, id: number, reason: string) {
	const now = nowIso();
	return trx
		.updateTable('sessions')
		.set((eb) => ({
			status: 'cancelled',
			cancelledAt: now,
			cancelReason: reason,
			sequence: eb('sequence', '+', 1),
			updatedAt: now
		}))
		.where('id', '=', id)
		.where('status', '!=', 'cancelled')
		.returningAll()
		.executeTakeFirst();
}

export async function insertMaterial(
	trx: Executor,
	values: {
		activityId: number;
		fileName: string;
		contentType: string;
		size: number;
		content: Buffer;
		uploadedBy: number;
	}
) {
	return trx
		.insertInto('activityMaterials')
		.values(values)
		.returning(['id', 'activityId', 'fileName', 'contentType', 'size', 'createdAt'])
		.executeTakeFirstOrThrow();
}

/** Deletes a material of an activity; its file name, or undefined when there was none. */
export async function deleteMaterialRow(trx: Executor, activityId: number, materialId: number) {
	return trx
		.deleteFrom('activityMaterials')
		.where('id', '=', materialId)
		.where('activityId', '=', activityId)
		.returning('fileName')
		.executeTakeFirst();
}

/** Records (or, with a comment, updates) a person's interest; twice is harmless. */
export async function upsertInterest(
	db: Executor,
	activityId: number,
	personId: number,
	comment: string | undefined
): Promise<void> {
	const existing = await db
		.selectFrom('activityInterests')
		.select('id')
		.where('activityId', '=', activityId)
		.where('personId', '=', personId)
		.executeTakeFirst();
	if (existing) {
		if (comment !== undefined)
			await db
				.updateTable('activityInterests')
				.set({ comment: comment || null })
				.where('id', '=', existing.id)
				.execute();
		return;
	}
	await db
		.insertInto('activityInterests')
		.values({ activityId, personId, comment: comment || null })
		.onConflict((oc) => oc.columns(['activityId', 'personId']).doNothing())
		.execute();
}

export async function deleteInterest(db: Executor, activityId: number, personId: number): Promise<void> {
	await db
		.deleteFrom('activityInterests')
		.where('activityId', '=', activityId)
		.where('personId', '=', personId)
		.execute();
}

/** An activity row with its track's name. */
export async function findActivity(db: Db, id: number) {
	return db
		.selectFrom('activities as a')
		.leftJoin('tracks as t', 't.id', 'a.trackId')
		.selectAll('a')
		.select('t.name as trackName')
		.where('a.id', '=', id)
		.executeTakeFirst();
}
export type ActivityRow = NonNullable<Awaited<ReturnType<typeof findActivity>>>;

/** The office's activity list: every activity of the programme, newest first. */
export async function searchActivities(
	db: Db,
	programmeId: number,
	q: {
		q?: string | undefined;
		trackId?: number | undefined;
		type?: string | undefined;
		status: 'draft' | 'published' | 'archived' | 'all';
		page: number;
		pageSize: number;
	}
): Promise<{ rows: (ActivityRow & { sessionCount: number })[]; total: number }> {
	let query = db
		.selectFrom('activities as a')
		.leftJoin('tracks as t', 't.id', 'a.trackId')
		.where('a.programmeId', '=', programmeId);
	if (q.q) query = query.where((eb) => containsInsensitive(dialect(db), eb.ref('a.title'), q.q!));
	if (q.trackId) query = query.where('a.trackId', '=', q.trackId);
	if (q.type) query = query.where('a.type', '=', q.type as never);
	if (q.status === 'draft')
		query = query.where('a.publishedAt', 'is', null).where('a.archivedAt', 'is', null);
	if (q.status === 'published')
		query = query.where('a.publishedAt', 'is not', null).where('a.archivedAt', 'is', null);
	if (q.status === 'archived') query = query.where('a.archivedAt', 'is not', null);
	const total = Number(
		(await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
	);
	const rows = await query
		.selectAll('a')
		.select('t.name as trackName')
		.select((eb) =>
			eb
				.selectFrom('sessions as s')
				.whereRef('s.activityId', '=', 'a.id')
				.select(eb.fn.countAll<number>().as('n'))
				.as('sessionCount')
		)
		.orderBy('a.updatedAt', 'desc')
		.orderBy('a.id', 'desc')
		.limit(q.pageSize)
		.offset((q.page - 1) * q.pageSize)
		.execute();
	return { rows: rows.map((r) => ({ ...r, sessionCount: Number(r.sessionCount ?? 0) })), total };
}

/** A session row with what the catalogue shows and the policy needs from its activity. */
export async function findSession(db: Db, id: number) {
	return sessionSelect(db).where('s.id', '=', id).executeTakeFirst();
}

function sessionSelect(db: Db) {
	return db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.innerJoin('programmes as p', 'p.id', 'a.programmeId')
		.leftJoin('tracks as t', 't.id', 'a.trackId')
		.selectAll('s')
		.select([
			'a.programmeId',
			'a.title as activityTitle',
			'a.type as activityType',
			'a.learningForm',
			'a.trackId',
			't.name as trackName',
			'a.publishedAt as activityPublishedAt',
			'a.archivedAt as activityArchivedAt',
			'p.timeZone'
		]);
}
export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>;

/** Every session of an activity, by start. */
export async function sessionsOfActivity(db: Db, activityId: number): Promise<SessionRow[]> {
	return sessionSelect(db)
		.where('s.activityId', '=', activityId)
		.orderBy('s.startsAt')
		.orderBy('s.id')
		.execute();
}

/** Catalogue search: sessions of published, unarchived activities of a programme. */
export async function searchSessions(
	db: Db,
	programmeId: number,
	q: CatalogueQuery & {
		fromUtc?: string | undefined;
		toUtc?: string | undefined;
		jobCategory?: string | null;
	}
): Promise<{ rows: SessionRow[]; total: number }> {
	let query = sessionSelect(db)
		.where('a.programmeId', '=', programmeId)
		.where('a.publishedAt', 'is not', null)
		.where('a.archivedAt', 'is', null);
	for (const c of activityConditions(db, q)) query = query.where(c);
	// Without a date range the catalogue shows what has not ended yet.
	if (q.fromUtc) query = query.where('s.startsAt', '>=', q.fromUtc);
	else if (!q.toUtc) query = query.where('s.endsAt', '>', nowIso());
	if (q.toUtc) query = query.where('s.startsAt', '<', q.toUtc);
	if (q.mode === 'place') query = query.where('s.place', 'is not', null);
	if (q.mode === 'online') query = query.where('s.onlineUrl', 'is not', null);
	if (q.freeSeats)
		query = query
			.where('s.status', '=', 'open')
			.where(sql<SqlBool>`${sql.ref('s.confirmedCount')} < ${sql.ref('s.capacity')}`);
	const total = Number(
		(
			await query
				.clearSelect()
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
	const rows = await query
		.orderBy('s.startsAt')
		.orderBy('s.id')
		.limit(q.pageSize)
		.offset((q.page - 1) * q.pageSize)
		.execute();
	return { rows, total };
}

/** Conditions on the activity (alias `a`) shared by sessions and interest-only activities. */
function activityConditions(
	db: Db,
	q: {
		q?: string | undefined;
		trackId?: number | undefined;
		type?: string | undefined;
		learningForm?: string | undefined;
		forMyJob?: boolean;
		jobCategory?: string | null | undefined;
	}
): RawBuilder<SqlBool>[] {
	const out: RawBuilder<SqlBool>[] = [];
	if (q.q) out.push(containsInsensitive(dialect(db), sql.ref('a.title'), q.q));
	if (q.trackId) out.push(sql<SqlBool>`${sql.ref('a.trackId')} = ${q.trackId}`);
	if (q.type) out.push(sql<SqlBool>`${sql.ref('a.type')} = ${q.type}`);
	if (q.learningForm) out.push(sql<SqlBool>`${sql.ref('a.learningForm')} = ${q.learningForm}`);
	if (q.forMyJob) {
		// Empty target list = everyone; otherwise the JSON array must name the category.
		const col = sql.ref('a.targetJobCategories');
		out.push(
			q.jobCategory
				? sql<SqlBool>`(${col} = '[]' or ${col} like ${'%"' + q.jobCategory + '"%'})`
				: sql<SqlBool>`${col} = '[]'`
		);
	}
	return out;
}

/** Published interest-only activities of a programme (the catalogue's "express interest" part). */
export async function searchInterestActivities(
	db: Db,
	programmeId: number,
	q: CatalogueQuery & { jobCategory?: string | null },
	limit = 50
): Promise<ActivityRow[]> {
	let query = db
		.selectFrom('activities as a')
		.leftJoin('tracks as t', 't.id', 'a.trackId')
		.selectAll('a')
		.select('t.name as trackName')
		.where('a.programmeId', '=', programmeId)
		.where('a.interestOnly', '=', 1)
		.where('a.publishedAt', 'is not', null)
		.where('a.archivedAt', 'is', null);
	for (const c of activityConditions(db, q)) query = query.where(c);
	return query.orderBy('a.title').limit(limit).execute();
}

/** Trainers (id, name) per session, for a batch of sessions. */
export async function trainersOf(
	db: Db,
	sessionIds: number[]
): Promise<Map<number, { id: number; name: string }[]>> {
	const out = new Map<number, { id: number; name: string }[]>();
	if (sessionIds.length === 0) return out;
	const rows = await db
		.selectFrom('sessionTrainers as st')
		.innerJoin('people as p', 'p.id', 'st.personId')
		.select(['st.sessionId', 'p.id', 'p.name'])
		.where('st.sessionId', 'in', sessionIds)
		.orderBy('p.name')
		.execute();
	for (const r of rows) {
		const list = out.get(r.sessionId) ?? [];
		list.push({ id: r.id, name: r.name });
		out.set(r.sessionId, list);
	}
	return out;
}

/** Material metadata (never the content) of an activity. */
export async function materialsOf(db: Db, activityId: number) {
	return db
		.selectFrom('activityMaterials')
		.select(['id', 'activityId', 'fileName', 'contentType', 'size', 'createdAt'])
		.where('activityId', '=', activityId)
		.orderBy('fileName')
		.execute();
}

/** One material with its content. */
export async function findMaterial(db: Db, id: number) {
	return db.selectFrom('activityMaterials').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Interest in an activity with the person's name and unit; `unitIds` limits it to some units. */
export async function interestOf(db: Db, activityId: number, unitIds?: number[]) {
	let query = db
		.selectFrom('activityInterests as i')
		.innerJoin('people as p', 'p.id', 'i.personId')
		.leftJoin('units as u', 'u.id', 'p.unitId')
		.select([
			'i.id',
			'i.personId',
			'p.name',
			'p.jobCategory',
			'p.unitId',
			'u.name as unitName',
			'i.comment',
			'i.createdAt'
		])
		.where('i.activityId', '=', activityId);
	if (unitIds) {
		if (unitIds.length === 0) return [];
		query = query.where('p.unitId', 'in', unitIds);
	}
	return query.orderBy('i.createdAt').execute();
}

/** Activities (among `ids`) the person has expressed interest in. */
export async function interestedIn(db: Db, personId: number, activityIds: number[]): Promise<Set<number>> {
	if (activityIds.length === 0) return new Set();
	const rows = await db
		.selectFrom('activityInterests')
		.select('activityId')
		.where('personId', '=', personId)
		.where('activityId', 'in', activityIds)
		.execute();
	return new Set(rows.map((r) => r.activityId));
}

// ---- for surveys

/** The programme's sessions that are not cancelled, latest first (at most 500). */
export async function audienceSessionRows(db: Db, programmeId: number) {
	return db
		.selectFrom('sessions')
		.innerJoin('activities', 'activities.id', 'sessions.activityId')
		.select(['sessions.id', 'sessions.title', 'activities.title as activityTitle', 'sessions.startsAt'])
		.where('activities.programmeId', '=', programmeId)
		.where('sessions.status', '!=', 'cancelled')
		.orderBy('sessions.startsAt', 'desc')
		.limit(500)
		.execute();
}

/** What a calendar entry needs to know about a session (one query; see `findCalendarSessions`). */
export interface CalendarSession {
	id: number;
	title: string | null;
	startsAt: string;
	endsAt: string;
	place: string | null;
	onlineUrl: string | null;
	status: SessionStatus;
	sequence: number;
	updatedAt: string;
	cancelReason: string | null;
	activityId: number;
	activityTitle: string;
	descriptionHtml: string;
	programmeId: number;
	timeZone: string;
	defaultLocale: Locale;
	published: boolean;
}

/** Sessions with their activity and programme in one query, keyed by id; unknown ids are absent. */
export async function findCalendarSessions(
	db: Executor,
	sessionIds: readonly number[]
): Promise<Map<number, CalendarSession>> {
	const result = new Map<number, CalendarSession>();
	if (sessionIds.length === 0) return result;
	const rows = await db
		.selectFrom('sessions')
		.innerJoin('activities', 'activities.id', 'sessions.activityId')
		.innerJoin('programmes', 'programmes.id', 'activities.programmeId')
		.select([
			'sessions.id',
			'sessions.title',
			'sessions.startsAt',
			'sessions.endsAt',
			'sessions.place',
			'sessions.onlineUrl',
			'sessions.status',
			'sessions.sequence',
			'sessions.updatedAt',
			'sessions.cancelReason',
			'activities.id as activityId',
			'activities.title as activityTitle',
			'activities.descriptionHtml',
			'activities.publishedAt',
			'activities.programmeId',
			'programmes.timeZone',
			'programmes.defaultLocale'
		])
		.where('sessions.id', 'in', [...new Set(sessionIds)])
		.execute();
	for (const { publishedAt, ...row } of rows) {
		result.set(row.id, { ...row, sequence: Number(row.sequence), published: publishedAt !== null });
	}
	return result;
}

// ---- for plans and processes

/** A session of the programme with its activity, or undefined. */
export async function findSessionInProgramme(db: Db, programmeId: number, sessionId: number) {
	return db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['s.id', 'a.id as activityId'])
		.where('s.id', '=', sessionId)
		.where('a.programmeId', '=', programmeId)
		.executeTakeFirst();
}

/** Of `ids`, those that are sessions of the programme. */
export async function sessionIdsInProgramme(db: Db, programmeId: number, ids: readonly number[]) {
	if (ids.length === 0) return [];
	const rows = await db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select('s.id')
		.where('a.programmeId', '=', programmeId)
		.where('s.id', 'in', [...ids])
		.execute();
	return rows.map((r) => r.id);
}

/** Of `ids`, those that are activities of the programme. */
export async function activityIdsInProgramme(db: Db, programmeId: number, ids: readonly number[]) {
	if (ids.length === 0) return [];
	const rows = await db
		.selectFrom('activities')
		.select('id')
		.where('programmeId', '=', programmeId)
		.where('id', 'in', [...ids])
		.execute();
	return rows.map((r) => r.id);
}

/** One track's facts, or undefined. */
export async function findTrack(db: Db, id: number) {
	return db
		.selectFrom('tracks')
		.select(['id', 'name', 'programmeId'])
		.where('id', '=', id)
		.executeTakeFirst();
}

/** Every activity of the programme (id, title), for pickers. */
export async function listActivityOptions(db: Db, programmeId: number) {
	return db
		.selectFrom('activities')
		.select(['id', 'title'])
		.where('programmeId', '=', programmeId)
		.orderBy('title')
		.execute();
}

/** Published, not cancelled sessions of the programme starting from `since`, by start (for plans). */
export async function plannableSessions(db: Db, programmeId: number, since: string) {
	return db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['s.id', 's.startsAt', 'a.title'])
		.where('a.programmeId', '=', programmeId)
		.where('a.publishedAt', 'is not', null)
		.where('s.status', '!=', 'cancelled')
		.where('s.startsAt', '>=', since)
		.orderBy('s.startsAt')
		.limit(300)
		.execute();
}

/** Not cancelled sessions of the programme, newest first (for the process form). */
export async function sessionLinkOptions(db: Db, programmeId: number) {
	const rows = await db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['s.id', 's.title', 'a.title as activityTitle', 's.startsAt'])
		.where('a.programmeId', '=', programmeId)
		.where('s.status', '!=', 'cancelled')
		.orderBy('s.startsAt', 'desc')
		.limit(500)
		.execute();
	return rows.map((s) => ({
		id: s.id,
		title: sessionName({ activityTitle: s.activityTitle, sessionTitle: s.title }),
		startsAt: s.startsAt
	}));
}

/** Sessions by id with their titles (the session's own, else the activity's), by start. */
export async function sessionTitles(db: Db, ids: readonly number[]) {
	if (ids.length === 0) return [];
	const rows = await db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['s.id', 's.title', 'a.title as activityTitle', 's.startsAt'])
		.where('s.id', 'in', [...ids])
		.orderBy('s.startsAt')
		.execute();
	return rows.map((s) => ({
		id: s.id,
		title: sessionName({ activityTitle: s.activityTitle, sessionTitle: s.title }),
		startsAt: s.startsAt
	}));
}

/** Names of tracks by id (unknown ids are left out). */
export async function trackNames(db: Db, ids: readonly (number | null)[]): Promise<Map<number, string>> {
	const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
	if (wanted.length === 0) return new Map();
	const rows = await db.selectFrom('tracks').select(['id', 'name']).where('id', 'in', wanted).execute();
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** Start and activity title of sessions by id (unknown ids are left out). */
export async function sessionStarts(db: Db, ids: readonly (number | null)[]) {
	const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
	if (wanted.length === 0) return new Map<number, { startsAt: string; activityTitle: string }>();
	const rows = await db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['s.id', 's.startsAt', 'a.title as activityTitle'])
		.where('s.id', 'in', wanted)
		.execute();
	return new Map(rows.map((r) => [r.id, { startsAt: r.startsAt, activityTitle: r.activityTitle }]));
}

/** Titles of activities by id (unknown ids are left out). */
export async function activityTitles(db: Db, ids: readonly (number | null)[]): Promise<Map<number, string>> {
	const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
	if (wanted.length === 0) return new Map();
	const rows = await db.selectFrom('activities').select(['id', 'title']).where('id', 'in', wanted).execute();
	return new Map(rows.map((r) => [r.id, r.title]));
}

// ---- for home

/** Track names of a programme in display order. */
export async function findTrackNames(db: Db, programmeId: number): Promise<string[]> {
	const rows = await db
		.selectFrom('tracks')
		.select('name')
		.where('programmeId', '=', programmeId)
		.orderBy('sortOrder')
		.orderBy('name')
		.execute();
	return rows.map((r) => r.name);
}

// ---- for the expert directory and the newsletter (community)

/** Sessions a person trains (newest first), with the activity's title. */
export async function sessionsTrainedByRows(db: Db, personId: number, limit: number) {
	return db
		.selectFrom('sessionTrainers as st')
		.innerJoin('sessions as s', 's.id', 'st.sessionId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['s.id', 's.title', 'a.title as activityTitle', 's.startsAt'])
		.where('st.personId', '=', personId)
		.where('a.publishedAt', 'is not', null)
		.where('s.status', '!=', 'cancelled')
		.orderBy('s.startsAt', 'desc')
		.limit(limit)
		.execute();
}

/** Open sessions of published activities starting in [from, to) with a free seat, soonest first. */
export async function upcomingSessionsWithSeats(
	db: Db,
	programmeId: number,
	from: string,
	to: string,
	limit: number
) {
	return db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['s.id', 's.title', 'a.title as activityTitle', 's.startsAt', 's.capacity', 's.confirmedCount'])
		.where('a.programmeId', '=', programmeId)
		.where('a.publishedAt', 'is not', null)
		.where('a.archivedAt', 'is', null)
		.where('s.status', '=', 'open')
		.where('s.startsAt', '>=', from)
		.where('s.startsAt', '<', to)
		.whereRef('s.confirmedCount', '<', 's.capacity')
		.orderBy('s.startsAt')
		.limit(limit)
		.execute();
}
/**
 * Sessions held and cancelled in a period, and the activities held, per track and activity
 * type (the funder report): one grouped query. Held = not cancelled and started before `now`.
 */
export async function sessionCountsByTrackAndType(
	db: Db,
	programmeId: number,
	period: { startsFrom?: string | undefined; startsBefore?: string | undefined; now: string }
) {
	let q = db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.where('a.programmeId', '=', programmeId);
	if (period.startsFrom !== undefined) q = q.where('s.startsAt', '>=', period.startsFrom);
	if (period.startsBefore !== undefined) q = q.where('s.startsAt', '<', period.startsBefore);
	const held = sql`case when s.status <> 'cancelled' and s.starts_at < ${period.now} then 1 else 0 end`;
	const rows = await q
		.select(({ fn }) => [
			'a.trackId',
			'a.type',
			fn.sum<number>(held).as('held'),
			fn.sum<number>(sql`case when s.status = 'cancelled' then 1 else 0 end`).as('cancelled'),
			fn
				.count<number>(sql`case when s.status <> 'cancelled' and s.starts_at < ${period.now} then a.id end`)
				.distinct()
				.as('activities')
		])
		.groupBy(['a.trackId', 'a.type'])
		.execute();
	return rows.map((r) => ({
		trackId: r.trackId,
		type: r.type,
		held: Number(r.held),
		cancelled: Number(r.cancelled),
		activities: Number(r.activities)
	}));
}

/**
 * The first start after `now` of a session (not cancelled) in the period: when the counts of
 * `sessionCountsByTrackAndType` next change by the clock alone; null if none is to come.
 */
export async function nextSessionStart(
	db: Db,
	programmeId: number,
	period: { startsFrom?: string | undefined; startsBefore?: string | undefined; now: string }
): Promise<string | null> {
	let q = db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.where('a.programmeId', '=', programmeId)
		.where('s.status', '<>', 'cancelled')
		.where('s.startsAt', '>', period.now);
	if (period.startsFrom !== undefined) q = q.where('s.startsAt', '>=', period.startsFrom);
	if (period.startsBefore !== undefined) q = q.where('s.startsAt', '<', period.startsBefore);
	const row = await q.select(({ fn }) => fn.min('s.startsAt').as('next')).executeTakeFirst();
	const next = row?.next as string | Date | null | undefined;
	return next == null ? null : new Date(next).toISOString();
}

/** Published activities of a programme whose title contains `term`, newest first, at most `limit` (a picker). */
export async function findActivitiesByTitle(db: Db, programmeId: number, term: string, limit: number) {
	return db
		.selectFrom('activities')
		.select(['id', 'title'])
		.where('programmeId', '=', programmeId)
		.where('publishedAt', 'is not', null)
		.where((eb) => containsInsensitive(dialect(db), eb.ref('title'), term))
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}

/** Sessions of published activities whose own or activity title contains `term`, latest first (a picker). */
export async function findSessionsByTitle(db: Db, programmeId: number, term: string, limit: number) {
	return db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['s.id', 's.title', 's.startsAt', 'a.title as activityTitle'])
		.where('a.programmeId', '=', programmeId)
		.where('a.publishedAt', 'is not', null)
		.where((eb) =>
			eb.or([
				containsInsensitive(dialect(db), eb.ref('a.title'), term),
				containsInsensitive(dialect(db), eb.ref('s.title'), term)
			])
		)
		.orderBy('s.startsAt', 'desc')
		.orderBy('s.id', 'desc')
		.limit(limit)
		.execute();
}
