import type { Updateable } from 'kysely';
import type { z } from 'zod';
import { type MessageKey, type MessageParams } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import type { Activity, ActivityTable, JobCategory, Session } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { FieldsRuleError, requireChanges } from '../core/errors.ts';
import { DATE_RANGE } from '../core/validation.ts';
import {
	AccessDeniedError,
	authorize,
	can,
	personScope,
	type Actor,
	type Resource
} from '../policy/policy.ts';
import {
	findActivity,
	findMaterial,
	findSession,
	interestedIn,
	interestOf,
	materialsOf,
	programmePeopleAmong,
	registrationOf,
	registrationsOf,
	searchActivities,
	searchInterestActivities,
	searchSessions,
	sessionsOfActivity,
	trainerCandidates,
	trainersOf,
	type ActivityRow,
	type SessionRow
} from './catalogue.repository.ts';
import {
	activityCreateSchema,
	activityUpdateSchema,
	cancelSchema,
	interestSchema,
	MATERIAL_TYPES,
	MAX_MATERIAL_BYTES,
	sessionCreateSchema,
	sessionUpdateSchema,
	type ActivityQuery,
	type CatalogueQuery
} from './catalogue.schema.ts';
import { afterCommit, sessionEffects, type SessionChange } from './effects.ts';
import { sanitizeDescription } from './sanitize.ts';
import { localToUtc, utcToLocal } from './timezone.ts';

/**
 * The catalogue: activities, their sessions, materials, trainers and expressions of
 * interest. Every function takes the acting person and refuses with `AccessDeniedError`
 * (shown as "not found") when the policy says no, and with `CatalogueError` when the input
 * breaks a rule. Every change runs in one transaction with its audit entry; e-mail and
 * waitlist promotion run after the commit (see effects.ts).
 */

/** Invalid input or a broken rule, with an i18n key (and parameters) per field, or a zod error. */
export class CatalogueError extends FieldsRuleError {}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const parsed = schema.safeParse(input);
	if (!parsed.success) throw new CatalogueError({}, parsed.error);
	return parsed.data;
}

// ---------------------------------------------------------------------------------------------
// Policy resources

/** The policy's view of an activity: published means published and not archived. */
export function activityResource(row: {
	id: number;
	programmeId: number;
	publishedAt: string | null;
	archivedAt?: string | null;
}): Extract<Resource, { type: 'activity' }> {
	return {
		type: 'activity',
		id: row.id,
		programmeId: row.programmeId,
		published: row.publishedAt !== null && !row.archivedAt
	};
}

/** The policy's view of a session, from its context (see `loadSessionContext`). */
export function sessionResource(ctx: {
	session: { id: number };
	activity: { publishedAt: string | null; archivedAt: string | null };
	programmeId: number;
	trainerIds: readonly number[];
}): Extract<Resource, { type: 'session' }> {
	return {
		type: 'session',
		id: ctx.session.id,
		programmeId: ctx.programmeId,
		published: ctx.activity.publishedAt !== null && !ctx.activity.archivedAt,
		trainerIds: ctx.trainerIds
	};
}

function sessionResourceOf(row: SessionRow, trainerIds: readonly number[]) {
	return sessionResource({
		session: row,
		activity: { publishedAt: row.activityPublishedAt, archivedAt: row.activityArchivedAt },
		programmeId: row.programmeId,
		trainerIds
	});
}

/** Everything other modules need about a session (registrations, notifications, attendance). */
export interface SessionContext {
	session: Session;
	activity: Activity;
	trainerIds: number[];
	programmeId: number;
	timeZone: string;
}

/** Loads a session with its activity, trainers and the programme's time zone; null when unknown. No permission check. */
export async function loadSessionContext(db: Db, sessionId: number): Promise<SessionContext | null> {
	const session = await db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
	if (!session) return null;
	const activity = await db
		.selectFrom('activities')
		.selectAll()
		.where('id', '=', session.activityId)
		.executeTakeFirstOrThrow();
	const programme = await db
		.selectFrom('programmes')
		.select('timeZone')
		.where('id', '=', activity.programmeId)
		.executeTakeFirstOrThrow();
	const trainers = await db
		.selectFrom('sessionTrainers')
		.select('personId')
		.where('sessionId', '=', sessionId)
		.execute();
	return {
		session,
		activity,
		trainerIds: trainers.map((t) => t.personId),
		programmeId: activity.programmeId,
		timeZone: programme.timeZone
	};
}

