import type { Db } from '../db/database.ts';
import type { LogbookAudience } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import type { LogbookScope } from '../policy/policy.ts';

/**
 * Queries for the reflection logbook. No permission checks here: the service decides who may
 * see what, and passes the actor's audiences to `findSharedWith` so other people's entries are
 * filtered by the database in one query (the policy's `logbookScope`), never loaded and filtered in code.
 */

/**
 * An entry with its author's facts and the titles of what it is tied to (a read-only join over
 * people, sessions, activities, processes and individual goals; the only writes here are to
 * the logbook's own tables).
 */
export interface EntryRow {
	id: number;
	personId: number;
	authorName: string;
	authorProgrammeId: number | null;
	authorUnitId: number | null;
	title: string | null;
	bodyHtml: string;
	sessionId: number | null;
	sessionTitle: string | null;
	sessionActivityTitle: string | null;
	sessionStartsAt: string | null;
	processId: number | null;
	processTitle: string | null;
	individualGoalId: number | null;
	goalText: string | null;
	createdAt: string;
	updatedAt: string;
}

function entryQuery(db: Db) {
	return db
		.selectFrom('logbookEntries as e')
		.innerJoin('people as a', 'a.id', 'e.personId')
		.leftJoin('sessions as s', 's.id', 'e.sessionId')
		.leftJoin('activities as act', 'act.id', 's.activityId')
		.leftJoin('processes as p', 'p.id', 'e.processId')
		.leftJoin('individualGoals as g', 'g.id', 'e.individualGoalId')
		.select([
			'e.id',
			'e.personId',
			'a.name as authorName',
			'a.programmeId as authorProgrammeId',
			'a.unitId as authorUnitId',
			'e.title',
			'e.bodyHtml',
			'e.sessionId',
			's.title as sessionTitle',
			'act.title as sessionActivityTitle',
			's.startsAt as sessionStartsAt',
			'e.processId',
			'p.title as processTitle',
			'e.individualGoalId',
			'g.text as goalText',
			'e.createdAt',
			'e.updatedAt'
		]);
}

export async function findEntry(db: Db, id: number): Promise<EntryRow | undefined> {
	return entryQuery(db).where('e.id', '=', id).executeTakeFirst();
}

/** A person's own entries, newest first. */
export async function findOwnEntries(db: Db, personId: number): Promise<EntryRow[]> {
	return entryQuery(db)
		.where('e.personId', '=', personId)
		.orderBy('e.updatedAt', 'desc')
		.orderBy('e.id', 'desc')
		.execute();
}

/**
 * Other people's entries shared with this person right now, in one query: the policy's
 * `logbookScope` (shared with the manager by someone in a managed unit, with the evaluators of
 * a programme the person evaluates, or with the process group of a process the person is in).
 */
export async function findSharedWith(db: Db, filter: LogbookScope): Promise<EntryRow[]> {
	return entryQuery(db)
		.where('e.personId', '<>', filter.personId)
		.where((eb) => {
			const sharedWith = (audience: LogbookAudience) =>
				eb.exists(
					eb
						.selectFrom('logbookShares as sh')
						.select('sh.entryId')
						.whereRef('sh.entryId', '=', 'e.id')
						.where('sh.audience', '=', audience)
				);
			const ors = [
				eb.and([
					sharedWith('process_group'),
					eb(
						'e.processId',
						'in',
						eb
							.selectFrom('processParticipants as pp')
							.select('pp.processId')
							.where('pp.personId', '=', filter.personId)
					)
				])
			];
			if (filter.managerUnitIds.length > 0)
				ors.push(eb.and([sharedWith('manager'), eb('a.unitId', 'in', [...filter.managerUnitIds])]));
			if (filter.evaluatorProgrammeIds.length > 0)
				ors.push(
					eb.and([sharedWith('evaluators'), eb('a.programmeId', 'in', [...filter.evaluatorProgrammeIds])])
				);
			return eb.or(ors);
		})
		.orderBy('e.updatedAt', 'desc')
		.orderBy('e.id', 'desc')
		.execute();
}

