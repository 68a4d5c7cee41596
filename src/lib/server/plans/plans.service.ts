import type { Db } from '../db/database.ts';
import type { GoalStatus, PlannedActivityStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { descendantUnitIds } from '../organisation/organisation.service.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { personalPlanResource, workplaceResource } from './plans.access.ts';
import { PlansRuleError } from './plans.errors.ts';
import {
	ancestorIds,
	findDialogues,
	findIndividualGoals,
	findIndividualPlan,
	findIndividualPlans,
	findPlannedActivities,
	findWorkplaceGoals,
	findWorkplacePlan,
	findWorkplacePlans,
	peopleInUnits,
	planCovering,
	trackInProgramme
} from './plans.repository.ts';
import type {
	DialogueInput,
	IndividualGoalInput,
	IndividualPlanInput,
	PlannedActivityInput,
	WorkplaceGoalInput,
	WorkplacePlanInput
} from './plans.schema.ts';
import { requireChanges } from '../core/errors.ts';

/**
 * Competence plans. A workplace plan per period (focus areas, goals with a track) kept by the
 * unit's manager or the office; individual plans per person and period whose goals each link
 * to a goal of the workplace plan of the person's unit (or of a unit above it), or stay
 * "unlinked"; planned activities that point at catalogue sessions or activities ("done" also
 * follows from attending the linked session); development dialogues written by the manager
 * and readable by the person.
 */

const today = () => nowIso().slice(0, 10);

// ---------------------------------------------------------------- views

export interface WorkplaceGoalView {
	id: number;
	text: string;
	trackId: number | null;
	trackName: string | null;
	sortOrder: number;
}

export interface WorkplacePlanView {
	id: number;
	programmeId: number;
	unitId: number;
	title: string;
	periodStart: string;
	periodEnd: string;
	focusAreas: string | null;
	goals: WorkplaceGoalView[];
	createdAt: string;
	updatedAt: string;
}

export interface IndividualGoalView {
	id: number;
	text: string;
	workplaceGoalId: number | null;
	workplaceGoalText: string | null;
	status: GoalStatus;
}

export interface PlannedActivityView {
	id: number;
	individualGoalId: number | null;
	sessionId: number | null;
	sessionStartsAt: string | null;
	activityId: number | null;
	title: string | null;
	description: string | null;
	/** Stored status, except that an attended registration for the linked session makes it "done". */
	status: PlannedActivityStatus;
	attended: boolean;
}

export interface IndividualPlanView {
	id: number;
	personId: number;
	workplacePlanId: number | null;
	periodStart: string;
	periodEnd: string;
	goals: IndividualGoalView[];
	activities: PlannedActivityView[];
	createdAt: string;
	updatedAt: string;
}

export interface DialogueView {
	id: number;
	personId: number;
	managerId: number | null;
	managerName: string | null;
	heldOn: string;
	notes: string | null;
	agreedGoals: string | null;
	createdAt: string;
}

type WorkplacePlanRow = NonNullable<Awaited<ReturnType<typeof findWorkplacePlan>>>;
type IndividualPlanRow = NonNullable<Awaited<ReturnType<typeof findIndividualPlan>>>;

async function presentWorkplacePlans(db: Db, plans: WorkplacePlanRow[]): Promise<WorkplacePlanView[]> {
	const goals = await findWorkplaceGoals(
		db,
		plans.map((p) => p.id)
	);
	return plans.map((p) => ({
		id: p.id,
		programmeId: p.programmeId,
		unitId: p.unitId,
		title: p.title,
		periodStart: p.periodStart,
		periodEnd: p.periodEnd,
		focusAreas: p.focusAreas,
		goals: goals
			.filter((g) => g.workplacePlanId === p.id)
			.map((g) => ({
				id: g.id,
				text: g.text,
				trackId: g.trackId,
				trackName: g.trackName,
				sortOrder: Number(g.sortOrder)
			})),
		createdAt: p.createdAt,
		updatedAt: p.updatedAt
	}));
}

async function presentIndividualPlans(db: Db, plans: IndividualPlanRow[]): Promise<IndividualPlanView[]> {
	const ids = plans.map((p) => p.id);
	const [goals, activities] = await Promise.all([
		findIndividualGoals(db, ids),
		findPlannedActivities(db, ids)
	]);
	return plans.map((p) => ({
		id: p.id,
		personId: p.personId,
		workplacePlanId: p.workplacePlanId,
		periodStart: p.periodStart,
		periodEnd: p.periodEnd,
		goals: goals
			.filter((g) => g.individualPlanId === p.id)
			.map((g) => ({
				id: g.id,
				text: g.text,
				workplaceGoalId: g.workplaceGoalId,
				workplaceGoalText: g.workplaceGoalText,
				status: g.status
			})),
		activities: activities
			.filter((a) => a.individualPlanId === p.id)
			.map((a) => {
				const attended = Boolean(a.attended);
				return {
					id: a.id,
					individualGoalId: a.individualGoalId,
					sessionId: a.sessionId,
					sessionStartsAt: a.sessionStartsAt,
					activityId: a.activityId ?? null,
					title: a.sessionActivityTitle ?? a.activityTitle ?? null,
					description: a.description,
					status: attended && a.status === 'planned' ? 'done' : a.status,
					attended
				};
			}),
		createdAt: p.createdAt,
		updatedAt: p.updatedAt
	}));
}

// ---------------------------------------------------------------- workplace plans

/** A unit's workplace plans, newest period first, with what the actor may do. */
export async function listWorkplacePlans(db: Db, actor: Actor, unitId: number) {
	const { unit, resource } = await workplaceResource(db, actor, unitId);
	authorize(actor, 'read', resource);
	return {
		unit: { id: unit.id, name: unit.name, programmeId: unit.programmeId },
		canManage: can(actor, 'manage', resource),
		plans: await presentWorkplacePlans(db, await findWorkplacePlans(db, unitId))
	};
}

/** One workplace plan with its goals. */
export async function getWorkplacePlan(db: Db, actor: Actor, planId: number): Promise<WorkplacePlanView> {
	const plan = await findWorkplacePlan(db, planId);
	if (!plan) throw new AccessDeniedError();
	const { resource } = await workplaceResource(db, actor, plan.unitId);
	authorize(actor, 'read', resource);
	return (await presentWorkplacePlans(db, [plan]))[0]!;
}

/** Creates a workplace plan for a period (the unit's manager or the office). */
export async function createWorkplacePlan(
	db: Db,
	actor: Actor,
	input: WorkplacePlanInput
): Promise<WorkplacePlanView> {
	const { unit, resource } = await workplaceResource(db, actor, input.unitId);
	authorize(actor, 'manage', resource);
	const id = await db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('workplacePlans')
			.values({
				programmeId: unit.programmeId,
				unitId: unit.id,
				title: input.title,
				periodStart: input.periodStart,
				periodEnd: input.periodEnd,
				focusAreas: input.focusAreas || null,
				createdBy: actor.personId,
				updatedAt: nowIso()
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			programmeId: unit.programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'workplacePlan',
			entityId: row.id,
			after: row
		});
		return row.id;
	});
	return getWorkplacePlan(db, actor, id);
}

