import type { Db } from '../db/database.ts';
import type { GoalStatus, PlannedActivityStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
	activityIdsInProgramme,
	activityTitles,
	findSessionInProgramme,
	findTrack,
	sessionStarts,
	trackNames
} from '../catalogue/catalogue.service.ts';
import { attendedPairs, attendedQuery } from '../registrations/registrations.service.ts';
import { descendantUnitIds, unitAncestry } from '../organisation/organisation.service.ts';
import { activePeopleInUnitsQuery, personNames } from '../people/people.service.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { personalPlanResource, workplaceResource } from './plans.access.ts';
import { PlansRuleError } from './plans.errors.ts';
import {
	appendWorkplaceGoal,
	findDialogues,
	findIndividualGoalRow,
	findIndividualGoals,
	findIndividualPlan,
	findIndividualPlans,
	findPlannedActivities,
	findPlannedActivityRow,
	findWorkplaceGoalPlan,
	findWorkplaceGoals,
	findWorkplacePlan,
	findWorkplacePlans,
	goalInPlan,
	insertDialogue,
	insertIndividualGoal,
	insertIndividualPlan,
	insertPlannedActivity,
	insertWorkplacePlan,
	overviewPage,
	overviewTotals,
	planCovering,
	setPlannedActivityStatusRow,
	touchIndividualPlan,
	updateIndividualGoalRow
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

/** The unit and its ancestors, nearest first. */
async function ancestorIds(db: Db, unitId: number): Promise<number[]> {
	return (await unitAncestry(db, unitId)).map((u) => u.id).reverse();
}

/** Is the track one of the programme's? */
export async function trackInProgramme(db: Db, programmeId: number, trackId: number): Promise<boolean> {
	return (await findTrack(db, trackId))?.programmeId === programmeId;
}

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
	const tracks = await trackNames(
		db,
		goals.map((g) => g.trackId)
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
				trackName: g.trackId === null ? null : (tracks.get(g.trackId) ?? null),
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
	const sessionIds = activities.map((a) => a.sessionId);
	const [sessions, titles, attendance] = await Promise.all([
		sessionStarts(db, sessionIds),
		activityTitles(
			db,
			activities.map((a) => a.activityId)
		),
		attendedPairs(
			db,
			activities.map((a) => a.personId),
			sessionIds
		)
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
				const session = a.sessionId === null ? undefined : sessions.get(a.sessionId);
				const attended = a.sessionId !== null && attendance.has(`${a.personId}:${a.sessionId}`);
				return {
					id: a.id,
					individualGoalId: a.individualGoalId,
					sessionId: a.sessionId,
					sessionStartsAt: session?.startsAt ?? null,
					activityId: a.activityId ?? null,
					title:
						session?.activityTitle ?? (a.activityId === null ? undefined : titles.get(a.activityId)) ?? null,
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
		const row = await insertWorkplacePlan(trx, {
			programmeId: unit.programmeId,
			unitId: unit.id,
			title: input.title,
			periodStart: input.periodStart,
			periodEnd: input.periodEnd,
			focusAreas: input.focusAreas || null,
			createdBy: actor.personId,
			updatedAt: nowIso()
		});
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
		const goal = await appendWorkplaceGoal(trx, {
			workplacePlanId: planId,
			text: input.text,
			trackId: input.trackId ?? null
		});
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
	const dialogueRows = await findDialogues(db, personId);
	const managers = await personNames(
		db,
		dialogueRows.map((d) => d.managerId)
	);
	const dialogues: DialogueView[] = dialogueRows.map((d) => ({
		id: d.id,
		personId: d.personId,
		managerId: d.managerId,
		managerName: d.managerId === null ? null : (managers.get(d.managerId) ?? null),
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
		const row = await insertIndividualPlan(trx, {
			personId: person.id,
			workplacePlanId: workplacePlan?.id ?? null,
			periodStart: input.periodStart,
			periodEnd: input.periodEnd,
			createdBy: actor.personId,
			updatedAt: nowIso()
		});
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
	const goal = await findWorkplaceGoalPlan(db, workplaceGoalId);
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
		const goal = await insertIndividualGoal(trx, {
			individualPlanId: planId,
			text: input.text,
			workplaceGoalId: input.workplaceGoalId ?? null,
			status: input.status ?? 'open'
		});
		await touchIndividualPlan(trx, planId, tieTo);
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
	const goal = await findIndividualGoalRow(db, goalId);
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
		const row = await updateIndividualGoalRow(trx, goalId, changes);
		await touchIndividualPlan(trx, plan.id, tieTo);
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
		if (!(await goalInPlan(db, input.individualGoalId, planId)))
			throw new PlansRuleError('error.unknownId', 'individualGoalId');
	}
	let activityId = input.activityId ?? null;
	if (input.sessionId !== undefined) {
		const s = await findSessionInProgramme(db, programmeId, input.sessionId);
		if (!s) throw new PlansRuleError('error.unknownId', 'sessionId');
		activityId ??= s.activityId;
		if (activityId !== s.activityId)
			throw new PlansRuleError('plans.error.sessionActivityMismatch', 'activityId');
	}
	if (activityId !== null) {
		if ((await activityIdsInProgramme(db, programmeId, [activityId])).length === 0)
			throw new PlansRuleError('error.unknownId', 'activityId');
	}
	await db.transaction().execute(async (trx) => {
		const row = await insertPlannedActivity(trx, {
			individualPlanId: planId,
			individualGoalId: input.individualGoalId ?? null,
			sessionId: input.sessionId ?? null,
			activityId,
			description: input.description || null,
			status: input.status ?? 'planned'
		});
		await touchIndividualPlan(trx, planId);
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
	const row = await findPlannedActivityRow(db, plannedActivityId);
	if (!row) throw new AccessDeniedError();
	const { programmeId } = await writablePlan(db, actor, row.individualPlanId);
	await db.transaction().execute(async (trx) => {
		await setPlannedActivityStatusRow(trx, plannedActivityId, status);
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
		const row = await insertDialogue(trx, {
			personId,
			managerId: actor.personId,
			heldOn: input.heldOn,
			notes: input.notes || null,
			agreedGoals: input.agreedGoals || null,
			updatedAt: nowIso()
		});
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

/** People per page of the unit overview. */
export const OVERVIEW_PAGE_SIZE = 50;

export interface UnitPlanOverview {
	unit: { id: number; name: string; programmeId: number };
	/** The day the overview is for (today by default). */
	on: string;
	/** The unit's workplace plan covering that day, if any. */
	workplacePlan: WorkplacePlanView | null;
	/** One page of the people, by name (`page`, `pageSize`; `totals.people` in all). */
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
	page: number;
	pageSize: number;
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
	options: { on?: string; page?: number; pageSize?: number } = {}
): Promise<UnitPlanOverview> {
	const { unit, resource } = await workplaceResource(db, actor, unitId);
	authorize(actor, 'manage', resource);
	const on = options.on ?? today();
	const pageSize = Math.min(Math.max(1, options.pageSize ?? OVERVIEW_PAGE_SIZE), 500);
	const page = Math.max(1, options.page ?? 1);
	const units = await descendantUnitIds(db, [unitId]);
	const src = {
		people: activePeopleInUnitsQuery(db, [...units]),
		attended: (
			personId: Parameters<typeof attendedQuery>[1],
			sessionId: Parameters<typeof attendedQuery>[2]
		) => attendedQuery(db, personId, sessionId)
	};
	const [rows, totals, ownPlan] = await Promise.all([
		overviewPage(db, src, on, { limit: pageSize, offset: (page - 1) * pageSize }),
		overviewTotals(db, src, on),
		planCovering(db, await ancestorIds(db, unitId), on)
	]);
	return {
		unit: { id: unit.id, name: unit.name, programmeId: unit.programmeId },
		on,
		workplacePlan: ownPlan ? ((await presentWorkplacePlans(db, [ownPlan]))[0] ?? null) : null,
		people: rows,
		page,
		pageSize,
		totals
	};
}

// ---- for processes

/** Plans facts for the processes module (no permission check: callers authorise first). */
export {
	goalIdsInProgramme,
	needIdsInProgramme,
	needOptions,
	needsByIds,
	linkedWorkplaceGoalsQuery,
	plansCoveringQuery,
	workplaceGoalOptions,
	workplaceGoalsByIds
} from './plans.repository.ts';

// ---- for logbook

/** A person's plan goals, for the logbook (no permission check: the caller is that person). */
export { goalsOfPerson, isGoalOfPerson } from './plans.repository.ts';

// ---- for goals (issue 12)

/** Individual plans linked to the workplace plan, as a subquery on an outer person id (no permission check). */
export { linkedPlansQuery } from './plans.repository.ts';
