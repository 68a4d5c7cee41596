import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { fields } from '#lib/server/core/validation.ts';
import { pageId, planFormAction } from '#lib/server/web/plans.forms.ts';
import { listTracks } from '#lib/server/catalogue/catalogue.service.ts';
import { workplaceGoalSchema, workplacePlanSchema } from '#lib/server/plans/plans.schema.ts';
import {
	addWorkplaceGoal,
	createWorkplacePlan,
	listWorkplacePlans,
	unitPlanOverview
} from '#lib/server/plans/plans.service.ts';

const NOTICES = { created: 'plans.plan.created', goalAdded: 'plans.plan.goalAdded' } as const;

/** A unit's workplace plans and, for its manager and the office, the overview of individual plans. */
export const load: PageServerLoad = async (event) => {
	const actor = requirePageActor(event.locals, event.url);
	const unitId = pageId(event, 'unitId');
	const db = getDb();
	const view = await orNotFound(event.locals.locale, () => listWorkplacePlans(db, actor, unitId));
	const page = Math.min(idParam(event.url.searchParams.get('page')) ?? 1, 1_000_000);
	const [overview, tracks] = view.canManage
		? await Promise.all([
				unitPlanOverview(db, actor, unitId, { page }),
				listTracks(db, view.unit.programmeId)
			])
		: [null, []];
	const notice = event.url.searchParams.get('notice');
	return {
		...view,
		overview,
		tracks,
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null
	};
};

export const actions: Actions = {
	create: (event) =>
		planFormAction(
			event,
			'create',
			workplacePlanSchema,
			({ db, actor, data }) => createWorkplacePlan(db, actor, { ...data, unitId: pageId(event, 'unitId') }),
			'created'
		),
	addGoal: (event) =>
		planFormAction(
			event,
			'goal',
			workplaceGoalSchema.extend({ planId: fields.id() }),
			({ db, actor, data: { planId, ...goal } }) => addWorkplaceGoal(db, actor, planId, goal),
			'goalAdded'
		)
};
