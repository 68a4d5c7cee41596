import type { Db } from '../db/database.ts';
import { sql, type Expression, type Insertable, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { Database, ProcessStatus, ProcessTable } from '../db/schema.ts';
import { dialect } from '../db/database.ts';
import { containsInsensitive, isEmptyUnitList, unitSetOperand, type UnitSet } from '../db/sql.ts';

type ProcessRole = 'member' | 'lead';

/** Queries for development processes and coverage (no permission checks; see processes.service.ts). */

export interface ProcessListRow {
	id: number;
	programmeId: number;
	unitId: number;
	unitName: string;
	trackId: number | null;
	trackName: string | null;
	title: string;
	status: ProcessStatus;
	startsOn: string | null;
	endsOn: string | null;
	participantCount: number;
	milestoneCount: number;
	milestonesDone: number;
}

type ProcessFilter = { unitIds?: UnitSet; trackId?: number; status?: ProcessStatus };

/** The programme's processes matching the filter (the WHERE shared by the list and its count). */
function filteredProcesses(db: Db, programmeId: number, filter: ProcessFilter) {
	let q = db.selectFrom('processes as pr').where('pr.programmeId', '=', programmeId);
	if (filter.unitIds) q = q.where('pr.unitId', 'in', unitSetOperand(filter.unitIds));
	if (filter.trackId !== undefined) q = q.where('pr.trackId', '=', filter.trackId);
	if (filter.status !== undefined) q = q.where('pr.status', '=', filter.status);
	return q;
}

/** How many processes match the filter (the total of the paged list). */
export async function countProcessRows(
	db: Db,
	programmeId: number,
	filter: ProcessFilter = {}
): Promise<number> {
	if (filter.unitIds && isEmptyUnitList(filter.unitIds)) return 0;
	const row = await filteredProcesses(db, programmeId, filter)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** How many of the programme's processes (of `unitIds`) there are per status: one grouped count. */
export async function processStatusCounts(db: Db, programmeId: number, unitIds?: UnitSet) {
	if (unitIds && isEmptyUnitList(unitIds)) return [];
	const rows = await filteredProcesses(db, programmeId, { unitIds })
		.select((eb) => ['pr.status', eb.fn.countAll<number>().as('n')])
		.groupBy('pr.status')
		.execute();
	return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

/**
 * Process counts per unit and status as a query to join (`unitId`, `total`, `planned`,
 * `running`, `finished`), grouped by the database. No permission check.
 */
export function processCountsByUnitQuery(db: Db, programmeId: number) {
	const of = (status: ProcessStatus) => sql<number>`sum(case when pr.status = ${status} then 1 else 0 end)`;
	return db
		.selectFrom('processes as pr')
		.where('pr.programmeId', '=', programmeId)
		.select((eb) => [
			'pr.unitId',
			eb.fn.countAll<number>().as('total'),
			of('planned').as('planned'),
			of('running').as('running'),
			of('finished').as('finished')
		])
		.groupBy('pr.unitId');
}

/** The programme's coverage snapshot rows (kept by `programmeCoverageByUnit`) as a query to join. */
export function coverageSnapshotQuery(db: Db, programmeId: number) {
	return db
		.selectFrom('coverageSnapshots as cs')
		.select(['cs.unitId', 'cs.people', 'cs.withPlan', 'cs.none', 'cs.unmatched', 'cs.covered'])
		.where('cs.programmeId', '=', programmeId);
}

/** Processes by track, unit and title; one page of them when `paging` is given. */
export async function listProcessRows(
	db: Db,
	programmeId: number,
	filter: ProcessFilter = {},
	paging?: { limit: number; offset: number }
): Promise<ProcessListRow[]> {
	if (filter.unitIds && isEmptyUnitList(filter.unitIds)) return [];
	let q = filteredProcesses(db, programmeId, filter)
		.innerJoin('units as u', 'u.id', 'pr.unitId')
		.leftJoin('tracks as t', 't.id', 'pr.trackId')
		.select([
			'pr.id',
			'pr.programmeId',
			'pr.unitId',
			'u.name as unitName',
			'pr.trackId',
			't.name as trackName',
			'pr.title',
			'pr.status',
			'pr.startsOn',
			'pr.endsOn'
		])
		.select((eb) => [
			eb
				.selectFrom('processParticipants as pp')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('pp.processId', '=', 'pr.id')
				.as('participantCount'),
			eb
				.selectFrom('processMilestones as m')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('m.processId', '=', 'pr.id')
				.as('milestoneCount'),
			eb
				.selectFrom('processMilestones as m')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('m.processId', '=', 'pr.id')
				.where('m.doneAt', 'is not', null)
				.as('milestonesDone')
		])
		.orderBy('t.name')
		.orderBy('u.name')
		.orderBy('pr.title')
		.orderBy('pr.id');
	if (paging) q = q.limit(paging.limit).offset(paging.offset);
	const rows = await q.execute();
	return rows.map((r) => ({
		...r,
		participantCount: Number(r.participantCount ?? 0),
		milestoneCount: Number(r.milestoneCount ?? 0),
		milestonesDone: Number(r.milestonesDone ?? 0)
	}));
}

export async function findProcess(db: Db, id: number) {
	return db.selectFrom('processes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function processParticipants(
	db: Db,
	processId: number,
	paging?: { limit: number; offset: number }
) {
	let q = db
		.selectFrom('processParticipants as pp')
		.innerJoin('people as pe', 'pe.id', 'pp.personId')
		.select(['pp.personId', 'pp.role', 'pe.name', 'pe.unitId'])
		.where('pp.processId', '=', processId)
		.orderBy('pe.name')
		.orderBy('pp.personId');
	if (paging) q = q.limit(paging.limit).offset(paging.offset);
	return q.execute();
}

/** Which of a few people (a picker's matches) take part in a process. */
export async function participantsAmong(db: Db, processId: number, personIds: readonly number[]) {
	if (personIds.length === 0) return new Set<number>();
	const rows = await db
		.selectFrom('processParticipants')
		.select('personId')
		.where('processId', '=', processId)
		.where('personId', 'in', [...personIds])
		.execute();
	return new Set(rows.map((r) => r.personId));
}

/** How many people take part in a process. */
export async function countProcessParticipants(db: Db, processId: number): Promise<number> {
	const row = await db
		.selectFrom('processParticipants')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('processId', '=', processId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** The ids a process links to (sessions, needs, workplace goals) and its milestones. */
export async function processLinkRows(db: Db, processId: number) {
	const [sessions, needs, goals, milestones] = await Promise.all([
		db.selectFrom('processSessions').select('sessionId').where('processId', '=', processId).execute(),
		db.selectFrom('processNeeds').select('needId').where('processId', '=', processId).execute(),
		db.selectFrom('processGoals').select('workplaceGoalId').where('processId', '=', processId).execute(),
		db
			.selectFrom('processMilestones')
			.select(['id', 'title', 'dueOn', 'doneAt'])
			.where('processId', '=', processId)
			.orderBy('dueOn')
			.orderBy('id')
			.execute()
	]);
	return {
		sessionIds: sessions.map((r) => r.sessionId),
		needIds: needs.map((r) => r.needId),
		goalIds: goals.map((r) => r.workplaceGoalId),
		milestones
	};
}

/** Participants' ids and roles (for the policy resource). */
export async function participantRoles(db: Db, processId: number) {
	return db
		.selectFrom('processParticipants')
		.select(['personId', 'role'])
		.where('processId', '=', processId)
		.execute();
}

/** Link lists given replace the current ones; lists not given stay. */
export async function replaceLinks(
	trx: Db,
	processId: number,
	links: { goalIds?: readonly number[]; sessionIds?: readonly number[]; needIds?: readonly number[] }
): Promise<void> {
	if (links.goalIds) {
		await trx.deleteFrom('processGoals').where('processId', '=', processId).execute();
		if (links.goalIds.length > 0)
			await trx
				.insertInto('processGoals')
				.values(links.goalIds.map((workplaceGoalId) => ({ processId, workplaceGoalId })))
				.execute();
	}
	if (links.sessionIds) {
		await trx.deleteFrom('processSessions').where('processId', '=', processId).execute();
		if (links.sessionIds.length > 0)
			await trx
				.insertInto('processSessions')
				.values(links.sessionIds.map((sessionId) => ({ processId, sessionId })))
				.execute();
	}
	if (links.needIds) {
		await trx.deleteFrom('processNeeds').where('processId', '=', processId).execute();
		if (links.needIds.length > 0)
			await trx
				.insertInto('processNeeds')
				.values(links.needIds.map((needId) => ({ processId, needId })))
				.execute();
	}
}

export async function insertProcess(trx: Db, values: Insertable<ProcessTable>): Promise<number> {
	const row = await trx.insertInto('processes').values(values).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

export async function updateProcessRow(trx: Db, id: number, values: Updateable<ProcessTable>): Promise<void> {
	await trx.updateTable('processes').set(values).where('id', '=', id).execute();
}

/** Adds a participant, or changes their role. */
export async function upsertParticipant(
	trx: Db,
	processId: number,
	personId: number,
	role: ProcessRole
): Promise<void> {
	await trx
		.insertInto('processParticipants')
		.values({ processId, personId, role })
		.onConflict((oc) => oc.columns(['processId', 'personId']).doUpdateSet({ role }))
		.execute();
}

/** Adds a participant unless present (the creating manager as lead). */
export async function insertParticipant(
	trx: Db,
	processId: number,
	personId: number,
	role: ProcessRole
): Promise<void> {
	await trx.insertInto('processParticipants').values({ processId, personId, role }).execute();
}

/** Removes a participant; false when they were not one. */
export async function deleteParticipant(trx: Db, processId: number, personId: number): Promise<boolean> {
	const removed = await trx
		.deleteFrom('processParticipants')
		.where('processId', '=', processId)
		.where('personId', '=', personId)
		.executeTakeFirst();
	return Number(removed.numDeletedRows) > 0;
}

export async function insertMilestone(
	trx: Db,
	processId: number,
	title: string,
	dueOn: string | null
): Promise<number> {
	const row = await trx
		.insertInto('processMilestones')
		.values({ processId, title, dueOn })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Sets or clears a milestone's done time; false when the milestone is not the process's. */
export async function setMilestoneDoneAt(
	trx: Db,
	processId: number,
	milestoneId: number,
	doneAt: string | null
): Promise<boolean> {
	const changed = await trx
		.updateTable('processMilestones')
		.set({ doneAt })
		.where('id', '=', milestoneId)
		.where('processId', '=', processId)
		.executeTakeFirst();
	return Number(changed.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------- for coverage

/**
 * Where coverage's people and plans come from: queries of their owners (people, plans) that
 * this module nests, so nothing is loaded into JavaScript and no id list is passed back.
 */
export interface CoverageSources {
	/** One row a person: `id`, `name`, `unitId`, `manager` (0/1). */
	members: SelectQueryBuilder<
		Database,
		any,
		{ id: number; name: string; unitId: number | null; manager: number }
	>;
	/** The person's plans covering the day (any column). */
	plansCovering: (personId: Expression<number>) => SelectQueryBuilder<Database, any, { id: number }>;
	/** The workplace goals the person's current goals link to. */
	linkedGoals: (
		personId: Expression<number>
	) => SelectQueryBuilder<Database, any, { workplaceGoalId: number | null }>;
}

/**
 * Per person: has a plan, in how many processes, in how many that serve a linked goal, and the
 * status (0 none, 1 unmatched, 2 covered) as one CASE so that the matching count is only
 * worked out for people in a process.
 */
function coverageFacts(db: Db, src: CoverageSources) {
	const personId = sql.ref<number>('m.id');
	const processCount = () =>
		db
			.selectFrom('processParticipants as pp')
			.select((e) => e.fn.countAll<number>().as('n'))
			.where('pp.personId', '=', personId);
	const matchingCount = () =>
		processCount().where((e) =>
			e.exists(
				e
					.selectFrom('processGoals as pg')
					.select('pg.processId')
					.whereRef('pg.processId', '=', 'pp.processId')
					.where('pg.workplaceGoalId', 'in', src.linkedGoals(personId))
			)
		);
	return db.selectFrom(src.members.as('m')).select((eb) => [
		'm.id as personId',
		'm.name',
		'm.unitId',
		'm.manager',
		eb
			.case()
			.when(eb.exists(src.plansCovering(personId)))
			.then(1)
			.else(0)
			.end()
			.as('hasPlan'),
		processCount().as('processCount'),
		matchingCount().as('matchingProcessCount'),
		eb
			.case()
			.when(processCount(), '=', 0)
			.then(0)
			.when(matchingCount(), '=', 0)
			.then(1)
			.else(2)
			.end()
			.as('status')
	]);
}

/** A page of coverage rows, by name. */
export async function coverageRows(db: Db, src: CoverageSources, paging: { limit: number; offset: number }) {
	const rows = await db
		.selectFrom(coverageFacts(db, src).as('c'))
		.selectAll()
		.orderBy('c.name')
		.orderBy('c.personId')
		.limit(paging.limit)
		.offset(paging.offset)
		.execute();
	return rows.map((r) => ({
		personId: r.personId,
		name: r.name,
		unitId: r.unitId,
		manager: Number(r.manager) === 1,
		hasPlan: Number(r.hasPlan) === 1,
		processCount: Number(r.processCount ?? 0),
		matchingProcessCount: Number(r.matchingProcessCount ?? 0)
	}));
}

/**
 * Coverage counts per unit (the unit a row carries), aggregated in the database: one row per
 * unit, plan yes/no and status, added up here.
 */
export async function coverageCountsByUnit(db: Db, src: CoverageSources) {
	const rows = await db
		.selectFrom(coverageFacts(db, src).as('c'))
		.select((eb) => ['c.unitId', 'c.hasPlan', 'c.status', eb.fn.countAll<number>().as('n')])
		.groupBy(['c.unitId', 'c.hasPlan', 'c.status'])
		.execute();
	const out = new Map<
		number | null,
		{
			unitId: number | null;
			people: number;
			withPlan: number;
			none: number;
			unmatched: number;
			covered: number;
		}
	>();
	for (const r of rows) {
		let u = out.get(r.unitId);
		if (!u)
			out.set(
				r.unitId,
				(u = { unitId: r.unitId, people: 0, withPlan: 0, none: 0, unmatched: 0, covered: 0 })
			);
		const n = Number(r.n);
		u.people += n;
		if (Number(r.hasPlan) === 1) u.withPlan += n;
		const status = Number(r.status);
		if (status === 0) u.none += n;
		else if (status === 1) u.unmatched += n;
		else u.covered += n;
	}
	return [...out.values()];
}

// ---------------------------------------------------------------- coverage snapshots

export interface SnapshotRow {
	unitId: number | null;
	people: number;
	withPlan: number;
	none: number;
	unmatched: number;
	covered: number;
}

/** The coverage version now (bumped by triggers, 0015). */
export async function coverageVersion(db: Db): Promise<number> {
	const row = await db
		.selectFrom('coverageVersions')
		.select('version')
		.where('id', '=', 1)
		.executeTakeFirst();
	return Number(row?.version ?? 0);
}

/** The programme's snapshot when it was counted on `onDate` at `version`, else undefined. */
export async function freshCoverageSnapshot(
	db: Db,
	programmeId: number,
	onDate: string,
	version: number
): Promise<SnapshotRow[] | undefined> {
	const state = await db
		.selectFrom('coverageSnapshotState')
		.select(['onDate', 'version'])
		.where('programmeId', '=', programmeId)
		.executeTakeFirst();
	if (!state || state.onDate !== onDate || Number(state.version) !== version) return undefined;
	return db
		.selectFrom('coverageSnapshots')
		.select(['unitId', 'people', 'withPlan', 'none', 'unmatched', 'covered'])
		.where('programmeId', '=', programmeId)
		.execute();
}

/**
 * Replaces the programme's snapshot, in one transaction. The state row is written first so
 * that concurrent refreshes of one programme queue behind each other.
 */
export async function saveCoverageSnapshot(
	db: Db,
	programmeId: number,
	onDate: string,
	version: number,
	rows: readonly SnapshotRow[]
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('coverageSnapshotState')
			.values({ programmeId, onDate, version })
			.onConflict((oc) => oc.column('programmeId').doUpdateSet({ onDate, version }))
			.execute();
		await trx.deleteFrom('coverageSnapshots').where('programmeId', '=', programmeId).execute();
		if (rows.length > 0)
			await trx
				.insertInto('coverageSnapshots')
				.values(rows.map((r) => ({ programmeId, ...r })))
				.execute();
	});
}

// ---------------------------------------------------------------- for logbook

/** People taking part in a process. */
export async function participantIdsOf(db: Db, processId: number): Promise<number[]> {
	const rows = await db
		.selectFrom('processParticipants')
		.select('personId')
		.where('processId', '=', processId)
		.execute();
	return rows.map((r) => r.personId);
}

/** The processes a person takes part in (id, title), by title. */
export async function processesOfPerson(db: Db, personId: number) {
	return db
		.selectFrom('processParticipants as pp')
		.innerJoin('processes as p', 'p.id', 'pp.processId')
		.select(['p.id', 'p.title'])
		.where('pp.personId', '=', personId)
		.orderBy('p.title')
		.orderBy('p.id')
		.execute();
}

/** How many processes a person takes part in (counted in SQL). */
export async function countProcessesOfPerson(db: Db, personId: number): Promise<number> {
	const row = await db
		.selectFrom('processParticipants')
		.select((eb) => eb.fn.countAll<number | string>().as('n'))
		.where('personId', '=', personId)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** The ids of the processes a person takes part in. */
export async function processIdsOfPerson(db: Db, personId: number): Promise<Set<number>> {
	const rows = await db
		.selectFrom('processParticipants')
		.select('processId')
		.where('personId', '=', personId)
		.execute();
	return new Set(rows.map((r) => r.processId));
}

/** Does the person take part in the process? */
export async function isParticipant(db: Db, processId: number, personId: number): Promise<boolean> {
	return (
		(await db
			.selectFrom('processParticipants')
			.select('processId')
			.where('personId', '=', personId)
			.where('processId', '=', processId)
			.executeTakeFirst()) !== undefined
	);
}

// ---- for surveys

/** The participants of a process of the programme (none when the process is another programme's). */
export async function participantIdsInProgramme(
	db: Db,
	programmeId: number,
	processId: number
): Promise<number[]> {
	const rows = await db
		.selectFrom('processParticipants')
		.innerJoin('processes', 'processes.id', 'processParticipants.processId')
		.select('processParticipants.personId')
		.where('processes.id', '=', processId)
		.where('processes.programmeId', '=', programmeId)
		.execute();
	return rows.map((r) => r.personId);
}

/** Every process of the programme, by title. */
export async function processTitleRows(db: Db, programmeId: number) {
	return db
		.selectFrom('processes')
		.select(['id', 'title'])
		.where('programmeId', '=', programmeId)
		.orderBy('title')
		.execute();
}

/** The processes a person takes part in, with their role (member or lead); for the expert directory. */
export async function processRolesRows(db: Db, personId: number) {
	return db
		.selectFrom('processParticipants as pp')
		.innerJoin('processes as p', 'p.id', 'pp.processId')
		.select(['p.id', 'p.title', 'pp.role'])
		.where('pp.personId', '=', personId)
		.orderBy('p.title')
		.orderBy('p.id')
		.limit(50)
		.execute();
}

/** Processes of a programme whose title contains `term`, newest first, at most `limit` (a picker). */
export async function findProcessesByTitle(db: Db, programmeId: number, term: string, limit: number) {
	return db
		.selectFrom('processes')
		.select(['id', 'title'])
		.where('programmeId', '=', programmeId)
		.where((eb) => containsInsensitive(dialect(db), eb.ref('title'), term))
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}

/** Titles of a few processes by id. */
export async function processTitlesByIds(db: Db, ids: readonly number[]) {
	if (ids.length === 0) return [];
	return db
		.selectFrom('processes')
		.select(['id', 'title'])
		.where('id', 'in', [...ids])
		.execute();
}