/** Adds a goal (with an optional track of the programme) to a workplace plan. */
export async function addWorkplaceGoal(
	db: Db,
	actor: Actor,
	planId: number,
	input: WorkplaceGoalInput
): Promise<WorkplacePlanView> {
	const plan = await findWorkplacePlan(db, planId);
	if (!plan) throw new AccessDeniedError();
	const { resource } = await workplaceResource(db, actor, plan.unitId);
	authorize(actor, 'manage', resource);
	if (input.trackId !== undefined && !(await trackInProgramme(db, plan.programmeId, input.trackId)))
		throw new PlansRuleError('error.unknownId', 'trackId');
	await db.transaction().execute(async (trx) => {
		const max = await trx
			.selectFrom('workplaceGoals')
			.select((eb) => eb.fn.max('sortOrder').as('max'))
			.where('workplacePlanId', '=', planId)
			.executeTakeFirst();
		const goal = await trx
			.insertInto('workplaceGoals')
			.values({
				workplacePlanId: planId,
				text: input.text,
				trackId: input.trackId ?? null,
				sortOrder: max?.max === null || max?.max === undefined ? 0 : Number(max.max) + 1
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await trx.updateTable('workplacePlans').set({ updatedAt: nowIso() }).where('id', '=', planId).execute();
		await recordAudit(trx, {
			programmeId: plan.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'workplacePlan',
			entityId: planId,
			after: { addedGoal: goal }
		});
	});
	return getWorkplacePlan(db, actor, planId);
}

// ---------------------------------------------------------------- individual plans

/**
 * A person's plans (newest first) with goals and planned activities, their development
 * dialogues, and the workplace goals each plan's goals may link to.
 */
export async function getPersonPlans(db: Db, actor: Actor, personId: number) {
	const { person, resource } = await personalPlanResource(db, personId);
	authorize(actor, 'read', resource);
	const plans = await presentIndividualPlans(db, await findIndividualPlans(db, [personId]));
	const units = person.unitId === null ? [] : await ancestorIds(db, person.unitId);
	const workplacePlans =
		units.length === 0
			? []
			: await presentWorkplacePlans(
					db,
					(await Promise.all(units.map((u) => findWorkplacePlans(db, u)))).flat()
				);
	const dialogues: DialogueView[] = (await findDialogues(db, personId)).map((d) => ({
		id: d.id,
		personId: d.personId,
		managerId: d.managerId,
		managerName: d.managerName,
		heldOn: d.heldOn,
		notes: d.notes,
		agreedGoals: d.agreedGoals,
		createdAt: d.createdAt
	}));
	return {
		person,
		programmeId: resource.programmeId,
		canUpdate: can(actor, 'update', resource),
		canManage: can(actor, 'manage', resource),
		plans,
		/** Workplace plans of the person's unit and the units above it: what goals may link to. */
		workplacePlans,
		dialogues
	};
}

/** Loads an individual plan the actor may change, with its person. */
async function writablePlan(db: Db, actor: Actor, planId: number) {
	const plan = await findIndividualPlan(db, planId);
	if (!plan) throw new AccessDeniedError();
	const { person, resource } = await personalPlanResource(db, plan.personId);
	authorize(actor, 'update', resource);
	return { plan, person, programmeId: resource.programmeId };
}

/** One individual plan (read rule of its person). */
export async function getIndividualPlan(db: Db, actor: Actor, planId: number): Promise<IndividualPlanView> {
	const plan = await findIndividualPlan(db, planId);
	if (!plan) throw new AccessDeniedError();
	const { resource } = await personalPlanResource(db, plan.personId);
	authorize(actor, 'read', resource);
	return (await presentIndividualPlans(db, [plan]))[0]!;
}

/**
 * Creates a person's plan for a period (the person, their manager or the office). It is tied
 * to the workplace plan of the person's unit (or the nearest unit above) covering the start.
 */
export async function createIndividualPlan(
	db: Db,
	actor: Actor,
	input: IndividualPlanInput
): Promise<IndividualPlanView> {
	const { person, resource } = await personalPlanResource(db, input.personId);
	authorize(actor, 'update', resource);
	const units = person.unitId === null ? [] : await ancestorIds(db, person.unitId);
	const workplacePlan = await planCovering(db, units, input.periodStart);
	const id = await db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('individualPlans')
			.values({
				personId: person.id,
				workplacePlanId: workplacePlan?.id ?? null,
				periodStart: input.periodStart,
				periodEnd: input.periodEnd,
				createdBy: actor.personId,
				updatedAt: nowIso()
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			programmeId: resource.programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'individualPlan',
			entityId: row.id,
			after: row
		});
		return row.id;
	});
	return getIndividualPlan(db, actor, id);
}

