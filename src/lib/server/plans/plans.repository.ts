import type { Db } from '../db/database.ts';
import { dialect } from '../db/database.ts';
import type { NeedStatus, SwotCategory } from '../db/schema.ts';
import { containsInsensitive } from '../db/sql.ts';
import type { NeedQuery } from './plans.schema.ts';

/** Queries for SWOT, needs and competence plans. No permission logic here (see the services). */

// ---------------------------------------------------------------- facts for the policy

export async function findUnitFacts(db: Db, unitId: number) {
	return db
		.selectFrom('units')
		.select(['id', 'programmeId', 'name', 'parentId'])
		.where('id', '=', unitId)
		.executeTakeFirst();
}

export async function findPersonFacts(db: Db, personId: number) {
	return db
		.selectFrom('people')
		.select(['id', 'name', 'programmeId', 'unitId'])
		.where('id', '=', personId)
		.executeTakeFirst();
}

/** The unit and its ancestors, nearest first. */
export async function ancestorIds(db: Db, unitId: number): Promise<number[]> {
	const out: number[] = [];
	let current: number | null = unitId;
	while (current !== null && !out.includes(current)) {
		out.push(current);
		const row: { parentId: number | null } | undefined = await db
			.selectFrom('units')
			.select('parentId')
			.where('id', '=', current)
			.executeTakeFirst();
		current = row?.parentId ?? null;
	}
	return out;
}

// ---------------------------------------------------------------- SWOT

export async function findSwotItems(db: Db, programmeId: number, unitId: number | null) {
	let q = db
		.selectFrom('swotItems as s')
		.leftJoin('people as a', 'a.id', 's.authorId')
		.select([
			's.id',
			's.programmeId',
			's.unitId',
			's.category',
			's.text',
			's.theme',
			's.priority',
			's.authorId',
			'a.name as authorName',
			's.createdAt',
			's.updatedAt'
		])
		.where('s.programmeId', '=', programmeId)
		.where('s.archivedAt', 'is', null);
	q = unitId === null ? q.where('s.unitId', 'is', null) : q.where('s.unitId', '=', unitId);
	return q.orderBy('s.category').orderBy('s.priority').orderBy('s.id').execute();
}
export type SwotRow = Awaited<ReturnType<typeof findSwotItems>>[number];

export async function findSwotItem(db: Db, id: number) {
	return db
		.selectFrom('swotItems')
		.selectAll()
		.where('id', '=', id)
		.where('archivedAt', 'is', null)
		.executeTakeFirst();
}

/** Every workplace item with a theme in the programme (for the common-themes view). */
export async function findThemedWorkplaceItems(db: Db, programmeId: number) {
	return db
		.selectFrom('swotItems as s')
		.innerJoin('units as u', 'u.id', 's.unitId')
		.select(['s.id', 's.unitId', 'u.name as unitName', 's.category', 's.theme', 's.text'])
		.where('s.programmeId', '=', programmeId)
		.where('s.archivedAt', 'is', null)
		.where('s.theme', 'is not', null)
		.execute();
}

