import type { Db } from '../db/database.ts';
import type { ProcessStatus } from '../db/schema.ts';

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

/** Processes of a programme with unit, track and counts (grouped, one query each). */
export async function listProcessRows(
	db: Db,
	programmeId: number,
	filter: { unitIds?: readonly number[]; trackId?: number; status?: ProcessStatus } = {}
): Promise<ProcessListRow[]> {
	if (filter.unitIds && filter.unitIds.length === 0) return [];
	let q = db
		.selectFrom('processes as pr')
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
		.where('pr.programmeId', '=', programmeId);
	if (filter.unitIds) q = q.where('pr.unitId', 'in', [...filter.unitIds]);
	if (filter.trackId !== undefined) q = q.where('pr.trackId', '=', filter.trackId);
	if (filter.status !== undefined) q = q.where('pr.status', '=', filter.status);
	const rows = await q.orderBy('t.name').orderBy('u.name').orderBy('pr.title').orderBy('pr.id').execute();
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

export async function processParticipants(db: Db, processId: number) {
	return db
		.selectFrom('processParticipants as pp')
		.innerJoin('people as pe', 'pe.id', 'pp.personId')
		.select(['pp.personId', 'pp.role', 'pe.name', 'pe.unitId'])
		.where('pp.processId', '=', processId)
		.orderBy('pe.name')
		.execute();
}

export async function processLinks(db: Db, processId: number) {
	const [sessions, needs, goals, milestones] = await Promise.all([
		db
			.selectFrom('processSessions as ps')
			.innerJoin('sessions as s', 's.id', 'ps.sessionId')
			.innerJoin('activities as a', 'a.id', 's.activityId')
			.select(['s.id', 's.title', 'a.title as activityTitle', 's.startsAt'])
			.where('ps.processId', '=', processId)
			.orderBy('s.startsAt')
			.execute(),
		db
			.selectFrom('processNeeds as pn')
			.innerJoin('needs as n', 'n.id', 'pn.needId')
			.select(['n.id', 'n.title', 'n.status'])
			.where('pn.processId', '=', processId)
			.orderBy('n.title')
			.execute(),
		db
			.selectFrom('processGoals as pg')
			.innerJoin('workplaceGoals as g', 'g.id', 'pg.workplaceGoalId')
			.innerJoin('workplacePlans as wp', 'wp.id', 'g.workplacePlanId')
			.select(['g.id', 'g.text', 'wp.title as planTitle'])
			.where('pg.processId', '=', processId)
			.orderBy('wp.title')
			.orderBy('g.sortOrder')
			.execute(),
		db
			.selectFrom('processMilestones')
			.select(['id', 'title', 'dueOn', 'doneAt'])
			.where('processId', '=', processId)
			.orderBy('dueOn')
			.orderBy('id')
			.execute()
	]);
	return {
		sessions: sessions.map((s) => ({ id: s.id, title: s.title ?? s.activityTitle, startsAt: s.startsAt })),
		needs,
		goals,
		milestones
	};
}

/** Of `ids`, those that are workplace goals of plans in the programme. */
export async function goalIdsInProgramme(db: Db, programmeId: number, ids: readonly number[]) {
	if (ids.length === 0) return [];
	const rows = await db
		.selectFrom('workplaceGoals as g')
		.innerJoin('workplacePlans as wp', 'wp.id', 'g.workplacePlanId')
		.select('g.id')
		.where('wp.programmeId', '=', programmeId)
		.where('g.id', 'in', [...ids])
		.execute();
	return rows.map((r) => r.id);
}

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

export async function needIdsInProgramme(db: Db, programmeId: number, ids: readonly number[]) {
	if (ids.length === 0) return [];
	const rows = await db
		.selectFrom('needs')
		.select('id')
		.where('programmeId', '=', programmeId)
		.where('id', 'in', [...ids])
		.execute();
	return rows.map((r) => r.id);
}

/** Goals, sessions and needs the process form may offer for a programme. */
export async function linkOptions(db: Db, programmeId: number) {
	const [goals, sessions, needs, tracks] = await Promise.all([
		db
			.selectFrom('workplaceGoals as g')
			.innerJoin('workplacePlans as wp', 'wp.id', 'g.workplacePlanId')
			.innerJoin('units as u', 'u.id', 'wp.unitId')
			.select(['g.id', 'g.text', 'wp.unitId', 'u.name as unitName', 'wp.title as planTitle'])
			.where('wp.programmeId', '=', programmeId)
			.orderBy('u.name')
			.orderBy('g.sortOrder')
			.orderBy('g.id')
			.limit(2000)
			.execute(),
		db
			.selectFrom('sessions as s')
			.innerJoin('activities as a', 'a.id', 's.activityId')
			.select(['s.id', 's.title', 'a.title as activityTitle', 's.startsAt'])
			.where('a.programmeId', '=', programmeId)
			.where('s.status', '!=', 'cancelled')
			.orderBy('s.startsAt', 'desc')
			.limit(500)
			.execute(),
		db
			.selectFrom('needs')
			.select(['id', 'title', 'unitId'])
			.where('programmeId', '=', programmeId)
			.where('status', '!=', 'declined')
			.orderBy('title')
			.limit(1000)
			.execute(),
		db
			.selectFrom('tracks')
			.select(['id', 'name'])
			.where('programmeId', '=', programmeId)
			.orderBy('sortOrder')
			.orderBy('name')
			.execute()
	]);
	return {
		goals,
		sessions: sessions.map((s) => ({ id: s.id, title: s.title ?? s.activityTitle, startsAt: s.startsAt })),
		needs,
		tracks
	};
}

/** People of the programme who are staff in `unitIds` (active), plus the managers of those units. */
export async function peopleOfUnits(db: Db, programmeId: number, unitIds: readonly number[]) {
	if (unitIds.length === 0) return [];
	const ids = [...unitIds];
	const staff = await db
		.selectFrom('people')
		.select(['id', 'name', 'unitId'])
		.where('programmeId', '=', programmeId)
		.where('unitId', 'in', ids)
		.where('deactivatedAt', 'is', null)
		.execute();
	const managers = await db
		.selectFrom('roleAssignments as ra')
		.innerJoin('people as pe', 'pe.id', 'ra.personId')
		.select(['pe.id', 'pe.name', 'ra.unitId'])
		.where('ra.role', '=', 'manager')
		.where('ra.programmeId', '=', programmeId)
		.where('ra.unitId', 'in', ids)
		.where('pe.deactivatedAt', 'is', null)
		.execute();
	const out = new Map<number, { id: number; name: string; unitId: number | null; manager: boolean }>();
	for (const p of staff) out.set(p.id, { ...p, manager: false });
	for (const m of managers) {
		const existing = out.get(m.id);
		if (existing) existing.manager = true;
		else out.set(m.id, { id: m.id, name: m.name, unitId: m.unitId, manager: true });
	}
	return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** For each person: the processes they take part in and the workplace goals those serve. */
export async function participationOf(db: Db, personIds: readonly number[]) {
	const out = new Map<number, { processIds: Set<number>; goalIds: Map<number, Set<number>> }>();
	if (personIds.length === 0) return out;
	const rows = await db
		.selectFrom('processParticipants as pp')
		.leftJoin('processGoals as pg', 'pg.processId', 'pp.processId')
		.select(['pp.personId', 'pp.processId', 'pg.workplaceGoalId'])
		.where('pp.personId', 'in', [...personIds])
		.execute();
	for (const r of rows) {
		let entry = out.get(r.personId);
		if (!entry) out.set(r.personId, (entry = { processIds: new Set(), goalIds: new Map() }));
		entry.processIds.add(r.processId);
		if (r.workplaceGoalId !== null) {
			let set = entry.goalIds.get(r.processId);
			if (!set) entry.goalIds.set(r.processId, (set = new Set()));
			set.add(r.workplaceGoalId);
		}
	}
	return out;
}

/**
 * Which of `personIds` have an individual plan whose period covers `on` (read-only over the
 * plans module's table, for the "with a plan" figures; one query per 500 people).
 */
export async function peopleWithPlan(db: Db, personIds: readonly number[], on: string): Promise<Set<number>> {
	const out = new Set<number>();
	const ids = [...new Set(personIds)];
	for (let i = 0; i < ids.length; i += 500) {
		const rows = await db
			.selectFrom('individualPlans')
			.select('personId')
			.distinct()
			.where('personId', 'in', ids.slice(i, i + 500))
			.where('periodStart', '<=', on)
			.where('periodEnd', '>=', on)
			.execute();
		for (const r of rows) out.add(r.personId);
	}
	return out;
}

// ---- for surveys

/** The participants of a process of the programme (none when the process is another programme's). */
export async function participantIdsOf(db: Db, programmeId: number, processId: number): Promise<number[]> {
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