/**
 * The linking rule: an individual goal may only serve a goal of a workplace plan of the
 * person's unit or a unit above it, and — once the individual plan is tied to a workplace
 * plan — only a goal of that plan. Returns the workplace plan id to tie the plan to.
 */
async function checkLink(
	db: Db,
	plan: IndividualPlanRow,
	personUnitId: number | null,
	workplaceGoalId: number
): Promise<number> {
	const goal = await db
		.selectFrom('workplaceGoals as g')
		.innerJoin('workplacePlans as p', 'p.id', 'g.workplacePlanId')
		.select(['g.id', 'p.id as planId', 'p.unitId'])
		.where('g.id', '=', workplaceGoalId)
		.executeTakeFirst();
	const units = personUnitId === null ? [] : await ancestorIds(db, personUnitId);
	if (
		!goal ||
		!units.includes(goal.unitId) ||
		(plan.workplacePlanId !== null && plan.workplacePlanId !== goal.planId)
	)
		throw new PlansRuleError('plans.error.goalNotInUnitPlan', 'workplaceGoalId');
	return goal.planId;
}

/** Adds a goal to an individual plan, linked to a workplace goal or "unlinked". */
export async function addIndividualGoal(
	db: Db,
	actor: Actor,
	planId: number,
	input: IndividualGoalInput
): Promise<IndividualPlanView> {
	const { plan, person, programmeId } = await writablePlan(db, actor, planId);
	const tieTo =
		input.workplaceGoalId === undefined
			? null
			: await checkLink(db, plan, person.unitId, input.workplaceGoalId);
	await db.transaction().execute(async (trx) => {
		const goal = await trx
			.insertInto('individualGoals')
			.values({
				individualPlanId: planId,
				text: input.text,
				workplaceGoalId: input.workplaceGoalId ?? null,
				status: input.status ?? 'open'
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await trx
			.updateTable('individualPlans')
			.set({ updatedAt: nowIso(), ...(tieTo !== null ? { workplacePlanId: tieTo } : {}) })
			.where('id', '=', planId)
			.execute();
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'individualPlan',
			entityId: planId,
			after: { addedGoal: goal }
		});
	});
	return getIndividualPlan(db, actor, planId);
}

