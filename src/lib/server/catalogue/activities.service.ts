import type { MessageKey } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import type { Activity, ActivityUpdate } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { requireChanges } from '../core/errors.ts';
import {
	programmeSurveySettings,
	programmeTimeZone,
	unitIdsInProgramme
} from '../organisation/organisation.service.ts';
import { indexDocument } from '../search/search.service.ts';
import { jobCategoryOf } from '../people/people.service.ts';
import { authorize, can, type Actor } from '../policy/policy.ts';
import {
	findActivity,
	findTracks,
	insertActivity,
	interestedIn,
	searchActivities,
	searchInterestActivities,
	searchSessions,
	sessionsOfActivity,
	trackInProgramme,
	updateActivityRow,
	type ActivityRow
} from './catalogue.repository.ts';
import { activityOr404, activityResource, CatalogueError, officeOf, parse } from './catalogue.access.ts';
import {
	presentActivity,
	presentSessions,
	type ActivityView,
	type MaterialView,
	type Page,
	type SessionView
} from './catalogue.presenter.ts';
import {
	activityCreateSchema,
	activityUpdateSchema,
	type ActivityQuery,
	type CatalogueQuery
} from './catalogue.schema.ts';
import { materialsOf } from './catalogue.repository.ts';
import { registrationLookup } from './effects.ts';
import { sanitizeDescription } from './sanitize.ts';
import { localToUtc } from './timezone.ts';

/** Activities: the catalogue list, an activity's page, and creating, changing, publishing and archiving. */

/** Tracks of a programme, for filters and forms. */
export async function listTracks(db: Db, programmeId: number) {
	return findTracks(db, programmeId);
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
	const timeZone = await programmeTimeZone(db, programmeId);
	const jobCategory = filters.forMyJob ? await jobCategoryOf(db, actor.personId) : null;
	const day = (date: string, plusDays = 0) => {
		const d = new Date(Date.parse(date + 'T00:00:00Z') + plusDays * 86_400_000).toISOString().slice(0, 10);
		return localToUtc(d + 'T00:00', timeZone) ?? d + 'T00:00:00.000Z';
	};
	const query = {
		...filters,
		fromUtc: filters.from ? day(filters.from) : undefined,
		toUtc: filters.to ? day(filters.to, 1) : undefined,
		jobCategory
	};
	const { rows, total } = await searchSessions(db, programmeId, query);
	const sessions = await presentSessions(db, rows);
	const mine = await registrationLookup.ownStatuses(
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
	if (input.trackId && !(await trackInProgramme(db, programmeId, input.trackId)))
		errors.trackId = 'error.unknownId';
	if (input.targetUnitIds && input.targetUnitIds.length > 0) {
		const units = await unitIdsInProgramme(db, programmeId, [...new Set(input.targetUnitIds)]);
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
		const row = await insertActivity(trx, {
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
		});
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'activity',
			entityId: row.id,
			after: activityAudit(row)
		});
		await indexActivity(trx, row);
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
	const values: ActivityUpdate = {};
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
	values: ActivityUpdate,
	action: 'update' | 'publish' | 'unpublish' | 'archive'
): Promise<ActivityView> {
	await db.transaction().execute(async (trx) => {
		const after = await updateActivityRow(trx, before.id, values);
		await recordAudit(trx, {
			programmeId: before.programmeId,
			actorId: actor.personId,
			action,
			entityType: 'activity',
			entityId: before.id,
			before: activityAudit(before),
			after: activityAudit(after)
		});
		await indexActivity(trx, after);
	});
	return presentActivity((await findActivity(db, before.id))!);
}

/** Keeps the activity's search entry in step, in the writing transaction (programme members find published ones). */
async function indexActivity(trx: Db, row: Activity): Promise<void> {
	const settings = await programmeSurveySettings(trx, row.programmeId);
	await indexDocument(trx, {
		kind: 'activity',
		refId: row.id,
		programmeId: row.programmeId,
		language: settings?.defaultLocale ?? 'sv',
		title: row.title,
		body: row.descriptionHtml,
		url: `/activities/${row.id}`,
		subkind: row.type,
		trackId: row.trackId,
		audience: 'members',
		visibleFrom: row.archivedAt ? null : row.publishedAt,
		publishedAt: row.publishedAt
	});
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

/** The office's sense of who the catalogue is run for. */
export function isCatalogueOffice(actor: Actor, programmeId: number): boolean {
	return officeOf(actor, programmeId);
}