/** Current shares of several entries at once. */
export async function sharesOf(db: Db, entryIds: readonly number[]): Promise<Map<number, LogbookAudience[]>> {
	const out = new Map<number, LogbookAudience[]>();
	if (entryIds.length === 0) return out;
	const rows = await db
		.selectFrom('logbookShares')
		.select(['entryId', 'audience'])
		.where('entryId', 'in', [...entryIds])
		.orderBy('audience')
		.execute();
	for (const r of rows) {
		const list = out.get(r.entryId) ?? [];
		list.push(r.audience);
		out.set(r.entryId, list);
	}
	return out;
}

export interface ConsentEventRow {
	id: number;
	audience: LogbookAudience;
	action: 'grant' | 'withdraw';
	actorId: number | null;
	createdAt: string;
}

/** The consent history of an entry, oldest first. */
export async function findConsentEvents(db: Db, entryId: number): Promise<ConsentEventRow[]> {
	return db
		.selectFrom('logbookConsentEvents')
		.select(['id', 'audience', 'action', 'actorId', 'createdAt'])
		.where('entryId', '=', entryId)
		.orderBy('id')
		.execute();
}

export interface EntryValues {
	title: string | null;
	bodyHtml: string;
	sessionId: number | null;
	processId: number | null;
	individualGoalId: number | null;
}

export async function insertEntry(db: Db, personId: number, values: EntryValues): Promise<number> {
	const row = await db
		.insertInto('logbookEntries')
		.values({ personId, ...values, updatedAt: nowIso() })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function updateEntry(db: Db, id: number, values: EntryValues): Promise<void> {
	await db
		.updateTable('logbookEntries')
		.set({ ...values, updatedAt: nowIso() })
		.where('id', '=', id)
		.execute();
}

/** Deletes an entry with its shares and consent history (the author erases their reflection). */
export async function deleteEntry(db: Db, id: number): Promise<void> {
	await db.deleteFrom('logbookShares').where('entryId', '=', id).execute();
	await db.deleteFrom('logbookConsentEvents').where('entryId', '=', id).execute();
	await db.deleteFrom('logbookEntries').where('id', '=', id).execute();
}

/** Adds the share unless present; true when it was added (a consent event is then due). */
export async function insertShare(db: Db, entryId: number, audience: LogbookAudience): Promise<boolean> {
	const rows = await db
		.insertInto('logbookShares')
		.values({ entryId, audience, grantedAt: nowIso() })
		.onConflict((oc) => oc.columns(['entryId', 'audience']).doNothing())
		.returning('entryId')
		.execute();
	return rows.length > 0;
}

/** Removes the share; true when there was one. */
export async function deleteShare(db: Db, entryId: number, audience: LogbookAudience): Promise<boolean> {
	const rows = await db
		.deleteFrom('logbookShares')
		.where('entryId', '=', entryId)
		.where('audience', '=', audience)
		.returning('entryId')
		.execute();
	return rows.length > 0;
}

export async function insertConsentEvent(
	db: Db,
	event: { entryId: number; audience: LogbookAudience; action: 'grant' | 'withdraw'; actorId: number }
): Promise<void> {
	await db.insertInto('logbookConsentEvents').values(event).execute();
}

/** How many entries people in these units wrote, and how many people wrote any: counts only, never text. */
export async function entryCountsOfUnits(
	db: Db,
	unitIds: readonly number[]
): Promise<{ entries: number; authors: number }> {
	if (unitIds.length === 0) return { entries: 0, authors: 0 };
	const row = await db
		.selectFrom('logbookEntries as e')
		.innerJoin('people as a', 'a.id', 'e.personId')
		.where('a.unitId', 'in', [...unitIds])
		.select(({ fn }) => [
			fn.countAll<number>().as('entries'),
			fn.count<number>('e.personId').distinct().as('authors')
		])
		.executeTakeFirstOrThrow();
	return { entries: Number(row.entries), authors: Number(row.authors) };
}
