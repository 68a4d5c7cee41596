import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { PLANNED_ACTIVITY_STATUSES } from '#lib/server/db/schema.ts';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { fields } from '#lib/server/core/validation.ts';
import { plannableSessions } from '#lib/server/catalogue/catalogue.service.ts';
import { pageId, planFormAction } from '#lib/server/web/plans.forms.ts';
import {
	dialogueSchema,
	individualGoalSchema,
	individualPlanSchema,
	plannedActivitySchema
} from '#lib/server/plans/plans.schema.ts';
import {
	addDialogue,
	addIndividualGoal,
	addPlannedActivity,
	createIndividualPlan,
	getPersonPlans,
	setPlannedActivityStatus,
	updateIndividualGoal
} from '#lib/server/plans/plans.service.ts';

const NOTICES = {
	created: 'plans.person.created',
	goalAdded: 'plans.person.goalAdded',
	goalUpdated: 'plans.person.goalUpdated',
	activityAdded: 'plans.person.activityAdded',
	activityUpdated: 'plans.person.activityUpdated',
	dialogue: 'plans.dialogue.added'
} as const;

/** Sessions of the programme to plan for: upcoming and recent ones, by start. */
function sessionOptions(programmeId: number) {
	return plannableSessions(getDb(), programmeId, new Date(Date.now() - 180 * 86_400_000).toISOString());
}

/** A person's individual plans, goals linked to the workplace plan, planned activities and dialogues. */
export const load: PageServerLoad = async (event) => {
	const actor = requirePageActor(event.locals, event.url);
	const personId = pageId(event, 'personId');
	const view = await orNotFound(event.locals.locale, () => getPersonPlans(getDb(), actor, personId));
	const notice = event.url.searchParams.get('notice');
	return {
		...view,
		self: personId === actor.personId,
		sessions: view.canUpdate ? await sessionOptions(view.programmeId) : [],
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null
	};
};

const planId = { planId: fields.id() };

export const actions: Actions = {
	create: (event) =>
		planFormAction(
			event,
			'create',
			individualPlanSchema,
			({ db, actor, data }) =>
				createIndividualPlan(db, actor, { ...data, personId: pageId(event, 'personId') }),
			'created'
		),
	addGoal: (event) =>
		planFormAction(
			event,
			'goal',
			individualGoalSchema.extend(planId),
			({ db, actor, data: { planId, ...goal } }) => addIndividualGoal(db, actor, planId, goal),
			'goalAdded'
		),
	link: (event) =>
		planFormAction(
			event,
			'link',
			z.object({
				goalId: fields.id(),
				workplaceGoalId: z.preprocess((v) => (v === undefined || v === '' ? null : v), fields.id().nullable())
			}),
			({ db, actor, data }) =>
				updateIndividualGoal(db, actor, data.goalId, { workplaceGoalId: data.workplaceGoalId }),
			'goalUpdated'
		),
	addActivity: (event) =>
		planFormAction(
			event,
			'activity',
			plannedActivitySchema.safeExtend(planId),
			({ db, actor, data: { planId, ...activity } }) => addPlannedActivity(db, actor, planId, activity),
			'activityAdded'
		),
	activityStatus: (event) =>
		planFormAction(
			event,
			'activityStatus',
			z.object({ id: fields.id(), status: z.enum(PLANNED_ACTIVITY_STATUSES) }),
			({ db, actor, data }) => setPlannedActivityStatus(db, actor, data.id, data.status),
			'activityUpdated'
		),
	dialogue: (event) =>
		planFormAction(
			event,
			'dialogue',
			dialogueSchema,
			({ db, actor, data }) => addDialogue(db, actor, pageId(event, 'personId'), data),
			'dialogue'
		)
};