/** Changes an individual goal's text, link (null = unlink) or status. */
export async function updateIndividualGoal(
	db: Db,
	actor: Actor,
	goalId: number,
	input: { text?: string; workplaceGoalId?: number | null; status?: GoalStatus }
): Promise<IndividualPlanView> {
	const goal = await db.selectFrom('individualGoals').selectAll().where('id', '=', goalId).executeTakeFirst();
	if (!goal) throw new AccessDeniedError();
	const { plan, person, programmeId } = await writablePlan(db, actor, goal.individualPlanId);
	const changes = {
		...(input.text !== undefined ? { text: input.text } : {}),
		...(input.workplaceGoalId !== undefined ? { workplaceGoalId: input.workplaceGoalId } : {}),
		...(input.status !== undefined ? { status: input.status } : {})
	};
	// Nothing to change is refused, not an `UPDATE … SET` without columns.
	requireChanges(changes);
	const tieTo =
		input.workplaceGoalId === undefined || input.workplaceGoalId === null
			? null
			: await checkLink(db, plan, person.unitId, input.workplaceGoalId);
	await db.transaction().execute(async (trx) => {
		const row = await trx
			.updateTable('individualGoals')
			.set(changes)
			.where('id', '=', goalId)
			.returningAll()
			.executeTakeFirstOrThrow();
		await trx
			.updateTable('individualPlans')
			.set({ updatedAt: nowIso(), ...(tieTo !== null ? { workplacePlanId: tieTo } : {}) })
			.where('id', '=', plan.id)
			.execute();
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'individualPlan',
			entityId: plan.id,
			before: { goal },
			after: { goal: row }
		});
	});
	return getIndividualPlan(db, actor, plan.id);
}