// ---------------------------------------------------------------------------------------------
// Presentation

export type ActivityStatus = 'draft' | 'published' | 'archived';

export interface ActivityView {
	id: number;
	programmeId: number;
	trackId: number | null;
	trackName: string | null;
	type: Activity['type'];
	learningForm: Activity['learningForm'];
	title: string;
	/** Sanitised when stored; safe to render as HTML. */
	descriptionHtml: string;
	provider: string | null;
	cost: number | null;
	targetJobCategories: JobCategory[];
	targetUnitIds: number[];
	interestOnly: boolean;
	status: ActivityStatus;
	publishedAt: string | null;
	archivedAt: string | null;
	createdAt: string;
	updatedAt: string;
}

function jsonArray<T>(text: string): T[] {
	try {
		const v: unknown = JSON.parse(text);
		return Array.isArray(v) ? (v as T[]) : [];
	} catch {
		return [];
	}
}

/** Lists fields explicitly so a new column is never exposed by accident. */
export function presentActivity(row: ActivityRow | (Activity & { trackName?: string | null })): ActivityView {
	return {
		id: row.id,
		programmeId: row.programmeId,
		trackId: row.trackId,
		trackName: row.trackName ?? null,
		type: row.type,
		learningForm: row.learningForm,
		title: row.title,
		descriptionHtml: row.descriptionHtml,
		provider: row.provider,
		cost: row.cost === null ? null : Number(row.cost),
		targetJobCategories: jsonArray<JobCategory>(row.targetJobCategories),
		targetUnitIds: jsonArray<number>(row.targetUnitIds),
		interestOnly: Number(row.interestOnly) === 1,
		status: row.archivedAt ? 'archived' : row.publishedAt ? 'published' : 'draft',
		publishedAt: row.publishedAt,
		archivedAt: row.archivedAt,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt
	};
}

/**
 * What a participant sees about a session's registration: `open`; `full` (waitlist);
 * `notYetOpen` / `closed` (outside the registration window, or started); `planned` (not
 * open for registration yet); `cancelled`; `past`.
 */
export type SessionState = 'open' | 'full' | 'planned' | 'notYetOpen' | 'closed' | 'cancelled' | 'past';

/** The session's state for the catalogue at `now`. */
export function sessionState(
	s: Pick<
		Session,
		| 'status'
		| 'startsAt'
		| 'endsAt'
		| 'registrationOpensAt'
		| 'registrationClosesAt'
		| 'confirmedCount'
		| 'capacity'
	>,
	now = nowIso()
): SessionState {
	if (s.status === 'cancelled') return 'cancelled';
	if (s.status === 'done' || s.endsAt <= now) return 'past';
	if (s.startsAt <= now) return 'closed';
	if (s.status === 'planned') return 'planned';
	if (s.registrationOpensAt && now < s.registrationOpensAt) return 'notYetOpen';
	if (s.registrationClosesAt && now > s.registrationClosesAt) return 'closed';
	if (Number(s.confirmedCount) >= Number(s.capacity)) return 'full';
	return 'open';
}

export interface SessionView {
	id: number;
	activityId: number;
	activityTitle: string;
	activityType: Activity['type'];
	learningForm: Activity['learningForm'];
	trackId: number | null;
	trackName: string | null;
	programmeId: number;
	title: string | null;
	/** UTC ISO. */
	startsAt: string;
	endsAt: string;
	/** `YYYY-MM-DDTHH:mm` in `timeZone`. */
	startsAtLocal: string;
	endsAtLocal: string;
	timeZone: string;
	place: string | null;
	onlineUrl: string | null;
	capacity: number;
	hours: number;
	requiresApproval: boolean;
	registrationOpensAt: string | null;
	registrationClosesAt: string | null;
	registrationOpensAtLocal: string | null;
	registrationClosesAtLocal: string | null;
	status: Session['status'];
	state: SessionState;
	full: boolean;
	confirmedCount: number;
	freeSeats: number;
	sequence: number;
	recordingUrl: string | null;
	cancelledAt: string | null;
	cancelReason: string | null;
	trainers: { id: number; name: string }[];
}

