import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import { dialect } from '../db/database.ts';
import { containsInsensitive, nowIso } from '../db/sql.ts';
import type { CatalogueQuery } from './catalogue.schema.ts';

/**
 * Queries for activities, sessions, materials, trainers and interest. No permission checks
 * here: catalogue.service.ts decides who may see and change what.
 */

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

/** People of a programme (staff or role holders), active only, among `ids`. */
export async function programmePeopleAmong(db: Db, programmeId: number, ids: number[]): Promise<Set<number>> {
	if (ids.length === 0) return new Set();
	const rows = await db
		.selectFrom('people')
		.select('id')
		.where('id', 'in', ids)
		.where('deactivatedAt', 'is', null)
		.where((eb) =>
			eb.or([
				eb('programmeId', '=', programmeId),
				eb.exists(
					eb
						.selectFrom('roleAssignments as r')
						.whereRef('r.personId', '=', 'people.id')
						.where('r.programmeId', '=', programmeId)
						.select('r.id')
				)
			])
		)
		.execute();
	return new Set(rows.map((r) => r.id));
}

/** People holding the trainer role in a programme, plus `extraIds` (current trainers). */
export async function trainerCandidates(db: Db, programmeId: number, extraIds: number[] = []) {
	return db
		.selectFrom('people')
		.select(['id', 'name'])
		.where('deactivatedAt', 'is', null)
		.where((eb) =>
			eb.or([
				eb.exists(
					eb
						.selectFrom('roleAssignments as r')
						.whereRef('r.personId', '=', 'people.id')
						.where('r.programmeId', '=', programmeId)
						.where('r.role', '=', 'trainer')
						.select('r.id')
				),
				...(extraIds.length > 0 ? [eb('id', 'in', extraIds)] : [])
			])
		)
		.orderBy('name')
		.limit(1000)
		.execute();
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

/** The actor's registration for a session, if any. */
export async function registrationOf(db: Db, sessionId: number, personId: number) {
	return db
		.selectFrom('registrations')
		.select(['id', 'status', 'waitlistSeq', 'hoursCredited'])
		.where('sessionId', '=', sessionId)
		.where('personId', '=', personId)
		.executeTakeFirst();
}

/** The actor's registrations for a batch of sessions. */
export async function registrationsOf(db: Db, sessionIds: number[], personId: number) {
	if (sessionIds.length === 0) return new Map<number, string>();
	const rows = await db
		.selectFrom('registrations')
		.select(['sessionId', 'status'])
		.where('sessionId', 'in', sessionIds)
		.where('personId', '=', personId)
		.execute();
	return new Map(rows.map((r) => [r.sessionId, r.status as string]));
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