/** Adds a planned activity (a catalogue session, an activity, or a described local activity). */
export async function addPlannedActivity(
	db: Db,
	actor: Actor,
	planId: number,
	input: PlannedActivityInput
): Promise<IndividualPlanView> {
	const { programmeId } = await writablePlan(db, actor, planId);
	if (input.individualGoalId !== undefined) {
		const ok = await db
			.selectFrom('individualGoals')
			.select('id')
			.where('id', '=', input.individualGoalId)
			.where('individualPlanId', '=', planId)
			.executeTakeFirst();
		if (!ok) throw new PlansRuleError('error.unknownId', 'individualGoalId');
	}
	let activityId = input.activityId ?? null;
	if (input.sessionId !== undefined) {
		const s = await db
			.selectFrom('sessions as s')
			.innerJoin('activities as a', 'a.id', 's.activityId')
			.select(['s.id', 'a.id as activityId'])
			.where('s.id', '=', input.sessionId)
			.where('a.programmeId', '=', programmeId)
			.executeTakeFirst();
		if (!s) throw new PlansRuleError('error.unknownId', 'sessionId');
		activityId ??= s.activityId;
		if (activityId !== s.activityId)
			throw new PlansRuleError('plans.error.sessionActivityMismatch', 'activityId');
	}
	if (activityId !== null) {
		const a = await db
			.selectFrom('activities')
			.select('id')
			.where('id', '=', activityId)
			.where('programmeId', '=', programmeId)
			.executeTakeFirst();
		if (!a) throw new PlansRuleError('error.unknownId', 'activityId');
	}
	await db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('plannedActivities')
			.values({
				individualPlanId: planId,
				individualGoalId: input.individualGoalId ?? null,
				sessionId: input.sessionId ?? null,
				activityId,
				description: input.description || null,
				status: input.status ?? 'planned'
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await trx.updateTable('individualPlans').set({ updatedAt: nowIso() }).where('id', '=', planId).execute();
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'individualPlan',
			entityId: planId,
			after: { addedActivity: row }
		});
	});
	return getIndividualPlan(db, actor, planId);
}

/** Marks a planned activity planned, done or dropped. */
export async function setPlannedActivityStatus(
	db: Db,
	actor: Actor,
	plannedActivityId: number,
	status: PlannedActivityStatus
): Promise<IndividualPlanView> {
	const row = await db
		.selectFrom('plannedActivities')
		.selectAll()
		.where('id', '=', plannedActivityId)
		.executeTakeFirst();
	if (!row) throw new AccessDeniedError();
	const { programmeId } = await writablePlan(db, actor, row.individualPlanId);
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('plannedActivities').set({ status }).where('id', '=', plannedActivityId).execute();
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'individualPlan',
			entityId: row.individualPlanId,
			before: { activity: row },
			after: { activity: { ...row, status } }
		});
	});
	return getIndividualPlan(db, actor, row.individualPlanId);
}

// ---------------------------------------------------------------- development dialogues

/** Records a development dialogue with a person (their manager or the office). */
export async function addDialogue(
	db: Db,
	actor: Actor,
	personId: number,
	input: DialogueInput
): Promise<DialogueView> {
	const { resource } = await personalPlanResource(db, personId);
	authorize(actor, 'manage', resource);
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('developmentDialogues')
			.values({
				personId,
				managerId: actor.personId,
				heldOn: input.heldOn,
				notes: input.notes || null,
				agreedGoals: input.agreedGoals || null,
				updatedAt: nowIso()
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			programmeId: resource.programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'developmentDialogue',
			entityId: row.id,
			after: row
		});
		return {
			id: row.id,
			personId,
			managerId: actor.personId,
			managerName: actor.name,
			heldOn: row.heldOn,
			notes: row.notes,
			agreedGoals: row.agreedGoals,
			createdAt: row.createdAt
		};
	});
}

// ---------------------------------------------------------------- for other modules

export interface PersonPlanGoal {
	goalId: number;
	individualPlanId: number;
	text: string;
	/** Null: unlinked. */
	workplaceGoalId: number | null;
	status: GoalStatus;
	periodStart: string;
	periodEnd: string;
}

/**
 * Individual goals per person (no permission check: callers authorise the people first),
 * for process coverage. By default goals of plans whose period covers today; `on: null`
 * gives goals of every plan. Dropped goals are left out. People without goals map to [].
 */