export async function nextSwotPriority(
	db: Db,
	programmeId: number,
	unitId: number | null,
	category: SwotCategory
): Promise<number> {
	let q = db
		.selectFrom('swotItems')
		.select((eb) => eb.fn.max('priority').as('max'))
		.where('programmeId', '=', programmeId)
		.where('category', '=', category)
		.where('archivedAt', 'is', null);
	q = unitId === null ? q.where('unitId', 'is', null) : q.where('unitId', '=', unitId);
	const row = await q.executeTakeFirst();
	return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

// ---------------------------------------------------------------- needs

/** Needs of a programme (or the one need `onlyId`), with whether `voterId` has voted. */
export async function findNeeds(
	db: Db,
	programmeId: number,
	query: NeedQuery,
	voterId: number,
	onlyId?: number
) {
	let q = db
		.selectFrom('needs as n')
		.leftJoin('units as u', 'u.id', 'n.unitId')
		.leftJoin('tracks as t', 't.id', 'n.trackId')
		.leftJoin('people as a', 'a.id', 'n.authorId')
		.select((eb) => [
			'n.id',
			'n.programmeId',
			'n.unitId',
			'u.name as unitName',
			'n.authorId',
			'a.name as authorName',
			'n.title',
			'n.description',
			'n.trackId',
			't.name as trackName',
			'n.suggestedForm',
			'n.status',
			'n.declineReason',
			'n.priority',
			'n.decidedBy',
			'n.voteCount',
			'n.createdAt',
			'n.updatedAt',
			eb
				.exists(
					eb
						.selectFrom('needVotes as v')
						.select('v.needId')
						.whereRef('v.needId', '=', 'n.id')
						.where('v.personId', '=', voterId)
				)
				.as('votedByMe')
		])
		.where('n.programmeId', '=', programmeId);
	if (onlyId !== undefined) q = q.where('n.id', '=', onlyId);
	if (query.status) q = q.where('n.status', '=', query.status);
	if (query.trackId) q = q.where('n.trackId', '=', query.trackId);
	if (query.unitId) q = q.where('n.unitId', '=', query.unitId);
	if (query.q) {
		const term = query.q;
		q = q.where((eb) =>
			eb.or([
				containsInsensitive(dialect(db), eb.ref('n.title'), term),
				containsInsensitive(dialect(db), eb.ref('n.description'), term)
			])
		);
	}
	switch (query.sort ?? 'votes') {
		case 'votes':
			q = q.orderBy('n.voteCount', 'desc').orderBy('n.id', 'desc');
			break;
		case 'newest':
			q = q.orderBy('n.createdAt', 'desc').orderBy('n.id', 'desc');
			break;
		case 'priority':
			// Unprioritised needs last, on both dialects.
			q = q
				.orderBy((eb) => eb.case().when('n.priority', 'is', null).then(1).else(0).end())
				.orderBy('n.priority')
				.orderBy('n.voteCount', 'desc')
				.orderBy('n.id');
	}
	return q.limit(1000).execute();
}
export type NeedRow = Awaited<ReturnType<typeof findNeeds>>[number];

export async function findNeedRow(db: Db, id: number) {
	return db.selectFrom('needs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function needActivityLinks(db: Db, needIds: readonly number[]) {
	if (needIds.length === 0) return [];
	return db
		.selectFrom('needActivities as na')
		.innerJoin('activities as a', 'a.id', 'na.activityId')
		.select(['na.needId', 'a.id', 'a.title'])
		.where('na.needId', 'in', needIds)
		.orderBy('a.title')
		.execute();
}

/** Records one vote; the count moves only when the vote row is new (same transaction). */
export async function addVote(db: Db, needId: number, personId: number): Promise<boolean> {
	const inserted = await db
		.insertInto('needVotes')
		.values({ needId, personId })
		.onConflict((oc) => oc.columns(['needId', 'personId']).doNothing())
		.returning('needId')
		.executeTakeFirst();
	if (!inserted) return false;
	await db
		.updateTable('needs')
		.set((eb) => ({ voteCount: eb('voteCount', '+', 1) }))
		.where('id', '=', needId)
		.execute();
	return true;
}

/** Withdraws a vote; the count moves only when a vote row was deleted, and never below zero. */
export async function removeVote(db: Db, needId: number, personId: number): Promise<boolean> {
	const deleted = await db
		.deleteFrom('needVotes')
		.where('needId', '=', needId)
		.where('personId', '=', personId)
		.returning('needId')
		.executeTakeFirst();
	if (!deleted) return false;
	await db
		.updateTable('needs')
		.set((eb) => ({ voteCount: eb('voteCount', '-', 1) }))
		.where('id', '=', needId)
		.where('voteCount', '>', 0)
		.execute();
	return true;
}

export async function countActivitiesIn(db: Db, programmeId: number, ids: readonly number[]) {
	if (ids.length === 0) return 0;
	const row = await db
		.selectFrom('activities')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('programmeId', '=', programmeId)
		.where('id', 'in', ids)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function trackInProgramme(db: Db, programmeId: number, trackId: number) {
	return !!(await db
		.selectFrom('tracks')
		.select('id')
		.where('id', '=', trackId)
		.where('programmeId', '=', programmeId)
		.executeTakeFirst());
}

export async function listTracks(db: Db, programmeId: number) {
	return db
		.selectFrom('tracks')
		.select(['id', 'name'])
		.where('programmeId', '=', programmeId)
		.orderBy('sortOrder')
		.orderBy('name')
		.execute();
}

export async function listActivityOptions(db: Db, programmeId: number) {
	return db
		.selectFrom('activities')
		.select(['id', 'title'])
		.where('programmeId', '=', programmeId)
		.orderBy('title')
		.execute();
}

// ---------------------------------------------------------------- plans

export async function findWorkplacePlans(db: Db, unitId: number) {
	return db
		.selectFrom('workplacePlans')
		.selectAll()
		.where('unitId', '=', unitId)
		.orderBy('periodStart', 'desc')
		.orderBy('id', 'desc')
		.execute();
}

export async function findWorkplacePlan(db: Db, id: number) {
	return db.selectFrom('workplacePlans').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findWorkplaceGoals(db: Db, planIds: readonly number[]) {
	if (planIds.length === 0) return [];
	return db
		.selectFrom('workplaceGoals as g')
		.leftJoin('tracks as t', 't.id', 'g.trackId')
		.select(['g.id', 'g.workplacePlanId', 'g.text', 'g.trackId', 't.name as trackName', 'g.sortOrder'])
		.where('g.workplacePlanId', 'in', planIds)
		.orderBy('g.sortOrder')
		.orderBy('g.id')
		.execute();
}

/** The plan of one of `unitIds` (nearest first) whose period covers `on`. */
export async function planCovering(db: Db, unitIds: readonly number[], on: string) {
	if (unitIds.length === 0) return undefined;
	const rows = await db
		.selectFrom('workplacePlans')
		.selectAll()
		.where('unitId', 'in', unitIds)
		.where('periodStart', '<=', on)
		.where('periodEnd', '>=', on)
		.orderBy('periodStart', 'desc')
		.orderBy('id', 'desc')
		.execute();
	for (const u of unitIds) {
		const hit = rows.find((r) => r.unitId === u);
		if (hit) return hit;
	}
	return undefined;
}

export async function findIndividualPlans(db: Db, personIds: readonly number[]) {
	if (personIds.length === 0) return [];
	return db
		.selectFrom('individualPlans')
		.selectAll()
		.where('personId', 'in', personIds)
		.orderBy('periodStart', 'desc')
		.orderBy('id', 'desc')
		.execute();
}

export async function findIndividualPlan(db: Db, id: number) {
	return db.selectFrom('individualPlans').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findIndividualGoals(db: Db, planIds: readonly number[]) {
	if (planIds.length === 0) return [];
	return db
		.selectFrom('individualGoals as g')
		.leftJoin('workplaceGoals as w', 'w.id', 'g.workplaceGoalId')
		.select([
			'g.id',
			'g.individualPlanId',
			'g.text',
			'g.workplaceGoalId',
			'w.text as workplaceGoalText',
			'g.status',
			'g.createdAt'
		])
		.where('g.individualPlanId', 'in', planIds)
		.orderBy('g.id')
		.execute();
}

/** Planned activities with "attended" from the person's registration for the linked session. */
export async function findPlannedActivities(db: Db, planIds: readonly number[]) {
	if (planIds.length === 0) return [];
	return db
		.selectFrom('plannedActivities as pa')
		.innerJoin('individualPlans as ip', 'ip.id', 'pa.individualPlanId')
		.leftJoin('sessions as s', 's.id', 'pa.sessionId')
		.leftJoin('activities as sa', 'sa.id', 's.activityId')
		.leftJoin('activities as a', 'a.id', 'pa.activityId')
		.select((eb) => [
			'pa.id',
			'pa.individualPlanId',
			'pa.individualGoalId',
			'pa.sessionId',
			's.startsAt as sessionStartsAt',
			'sa.title as sessionActivityTitle',
			'pa.activityId',
			'a.title as activityTitle',
			'pa.description',
			'pa.status',
			eb
				.exists(
					eb
						.selectFrom('registrations as r')
						.select('r.id')
						.whereRef('r.sessionId', '=', 'pa.sessionId')
						.whereRef('r.personId', '=', 'ip.personId')
						.where('r.status', '=', 'attended')
				)
				.as('attended')
		])
		.where('pa.individualPlanId', 'in', planIds)
		.orderBy('pa.id')
		.execute();
}

export async function findDialogues(db: Db, personId: number) {
	return db
		.selectFrom('developmentDialogues as d')
		.leftJoin('people as m', 'm.id', 'd.managerId')
		.select([
			'd.id',
			'd.personId',
			'd.managerId',
			'm.name as managerName',
			'd.heldOn',
			'd.notes',
			'd.agreedGoals',
			'd.createdAt',
			'd.updatedAt'
		])
		.where('d.personId', '=', personId)
		.orderBy('d.heldOn', 'desc')
		.orderBy('d.id', 'desc')
		.execute();
}

/** Active people whose unit is one of `unitIds`. */
export async function peopleInUnits(db: Db, unitIds: readonly number[]) {
	if (unitIds.length === 0) return [];
	return db
		.selectFrom('people')
		.select(['id', 'name', 'unitId'])
		.where('unitId', 'in', unitIds)
		.where('deactivatedAt', 'is', null)
		.orderBy('name')
		.orderBy('id')
		.execute();
}

export type { NeedStatus };