export function presentSession(row: SessionRow, trainers: { id: number; name: string }[]): SessionView {
	const tz = row.timeZone;
	const capacity = Number(row.capacity);
	const confirmed = Number(row.confirmedCount);
	return {
		id: row.id,
		activityId: row.activityId,
		activityTitle: row.activityTitle,
		activityType: row.activityType,
		learningForm: row.learningForm,
		trackId: row.trackId,
		trackName: row.trackName,
		programmeId: row.programmeId,
		title: row.title,
		startsAt: row.startsAt,
		endsAt: row.endsAt,
		startsAtLocal: utcToLocal(row.startsAt, tz),
		endsAtLocal: utcToLocal(row.endsAt, tz),
		timeZone: tz,
		place: row.place,
		onlineUrl: row.onlineUrl,
		capacity,
		hours: Number(row.hours),
		requiresApproval: Number(row.requiresApproval) === 1,
		registrationOpensAt: row.registrationOpensAt,
		registrationClosesAt: row.registrationClosesAt,
		registrationOpensAtLocal: row.registrationOpensAt ? utcToLocal(row.registrationOpensAt, tz) : null,
		registrationClosesAtLocal: row.registrationClosesAt ? utcToLocal(row.registrationClosesAt, tz) : null,
		status: row.status,
		state: sessionState(row),
		full: confirmed >= capacity,
		confirmedCount: confirmed,
		freeSeats: Math.max(0, capacity - confirmed),
		sequence: Number(row.sequence),
		recordingUrl: row.recordingUrl,
		cancelledAt: row.cancelledAt,
		cancelReason: row.cancelReason,
		trainers
	};
}

async function presentSessions(db: Db, rows: SessionRow[]): Promise<SessionView[]> {
	const trainers = await trainersOf(
		db,
		rows.map((r) => r.id)
	);
	return rows.map((r) => presentSession(r, trainers.get(r.id) ?? []));
}

/** One page of a list. */
export interface Page<T> {
	data: T[];
	page: number;
	pageSize: number;
	total: number;
}

// ---------------------------------------------------------------------------------------------
// Reading

function officeOf(actor: Actor, programmeId: number): boolean {
	return can(actor, 'create', { type: 'activity', id: 0, programmeId, published: false });
}

/** Tracks of a programme, for filters and forms. */
export async function listTracks(db: Db, programmeId: number) {
	return db
		.selectFrom('tracks')
		.select(['id', 'name'])
		.where('programmeId', '=', programmeId)
		.orderBy('sortOrder')
		.orderBy('name')
		.execute();
}

export interface InterestActivityView extends ActivityView {
	/** Has the actor expressed interest? */
	interested: boolean;
}

/**
 * The participants' catalogue: upcoming sessions of published activities, filtered, one page
 * by start time; plus published interest-only activities when no date, place or seat filter
 * narrows the list to dated sessions.
 */
export async function listCatalogue(
	db: Db,
	actor: Actor,
	programmeId: number,
	filters: CatalogueQuery
): Promise<Page<SessionView & { myStatus: string | null }> & { interest: InterestActivityView[] }> {
	authorize(actor, 'read', { type: 'programme', id: programmeId });
	const programme = await db
		.selectFrom('programmes')
		.select('timeZone')
		.where('id', '=', programmeId)
		.executeTakeFirstOrThrow();
	const jobCategory = filters.forMyJob
		? ((
				await db
					.selectFrom('people')
					.select('jobCategory')
					.where('id', '=', actor.personId)
					.executeTakeFirst()
			)?.jobCategory ?? null)
		: null;
	const day = (date: string, plusDays = 0) => {
		const d = new Date(Date.parse(date + 'T00:00:00Z') + plusDays * 86_400_000).toISOString().slice(0, 10);
		return localToUtc(d + 'T00:00', programme.timeZone) ?? d + 'T00:00:00.000Z';
	};
	const query = {
		...filters,
		fromUtc: filters.from ? day(filters.from) : undefined,
		toUtc: filters.to ? day(filters.to, 1) : undefined,
		jobCategory
	};
	const { rows, total } = await searchSessions(db, programmeId, query);
	const sessions = await presentSessions(db, rows);
	const mine = await registrationsOf(
		db,
		rows.map((r) => r.id),
		actor.personId
	);
	const datedOnly = filters.from || filters.to || filters.mode || filters.freeSeats;
	const interestRows = datedOnly ? [] : await searchInterestActivities(db, programmeId, query);
	const interested = await interestedIn(
		db,
		actor.personId,
		interestRows.map((r) => r.id)
	);
	return {
		data: sessions.map((s) => ({ ...s, myStatus: mine.get(s.id) ?? null })),
		page: filters.page,
		pageSize: filters.pageSize,
		total,
		interest: interestRows.map((r) => ({ ...presentActivity(r), interested: interested.has(r.id) }))
	};
}