export async function personPlanGoals(
	db: Db,
	personIds: readonly number[],
	options: { on?: string | null } = {}
): Promise<Map<number, PersonPlanGoal[]>> {
	const out = new Map<number, PersonPlanGoal[]>(personIds.map((id) => [id, []]));
	const ids = [...new Set(personIds)];
	const on = options.on === undefined ? today() : options.on;
	for (let i = 0; i < ids.length; i += 500) {
		let q = db
			.selectFrom('individualGoals as g')
			.innerJoin('individualPlans as p', 'p.id', 'g.individualPlanId')
			.select([
				'p.personId',
				'g.id as goalId',
				'g.individualPlanId',
				'g.text',
				'g.workplaceGoalId',
				'g.status',
				'p.periodStart',
				'p.periodEnd'
			])
			.where('p.personId', 'in', ids.slice(i, i + 500))
			.where('g.status', '!=', 'dropped');
		if (on !== null) q = q.where('p.periodStart', '<=', on).where('p.periodEnd', '>=', on);
		for (const { personId, ...goal } of await q.orderBy('g.id').execute()) out.get(personId)?.push(goal);
	}
	return out;
}

export interface UnitPlanOverview {
	unit: { id: number; name: string; programmeId: number };
	/** The day the overview is for (today by default). */
	on: string;
	/** The unit's workplace plan covering that day, if any. */
	workplacePlan: WorkplacePlanView | null;
	people: {
		personId: number;
		name: string;
		unitId: number | null;
		/** The individual plan covering the day, if any. */
		planId: number | null;
		goals: number;
		unlinkedGoals: { id: number; text: string }[];
		activitiesPlanned: number;
		activitiesDone: number;
	}[];
	totals: {
		people: number;
		withPlan: number;
		goals: number;
		unlinkedGoals: number;
		activitiesPlanned: number;
		activitiesDone: number;
	};
}

/**
 * The manager's view of a unit (and the teams below it) for the current period: who has a
 * plan, which goals are unlinked, how many planned activities are done. Manager or office only.
 */
export async function unitPlanOverview(
	db: Db,
	actor: Actor,
	unitId: number,
	options: { on?: string } = {}
): Promise<UnitPlanOverview> {
	const { unit, resource } = await workplaceResource(db, actor, unitId);
	authorize(actor, 'manage', resource);
	const on = options.on ?? today();
	const units = await descendantUnitIds(db, [unitId]);
	const [people, ownPlan] = await Promise.all([
		peopleInUnits(db, [...units]),
		planCovering(db, await ancestorIds(db, unitId), on)
	]);
	const plans = (
		await findIndividualPlans(
			db,
			people.map((p) => p.id)
		)
	).filter((p) => p.periodStart <= on && p.periodEnd >= on);
	const views = await presentIndividualPlans(db, plans);
	const byPerson = new Map<number, IndividualPlanView>();
	// Newest first from the query: keep the first covering plan per person.
	for (const v of views) if (!byPerson.has(v.personId)) byPerson.set(v.personId, v);
	const rows = people.map((p) => {
		const plan = byPerson.get(p.id);
		const goals = plan?.goals.filter((g) => g.status !== 'dropped') ?? [];
		const acts = plan?.activities.filter((a) => a.status !== 'dropped') ?? [];
		return {
			personId: p.id,
			name: p.name,
			unitId: p.unitId,
			planId: plan?.id ?? null,
			goals: goals.length,
			unlinkedGoals: goals.filter((g) => g.workplaceGoalId === null).map((g) => ({ id: g.id, text: g.text })),
			activitiesPlanned: acts.length,
			activitiesDone: acts.filter((a) => a.status === 'done').length
		};
	});
	const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
	return {
		unit: { id: unit.id, name: unit.name, programmeId: unit.programmeId },
		on,
		workplacePlan: ownPlan ? ((await presentWorkplacePlans(db, [ownPlan]))[0] ?? null) : null,
		people: rows,
		totals: {
			people: rows.length,
			withPlan: sum((r) => (r.planId === null ? 0 : 1)),
			goals: sum((r) => r.goals),
			unlinkedGoals: sum((r) => r.unlinkedGoals.length),
			activitiesPlanned: sum((r) => r.activitiesPlanned),
			activitiesDone: sum((r) => r.activitiesDone)
		}
	};
}
