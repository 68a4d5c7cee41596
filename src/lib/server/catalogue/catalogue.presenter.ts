import type { Db } from '../db/database.ts';
import type { Activity, JobCategory, Session } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { trainersOf, type ActivityRow, type SessionRow } from './catalogue.repository.ts';
import { utcToLocal } from './timezone.ts';

/** How the catalogue shows activities, sessions and materials (fields listed explicitly). */

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

export async function presentSessions(db: Db, rows: SessionRow[]): Promise<SessionView[]> {
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

export interface MaterialView {
	id: number;
	activityId: number;
	fileName: string;
	contentType: string;
	size: number;
	createdAt: string;
}
