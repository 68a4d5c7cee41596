import type { Db } from '../db/database.ts';
import { dialect } from '../db/database.ts';
import { sql, type Expression, type Insertable, type SelectQueryBuilder, type Updateable } from 'kysely';
import type {
	Database,
	DevelopmentDialogueTable,
	GoalStatus,
	IndividualGoalTable,
	IndividualPlanTable,
	NeedTable,
	PlannedActivityStatus,
	PlannedActivityTable,
	SwotCategory,
	SwotItemTable,
	WorkplaceGoalTable,
	WorkplacePlanTable
} from '../db/schema.ts';
import { containsInsensitive, nowIso } from '../db/sql.ts';
import type { NeedQuery } from './plans.schema.ts';

/** Queries for SWOT, needs and competence plans. No permission logic here (see the services). */

// ---------------------------------------------------------------- SWOT

export async function findSwotItems(db: Db, programmeId: number, unitId: number | null) {
	let q = db
		.selectFrom('swotItems as s')
		.select([
			's.id',
			's.programmeId',
			's.unitId',
			's.category',
			's.text',
			's.theme',
			's.priority',
			's.authorId',
			's.createdAt',
			's.updatedAt'
		])
		.where('s.programmeId', '=', programmeId)
		.where('s.archivedAt', 'is', null);
	q = unitId === null ? q.where('s.unitId', 'is', null) : q.where('s.unitId', '=', unitId);
	return q.orderBy('s.category').orderBy('s.priority').orderBy('s.id').execute();
}
export type SwotItemRow = Awaited<ReturnType<typeof findSwotItems>>[number];

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
		.select(['s.id', 's.unitId', 's.category', 's.theme', 's.text'])
		.where('s.programmeId', '=', programmeId)
		.where('s.unitId', 'is not', null)
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