async function sessionOr404(db: Db, actor: Actor, id: number, action: 'read' | 'update' | 'cancel' = 'read') {
	const row = await findSession(db, id);
	// Unknown and refused look the same.
	if (!row) throw new AccessDeniedError();
	const trainers = (await trainersOf(db, [id])).get(id) ?? [];
	authorize(
		actor,
		action,
		sessionResourceOf(
			row,
			trainers.map((t) => t.id)
		)
	);
	return { row, trainers };
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

export interface MaterialView {
	id: number;
	activityId: number;
	fileName: string;
	contentType: string;
	size: number;
	createdAt: string;
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
	const registration = await registrationOf(db, id, actor.personId);
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

async function activityOr404(
	db: Db,
	actor: Actor,
	id: number,
	action: 'read' | 'update' | 'expressInterest'
) {
	const row = await findActivity(db, id);
	if (!row) throw new AccessDeniedError();
	authorize(actor, action, activityResource(row));
	return row;
}

/** An activity with its sessions and materials; office also gets interest and abilities. */
export async function getActivity(db: Db, actor: Actor, id: number) {
	const row = await activityOr404(db, actor, id, 'read');
	const resource = activityResource(row);
	const office = can(actor, 'update', resource);
	const sessionRows = await sessionsOfActivity(db, id);
	const sessions = await presentSessions(db, sessionRows);
	return {
		activity: presentActivity(row),
		// Participants see the sessions of a published activity; the office sees all.
		sessions,
		materials: (await materialsOf(db, id)) as MaterialView[],
		interested: (await interestedIn(db, actor.personId, [id])).has(id),
		abilities: {
			update: office,
			expressInterest: can(actor, 'expressInterest', resource) && Number(row.interestOnly) === 1,
			readInterest: can(actor, 'readInterest', { type: 'programmeAdmin', programmeId: row.programmeId })
		}
	};
}

/**
 * Activities of a programme: every one (drafts and archived included) for the office; the
 * published ones for everyone else in the programme.
 */
export async function listActivities(
	db: Db,
	actor: Actor,
	programmeId: number,
	query: ActivityQuery
): Promise<Page<ActivityView & { sessionCount: number }>> {
	authorize(actor, 'read', { type: 'programme', id: programmeId });
	const office = officeOf(actor, programmeId);
	const { rows, total } = await searchActivities(
		db,
		programmeId,
		office ? query : { ...query, status: 'published' }
	);
	return {
		data: rows.map((r) => ({ ...presentActivity(r), sessionCount: r.sessionCount })),
		page: query.page,
		pageSize: query.pageSize,
		total
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
// Activities: create, update, publish, unpublish, archive

function activityAudit(row: Activity) {
	return {
		title: row.title,
		type: row.type,
		learningForm: row.learningForm,
		trackId: row.trackId,
		provider: row.provider,
		cost: row.cost === null ? null : Number(row.cost),
		targetJobCategories: row.targetJobCategories,
		targetUnitIds: row.targetUnitIds,
		interestOnly: row.interestOnly,
		publishedAt: row.publishedAt,
		archivedAt: row.archivedAt,
		descriptionHtml: row.descriptionHtml
	};
}

async function checkActivityRefs(
	db: Db,
	programmeId: number,
	input: { trackId?: number | null | undefined; targetUnitIds?: number[] | undefined }
) {
	const errors: Record<string, MessageKey> = {};
	if (input.trackId) {
		const track = await db
			.selectFrom('tracks')
			.select('id')
			.where('id', '=', input.trackId)
			.where('programmeId', '=', programmeId)
			.executeTakeFirst();
		if (!track) errors.trackId = 'error.unknownId';
	}
	if (input.targetUnitIds && input.targetUnitIds.length > 0) {
		const units = await db
			.selectFrom('units')
			.select('id')
			.where('id', 'in', input.targetUnitIds)
			.where('programmeId', '=', programmeId)
			.execute();
		if (units.length !== new Set(input.targetUnitIds).size) errors.targetUnitIds = 'error.unknownId';
	}
	if (Object.keys(errors).length > 0) throw new CatalogueError(errors);
}

/** Creates an unpublished activity (programme office). The description is sanitised. */
export async function createActivity(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<ActivityView> {
	authorize(actor, 'create', { type: 'activity', id: 0, programmeId, published: false });
	const data = parse(activityCreateSchema, input);
	await checkActivityRefs(db, programmeId, data);
	const now = nowIso();
	const id = await db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('activities')
			.values({
				programmeId,
				trackId: data.trackId ?? null,
				type: data.type,
				learningForm: data.learningForm,
				title: data.title,
				descriptionHtml: sanitizeDescription(data.descriptionHtml ?? ''),
				provider: data.provider || null,
				cost: data.cost ?? null,
				targetJobCategories: JSON.stringify([...new Set(data.targetJobCategories ?? [])]),
				targetUnitIds: JSON.stringify([...new Set(data.targetUnitIds ?? [])]),
				interestOnly: data.interestOnly ? 1 : 0,
				createdBy: actor.personId,
				updatedAt: now
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'activity',
			entityId: row.id,
			after: activityAudit(row)
		});
		return row.id;
	});
	return presentActivity((await findActivity(db, id))!);
}

/** Changes some fields of an activity (programme office). Absent fields stay; `null` clears. */
export async function updateActivity(
	db: Db,
	actor: Actor,
	id: number,
	input: unknown
): Promise<ActivityView> {
	const before = await activityOr404(db, actor, id, 'update');
	const data = parse(activityUpdateSchema, input);
	requireChanges(data);
	await checkActivityRefs(db, before.programmeId, data);
	const values: Updateable<ActivityTable> = {};
	if (data.title !== undefined) values.title = data.title;
	if (data.type !== undefined) values.type = data.type;
	if (data.learningForm !== undefined) values.learningForm = data.learningForm;
	if (data.trackId !== undefined) values.trackId = data.trackId;
	if (data.provider !== undefined) values.provider = data.provider || null;
	if (data.cost !== undefined) values.cost = data.cost;
	if (data.descriptionHtml !== undefined) values.descriptionHtml = sanitizeDescription(data.descriptionHtml);
	if (data.targetJobCategories !== undefined)
		values.targetJobCategories = JSON.stringify([...new Set(data.targetJobCategories)]);
	if (data.targetUnitIds !== undefined)
		values.targetUnitIds = JSON.stringify([...new Set(data.targetUnitIds)]);
	if (data.interestOnly !== undefined) values.interestOnly = data.interestOnly ? 1 : 0;
	return changeActivity(db, actor, before, values, 'update');
}

async function changeActivity(
	db: Db,
	actor: Actor,
	before: ActivityRow,
	values: Updateable<ActivityTable>,
	action: 'update' | 'publish' | 'unpublish' | 'archive'
): Promise<ActivityView> {
	await db.transaction().execute(async (trx) => {
		const after = await trx
			.updateTable('activities')
			.set({ ...values, updatedAt: nowIso() })
			.where('id', '=', before.id)
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			programmeId: before.programmeId,
			actorId: actor.personId,
			action,
			entityType: 'activity',
			entityId: before.id,
			before: activityAudit(before),
			after: activityAudit(after)
		});
	});
	return presentActivity((await findActivity(db, before.id))!);
}

/** Makes an activity visible in the catalogue (and un-archives it). */
export async function publishActivity(db: Db, actor: Actor, id: number): Promise<ActivityView> {
	const before = await activityOr404(db, actor, id, 'update');
	if (before.publishedAt && !before.archivedAt) return presentActivity(before);
	return changeActivity(
		db,
		actor,
		before,
		{ publishedAt: before.publishedAt ?? nowIso(), archivedAt: null },
		'publish'
	);
}

/** Hides an activity from participants again; sessions and registrations are kept. */
export async function unpublishActivity(db: Db, actor: Actor, id: number): Promise<ActivityView> {
	const before = await activityOr404(db, actor, id, 'update');
	if (!before.publishedAt) return presentActivity(before);
	return changeActivity(db, actor, before, { publishedAt: null }, 'unpublish');
}

/** Archives an activity: hidden from the catalogue, kept for history and reports. */
export async function archiveActivity(db: Db, actor: Actor, id: number): Promise<ActivityView> {
	const before = await activityOr404(db, actor, id, 'update');
	if (before.archivedAt) return presentActivity(before);
	return changeActivity(db, actor, before, { archivedAt: nowIso() }, 'archive');
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
	const { timeZone } = await db
		.selectFrom('programmes')
		.select('timeZone')
		.where('id', '=', activity.programmeId)
		.executeTakeFirstOrThrow();
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
	const id = await db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('sessions')
			.values({ activityId, ...values, updatedAt: nowIso() })
			.returningAll()
			.executeTakeFirstOrThrow();
		if (trainerIds.length > 0)
			await trx
				.insertInto('sessionTrainers')
				.values(trainerIds.map((personId) => ({ sessionId: row.id, personId })))
				.execute();
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
		await db.transaction().execute(async (trx) => {
			// Conditional on the confirmed count, so a registration that slipped in since the
			// check above cannot be pushed over capacity.
			const after = await trx
				.updateTable('sessions')
				.set((eb) => ({
					...values,
					...(moved ? { sequence: eb('sequence', '+', 1) } : {}),
					updatedAt: nowIso()
				}))
				.where('id', '=', id)
				.where('confirmedCount', '<=', values.capacity)
				.returningAll()
				.executeTakeFirst();
			if (!after) {
				const now = await trx
					.selectFrom('sessions')
					.select('confirmedCount')
					.where('id', '=', id)
					.executeTakeFirstOrThrow();
				throw capacityError(Number(now.confirmedCount));
			}
			if (trainerIds) {
				await trx.deleteFrom('sessionTrainers').where('sessionId', '=', id).execute();
				if (trainerIds.length > 0)
					await trx
						.insertInto('sessionTrainers')
						.values(trainerIds.map((personId) => ({ sessionId: id, personId })))
						.execute();
			}
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
	await db.transaction().execute(async (trx) => {
		const now = nowIso();
		const after = await trx
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

// ---------------------------------------------------------------------------------------------
// Materials

/** Content type for an upload: the declared one when allowed, else the one its extension implies. */
function materialType(fileName: string, declared: string): string | null {
	const type = declared.split(';')[0]!.trim().toLowerCase();
	const ext = fileName.toLowerCase().split('.').pop() ?? '';
	if (MATERIAL_TYPES[type]) return type;
	for (const [t, exts] of Object.entries(MATERIAL_TYPES)) if (exts.includes(ext)) return t;
	return null;
}

/** A safe display name: no path, no control characters, at most 200 characters. */
function cleanFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
	return (clean || 'file').slice(-200);
}

/** Attaches a file to an activity (programme office): at most 20 MB, documents, office files, images or text. */
export async function addMaterial(
	db: Db,
	actor: Actor,
	activityId: number,
	file: { name: string; type: string; content: Uint8Array }
): Promise<MaterialView> {
	const activity = await activityOr404(db, actor, activityId, 'update');
	if (file.content.byteLength === 0) throw new CatalogueError({ file: 'catalogue.error.fileEmpty' });
	if (file.content.byteLength > MAX_MATERIAL_BYTES)
		throw new CatalogueError({ file: 'catalogue.error.fileTooLarge' });
	const contentType = materialType(file.name, file.type);
	if (!contentType) throw new CatalogueError({ file: 'catalogue.error.fileType' });
	const fileName = cleanFileName(file.name);
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('activityMaterials')
			.values({
				activityId,
				fileName,
				contentType,
				size: file.content.byteLength,
				content: Buffer.from(file.content),
				uploadedBy: actor.personId
			})
			.returning(['id', 'activityId', 'fileName', 'contentType', 'size', 'createdAt'])
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			programmeId: activity.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'activity',
			entityId: activityId,
			after: { materialAdded: fileName, size: row.size }
		});
		return row;
	});
}

/** Removes a material (programme office). */
export async function deleteMaterial(
	db: Db,
	actor: Actor,
	activityId: number,
	materialId: number
): Promise<void> {
	const activity = await activityOr404(db, actor, activityId, 'update');
	await db.transaction().execute(async (trx) => {
		const gone = await trx
			.deleteFrom('activityMaterials')
			.where('id', '=', materialId)
			.where('activityId', '=', activityId)
			.returning('fileName')
			.executeTakeFirst();
		if (!gone) throw new CatalogueError({ _form: 'error.unknownId' });
		await recordAudit(trx, {
			programmeId: activity.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'activity',
			entityId: activityId,
			before: { materialRemoved: gone.fileName }
		});
	});
}

/** A material's file, for whoever may read its activity. */
export async function getMaterialFile(db: Db, actor: Actor, materialId: number) {
	const row = await findMaterial(db, materialId);
	const activity = row ? await findActivity(db, row.activityId) : undefined;
	if (!row || !activity) throw new AccessDeniedError();
	authorize(actor, 'read', activityResource(activity));
	return {
		fileName: row.fileName,
		contentType: row.contentType,
		size: Number(row.size),
		content: new Uint8Array(row.content)
	};
}

// ---------------------------------------------------------------------------------------------
// Interest

/** Expresses interest in a published interest-only activity (staff of the programme). Twice is harmless. */
export async function expressInterest(
	db: Db,
	actor: Actor,
	activityId: number,
	input: unknown = {}
): Promise<void> {
	const activity = await activityOr404(db, actor, activityId, 'expressInterest');
	if (Number(activity.interestOnly) !== 1)
		throw new CatalogueError({ _form: 'catalogue.error.notInterestOnly' }, undefined, true);
	const { comment } = parse(interestSchema, input);
	const existing = await db
		.selectFrom('activityInterests')
		.select('id')
		.where('activityId', '=', activityId)
		.where('personId', '=', actor.personId)
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
		.values({ activityId, personId: actor.personId, comment: comment || null })
		.onConflict((oc) => oc.columns(['activityId', 'personId']).doNothing())
		.execute();
}

/** Takes back one's interest. */
export async function withdrawInterest(db: Db, actor: Actor, activityId: number): Promise<void> {
	await activityOr404(db, actor, activityId, 'read');
	await db
		.deleteFrom('activityInterests')
		.where('activityId', '=', activityId)
		.where('personId', '=', actor.personId)
		.execute();
}

/** Interest in an activity: the office sees everyone, a manager their own staff (units and below). */
export async function listInterest(db: Db, actor: Actor, activityId: number) {
	const activity = await activityOr404(db, actor, activityId, 'read');
	authorize(actor, 'readInterest', { type: 'programmeAdmin', programmeId: activity.programmeId });
	const scope = personScope(actor, activity.programmeId);
	return interestOf(
		db,
		activityId,
		scope.kind === 'all' ? undefined : scope.kind === 'units' ? scope.unitIds : []
	);
}

/** The office's sense of who the catalogue is run for. */
export function isCatalogueOffice(actor: Actor, programmeId: number): boolean {
	return officeOf(actor, programmeId);
}

// ---- for home
// (An import here rather than in the block above, so parallel edits of that block merge.)
import { findTrackNames } from './catalogue.repository.ts';

/** Track names of a programme in display order (the home page's overview). */
export function trackNamesOf(db: Db, programmeId: number): Promise<string[]> {
	return findTrackNames(db, programmeId);
}