export async function insertSwotItem(trx: Db, values: Insertable<SwotItemTable>) {
	return trx.insertInto('swotItems').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateSwotItemRow(trx: Db, id: number, values: Updateable<SwotItemTable>) {
	return trx
		.updateTable('swotItems')
		.set(values)
		.where('id', '=', id)
		.returningAll()
		.executeTakeFirstOrThrow();
}

export async function setSwotPriority(trx: Db, id: number, priority: number, now: string): Promise<void> {
	await trx.updateTable('swotItems').set({ priority, updatedAt: now }).where('id', '=', id).execute();
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
		.select((eb) => [
			'n.id',
			'n.programmeId',
			'n.unitId',
			'n.authorId',
			'n.title',
			'n.description',
			'n.trackId',
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
export type NeedListRow = Awaited<ReturnType<typeof findNeeds>>[number];

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

export async function insertNeed(trx: Db, values: Insertable<NeedTable>) {
	return trx.insertInto('needs').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateNeedRow(trx: Db, id: number, values: Updateable<NeedTable>) {
	return trx.updateTable('needs').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The activities that answer a need: the list replaces the previous links. */
export async function replaceNeedActivities(trx: Db, needId: number, activityIds: readonly number[]) {
	await trx.deleteFrom('needActivities').where('needId', '=', needId).execute();
	if (activityIds.length > 0)
		await trx
			.insertInto('needActivities')
			.values(activityIds.map((activityId) => ({ needId, activityId })))
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
		.select(['g.id', 'g.workplacePlanId', 'g.text', 'g.trackId', 'g.sortOrder'])
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

/** Planned activities of the plans, with the plan's person (attendance comes from registrations). */
export async function findPlannedActivities(db: Db, planIds: readonly number[]) {
	if (planIds.length === 0) return [];
	return db
		.selectFrom('plannedActivities as pa')
		.innerJoin('individualPlans as ip', 'ip.id', 'pa.individualPlanId')
		.select([
			'pa.id',
			'pa.individualPlanId',
			'ip.personId',
			'pa.individualGoalId',
			'pa.sessionId',
			'pa.activityId',
			'pa.description',
			'pa.status'
		])
		.where('pa.individualPlanId', 'in', planIds)
		.orderBy('pa.id')
		.execute();
}

export async function findDialogues(db: Db, personId: number) {
	return db
		.selectFrom('developmentDialogues as d')
		.select([
			'd.id',
			'd.personId',
			'd.managerId',
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

export async function insertWorkplacePlan(trx: Db, values: Insertable<WorkplacePlanTable>) {
	return trx.insertInto('workplacePlans').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Adds a goal at the end of a workplace plan's order and marks the plan updated. */
export async function appendWorkplaceGoal(
	trx: Db,
	values: Omit<Insertable<WorkplaceGoalTable>, 'sortOrder'>
) {
	const max = await trx
		.selectFrom('workplaceGoals')
		.select((eb) => eb.fn.max('sortOrder').as('max'))
		.where('workplacePlanId', '=', values.workplacePlanId)
		.executeTakeFirst();
	const goal = await trx
		.insertInto('workplaceGoals')
		.values({
			...values,
			sortOrder: max?.max === null || max?.max === undefined ? 0 : Number(max.max) + 1
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	await trx
		.updateTable('workplacePlans')
		.set({ updatedAt: nowIso() })
		.where('id', '=', values.workplacePlanId)
		.execute();
	return goal;
}

/** A workplace goal with its plan and the plan's unit. */
export async function findWorkplaceGoalPlan(db: Db, goalId: number) {
	return db
		.selectFrom('workplaceGoals as g')
		.innerJoin('workplacePlans as p', 'p.id', 'g.workplacePlanId')
		.select(['g.id', 'p.id as planId', 'p.unitId'])
		.where('g.id', '=', goalId)
		.executeTakeFirst();
}

export async function insertIndividualPlan(trx: Db, values: Insertable<IndividualPlanTable>) {
	return trx.insertInto('individualPlans').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Marks an individual plan updated, tying it to a workplace plan when `workplacePlanId` is given. */
export async function touchIndividualPlan(trx: Db, planId: number, workplacePlanId: number | null = null) {
	await trx
		.updateTable('individualPlans')
		.set({ updatedAt: nowIso(), ...(workplacePlanId !== null ? { workplacePlanId } : {}) })
		.where('id', '=', planId)
		.execute();
}

export async function findIndividualGoalRow(db: Db, id: number) {
	return db.selectFrom('individualGoals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertIndividualGoal(trx: Db, values: Insertable<IndividualGoalTable>) {
	return trx.insertInto('individualGoals').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateIndividualGoalRow(
	trx: Db,
	id: number,
	values: { text?: string; workplaceGoalId?: number | null; status?: GoalStatus }
) {
	return trx
		.updateTable('individualGoals')
		.set(values)
		.where('id', '=', id)
		.returningAll()
		.executeTakeFirstOrThrow();
}

/** Is the goal one of the plan's? */
export async function goalInPlan(db: Db, goalId: number, planId: number): Promise<boolean> {
	return !!(await db
		.selectFrom('individualGoals')
		.select('id')
		.where('id', '=', goalId)
		.where('individualPlanId', '=', planId)
		.executeTakeFirst());
}

export async function insertPlannedActivity(trx: Db, values: Insertable<PlannedActivityTable>) {
	return trx.insertInto('plannedActivities').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findPlannedActivityRow(db: Db, id: number) {
	return db.selectFrom('plannedActivities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setPlannedActivityStatusRow(
	trx: Db,
	id: number,
	status: PlannedActivityStatus
): Promise<void> {
	await trx.updateTable('plannedActivities').set({ status }).where('id', '=', id).execute();
}

export async function insertDialogue(trx: Db, values: Insertable<DevelopmentDialogueTable>) {
	return trx.insertInto('developmentDialogues').values(values).returningAll().executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------- for processes

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

/** Of `ids`, those that are needs of the programme. */
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

/** Workplace goals of the programme with their plan and unit, for the process form. */
export async function workplaceGoalOptions(db: Db, programmeId: number) {
	return db
		.selectFrom('workplaceGoals as g')
		.innerJoin('workplacePlans as wp', 'wp.id', 'g.workplacePlanId')
		.innerJoin('units as u', 'u.id', 'wp.unitId')
		.select(['g.id', 'g.text', 'wp.unitId', 'u.name as unitName', 'wp.title as planTitle'])
		.where('wp.programmeId', '=', programmeId)
		.orderBy('u.name')
		.orderBy('g.sortOrder')
		.orderBy('g.id')
		.limit(2000)
		.execute();
}

/** Needs of the programme that are not declined, for the process form. */
export async function needOptions(db: Db, programmeId: number) {
	return db
		.selectFrom('needs')
		.select(['id', 'title', 'unitId'])
		.where('programmeId', '=', programmeId)
		.where('status', '!=', 'declined')
		.orderBy('title')
		.limit(1000)
		.execute();
}

/** Needs by id (id, title, status), by title. */
export async function needsByIds(db: Db, ids: readonly number[]) {
	if (ids.length === 0) return [];
	return db
		.selectFrom('needs')
		.select(['id', 'title', 'status'])
		.where('id', 'in', [...ids])
		.orderBy('title')
		.execute();
}

/** Workplace goals by id with their plan's title, by plan title and order. */
export async function workplaceGoalsByIds(db: Db, ids: readonly number[]) {
	if (ids.length === 0) return [];
	return db
		.selectFrom('workplaceGoals as g')
		.innerJoin('workplacePlans as wp', 'wp.id', 'g.workplacePlanId')
		.select(['g.id', 'g.text', 'wp.title as planTitle'])
		.where('g.id', 'in', [...ids])
		.orderBy('wp.title')
		.orderBy('g.sortOrder')
		.execute();
}

/**
 * For coverage, as correlated subqueries on `personId` (an outer column): the person's
 * individual plans covering `on`, and the workplace goals their goals (not dropped) link to.
 */
export function plansCoveringQuery(db: Db, personId: Expression<number>, on: string) {
	return db
		.selectFrom('individualPlans as ip')
		.select('ip.id')
		.where('ip.personId', '=', personId)
		.where('ip.periodStart', '<=', on)
		.where('ip.periodEnd', '>=', on);
}

export function linkedWorkplaceGoalsQuery(db: Db, personId: Expression<number>, on: string) {
	return db
		.selectFrom('individualGoals as g')
		.innerJoin('individualPlans as ip', 'ip.id', 'g.individualPlanId')
		.select('g.workplaceGoalId')
		.where('ip.personId', '=', personId)
		.where('ip.periodStart', '<=', on)
		.where('ip.periodEnd', '>=', on)
		.where('g.status', '!=', 'dropped')
		.where('g.workplaceGoalId', 'is not', null);
}

// ---------------------------------------------------------------- unit overview (aggregated)

/** Where the overview's people and attendance come from (their owners' queries, nested). */
export interface OverviewSources {
	/** One row a person: `id`, `name`, `unitId`. */
	people: SelectQueryBuilder<Database, any, { id: number; name: string; unitId: number | null }>;
	/** The person attended the session (a correlated subquery). */
	attended: (
		personId: Expression<number>,
		sessionId: Expression<number | null>
	) => SelectQueryBuilder<Database, any, { id: number }>;
}

/**
 * Per person: the newest individual plan covering `on` (as `findIndividualPlans` orders them),
 * its goals and unlinked goals (not dropped), planned activities (not dropped) and those done
 * (marked done, or planned and the session attended). Counted by the database.
 */
function overviewFacts(db: Db, src: OverviewSources, on: string) {
	const withPlan = db
		.selectFrom(src.people.as('m'))
		.select((eb) => [
			'm.id as personId',
			'm.name',
			'm.unitId',
			eb
				.selectFrom('individualPlans as ip')
				.select('ip.id')
				.whereRef('ip.personId', '=', 'm.id')
				.where('ip.periodStart', '<=', on)
				.where('ip.periodEnd', '>=', on)
				.orderBy('ip.periodStart', 'desc')
				.orderBy('ip.id', 'desc')
				.limit(1)
				.as('planId')
		]);
	return db.selectFrom(withPlan.as('x')).select((eb) => [
		'x.personId',
		'x.name',
		'x.unitId',
		'x.planId',
		eb
			.selectFrom('individualGoals as g')
			.select((e) => e.fn.countAll<number>().as('n'))
			.whereRef('g.individualPlanId', '=', 'x.planId')
			.where('g.status', '!=', 'dropped')
			.as('goals'),
		eb
			.selectFrom('individualGoals as g')
			.select((e) => e.fn.countAll<number>().as('n'))
			.whereRef('g.individualPlanId', '=', 'x.planId')
			.where('g.status', '!=', 'dropped')
			.where('g.workplaceGoalId', 'is', null)
			.as('unlinked'),
		eb
			.selectFrom('plannedActivities as pa')
			.select((e) => e.fn.countAll<number>().as('n'))
			.whereRef('pa.individualPlanId', '=', 'x.planId')
			.where('pa.status', '!=', 'dropped')
			.as('activitiesPlanned'),
		eb
			.selectFrom('plannedActivities as pa')
			.select((e) => e.fn.countAll<number>().as('n'))
			.whereRef('pa.individualPlanId', '=', 'x.planId')
			.where((e) =>
				e.or([
					e('pa.status', '=', 'done'),
					e.and([
						e('pa.status', '=', 'planned'),
						e.exists(src.attended(sql.ref<number>('x.personId'), sql.ref<number | null>('pa.sessionId')))
					])
				])
			)
			.as('activitiesDone')
	]);
}

/** The overview's totals over every person. One query. */
export async function overviewTotals(db: Db, src: OverviewSources, on: string) {
	const row = await db
		.selectFrom(overviewFacts(db, src, on).as('f'))
		.select((eb) => [
			eb.fn.countAll<number>().as('people'),
			eb.fn.count<number>('f.planId').as('withPlan'),
			eb.fn.sum<number>('f.goals').as('goals'),
			eb.fn.sum<number>('f.unlinked').as('unlinkedGoals'),
			eb.fn.sum<number>('f.activitiesPlanned').as('activitiesPlanned'),
			eb.fn.sum<number>('f.activitiesDone').as('activitiesDone')
		])
		.executeTakeFirst();
	return {
		people: Number(row?.people ?? 0),
		withPlan: Number(row?.withPlan ?? 0),
		goals: Number(row?.goals ?? 0),
		unlinkedGoals: Number(row?.unlinkedGoals ?? 0),
		activitiesPlanned: Number(row?.activitiesPlanned ?? 0),
		activitiesDone: Number(row?.activitiesDone ?? 0)
	};
}

/** One page of the overview's people, by name, with the unlinked goals of their plans. */
export async function overviewPage(
	db: Db,
	src: OverviewSources,
	on: string,
	paging: { limit: number; offset: number }
) {
	const page = () =>
		db
			.selectFrom(overviewFacts(db, src, on).as('f'))
			.selectAll()
			.orderBy('f.name')
			.orderBy('f.personId')
			.limit(paging.limit)
			.offset(paging.offset);
	const [rows, unlinked] = await Promise.all([
		page().execute(),
		db
			.selectFrom('individualGoals as g')
			.select(['g.id', 'g.text', 'g.individualPlanId'])
			.where('g.individualPlanId', 'in', db.selectFrom(page().as('pg')).select('pg.planId'))
			.where('g.status', '!=', 'dropped')
			.where('g.workplaceGoalId', 'is', null)
			.orderBy('g.id')
			.execute()
	]);
	const byPlan = new Map<number, { id: number; text: string }[]>();
	for (const g of unlinked) {
		let list = byPlan.get(g.individualPlanId);
		if (!list) byPlan.set(g.individualPlanId, (list = []));
		list.push({ id: g.id, text: g.text });
	}
	return rows.map((r) => ({
		personId: r.personId,
		name: r.name,
		unitId: r.unitId,
		planId: r.planId ?? null,
		goals: Number(r.goals ?? 0),
		unlinkedGoals: r.planId === null ? [] : (byPlan.get(r.planId) ?? []),
		activitiesPlanned: Number(r.activitiesPlanned ?? 0),
		activitiesDone: Number(r.activitiesDone ?? 0)
	}));
}

// ---------------------------------------------------------------- for logbook

/** The goals of a person's individual plans (id, text), newest plan first. */
export async function goalsOfPerson(db: Db, personId: number) {
	return db
		.selectFrom('individualGoals as g')
		.innerJoin('individualPlans as ip', 'ip.id', 'g.individualPlanId')
		.select(['g.id', 'g.text'])
		.where('ip.personId', '=', personId)
		.orderBy('ip.periodStart', 'desc')
		.orderBy('g.id')
		.execute();
}

/** Is the goal one of the person's own plans' goals? */
export async function isGoalOfPerson(db: Db, personId: number, goalId: number): Promise<boolean> {
	return (
		(await db
			.selectFrom('individualGoals as g')
			.innerJoin('individualPlans as ip', 'ip.id', 'g.individualPlanId')
			.select('g.id')
			.where('ip.personId', '=', personId)
			.where('g.id', '=', goalId)
			.executeTakeFirst()) !== undefined
	);
}

// ---------------------------------------------------------------- for goals (issue 12)

/** The person's individual plans covering `on` that are linked to a workplace plan (subquery on an outer person id). */
export function linkedPlansQuery(db: Db, personId: Expression<number>, on: string) {
	return plansCoveringQuery(db, personId, on).where('ip.workplacePlanId', 'is not', null);
}
