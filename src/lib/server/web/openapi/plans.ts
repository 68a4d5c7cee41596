import { z } from 'zod';
import { GOAL_STATUSES, NEED_STATUSES, PLANNED_ACTIVITY_STATUSES, SWOT_CATEGORIES } from '../../db/schema.ts';
import type { OpenApiFragment } from '../openapi.ts';
import { created, dataOf, idParam, noContent, ok, operations, queryParams } from './common.ts';
import {
	dialogueBody,
	individualGoalBody,
	individualGoalPatchBody,
	individualPlanBody,
	needApiQuery,
	needBody,
	needDecisionBody,
	overviewApiQuery,
	plannedActivityBody,
	plannedActivityPatchBody,
	swotApiQuery,
	swotItemBody,
	swotMoveBody,
	swotReorderBody,
	workplaceGoalBody,
	workplacePlanBody
} from '../plans.http.ts';
import { swotUpdateSchema } from '../../plans/plans.schema.ts';

/** `/api/v1/swot`, `/api/v1/needs` and `/api/v1/plans` for the OpenAPI document. */

const int = () => z.number().int();
const swotItem = z.object({
	id: int(),
	unitId: int().nullable(),
	category: z.enum(SWOT_CATEGORIES),
	text: z.string(),
	theme: z.string().nullable(),
	priority: int().describe('Order within the category, 0 first (set by the manager)'),
	authorId: int().nullable(),
	authorName: z.string().nullable(),
	createdAt: z.string(),
	updatedAt: z.string()
});
const swotBoard = z.object({
	programmeId: int(),
	unitId: int().nullable(),
	unitName: z.string().nullable(),
	canContribute: z.boolean(),
	canManage: z.boolean(),
	categories: z.array(
		z.object({
			category: z.enum(SWOT_CATEGORIES),
			items: z.array(swotItem),
			themes: z.array(z.object({ theme: z.string().nullable(), items: z.array(swotItem) }))
		})
	)
});
const swotTheme = z.object({
	theme: z.string(),
	counts: z.object({ strength: int(), weakness: int(), opportunity: int(), threat: int() }),
	total: int(),
	units: z.array(z.object({ id: int(), name: z.string(), count: int() }))
});
const swotThemes = z.object({
	recurring: z.array(swotTheme).describe('Themes raised in two or more workplaces'),
	single: z.array(swotTheme)
});
const need = z.object({
	id: int(),
	programmeId: int(),
	unitId: int().nullable(),
	unitName: z.string().nullable(),
	authorId: int().nullable(),
	authorName: z.string().nullable(),
	title: z.string(),
	description: z.string().nullable(),
	trackId: int().nullable(),
	trackName: z.string().nullable(),
	suggestedForm: z.string().nullable(),
	status: z.enum(NEED_STATUSES),
	declineReason: z.string().nullable(),
	priority: int().nullable(),
	voteCount: int(),
	votedByMe: z.boolean(),
	activities: z.array(z.object({ id: int(), title: z.string() })),
	createdAt: z.string(),
	updatedAt: z.string()
});
const workplacePlan = z.object({
	id: int(),
	programmeId: int(),
	unitId: int(),
	title: z.string(),
	periodStart: z.string(),
	periodEnd: z.string(),
	focusAreas: z.string().nullable(),
	goals: z.array(
		z.object({
			id: int(),
			text: z.string(),
			trackId: int().nullable(),
			trackName: z.string().nullable(),
			sortOrder: int()
		})
	),
	createdAt: z.string(),
	updatedAt: z.string()
});
const individualPlan = z.object({
	id: int(),
	personId: int(),
	workplacePlanId: int().nullable(),
	periodStart: z.string(),
	periodEnd: z.string(),
	goals: z.array(
		z.object({
			id: int(),
			text: z.string(),
			workplaceGoalId: int().nullable().describe('Null: unlinked'),
			workplaceGoalText: z.string().nullable(),
			status: z.enum(GOAL_STATUSES)
		})
	),
	activities: z.array(
		z.object({
			id: int(),
			individualGoalId: int().nullable(),
			sessionId: int().nullable(),
			sessionStartsAt: z.string().nullable(),
			activityId: int().nullable(),
			title: z.string().nullable(),
			description: z.string().nullable(),
			status: z
				.enum(PLANNED_ACTIVITY_STATUSES)
				.describe('"done" also when the person attended the linked session'),
			attended: z.boolean()
		})
	),
	createdAt: z.string(),
	updatedAt: z.string()
});
const dialogue = z.object({
	id: int(),
	personId: int(),
	managerId: int().nullable(),
	managerName: z.string().nullable(),
	heldOn: z.string(),
	notes: z.string().nullable(),
	agreedGoals: z.string().nullable(),
	createdAt: z.string()
});
const personPlans = z.object({
	personId: int(),
	data: z.array(individualPlan),
	dialogues: z.array(dialogue)
});
const overview = z.object({
	unit: z.object({ id: int(), name: z.string(), programmeId: int() }),
	on: z.string(),
	workplacePlan: workplacePlan.nullable(),
	people: z
		.array(
			z.object({
				personId: int(),
				name: z.string(),
				unitId: int().nullable(),
				planId: int().nullable(),
				goals: int(),
				unlinkedGoals: z.array(z.object({ id: int(), text: z.string() })),
				activitiesPlanned: int(),
				activitiesDone: int()
			})
		)
		.describe('One page of the people, by name; `totals.people` counts them all'),
	page: int(),
	pageSize: int(),
	totals: z.object({
		people: int(),
		withPlan: int(),
		goals: int(),
		unlinkedGoals: int(),
		activitiesPlanned: int(),
		activitiesDone: int()
	})
});

/** Every plans operation may answer any of these errors. */
const errors = [400, 401, 404, 409, 422];
const swot = operations('SWOT');
const needs = operations('Needs');
const plans = operations('Plans');

export const plansOpenApi: OpenApiFragment = {
	paths: {
		'/swot': {
			get: swot({
				summary: 'A workplace SWOT board (`unitId`) or the programme board',
				parameters: queryParams(swotApiQuery),
				responses: ok('The board', 'SwotBoard'),
				errors
			}),
			post: swot({
				summary: 'Add an item (workplace members and manager; programme board: office)',
				body: 'SwotItemInput',
				responses: created('The item', 'SwotItem'),
				errors
			})
		},
		'/swot/themes': {
			get: swot({
				summary: 'Themes that recur across workplaces, counts per category',
				responses: ok('Themes', 'SwotThemes'),
				errors
			})
		},
		'/swot/order': {
			put: swot({
				summary: 'Order a whole category (manager or office)',
				body: 'SwotReorder',
				responses: ok('The board', 'SwotBoard'),
				errors
			})
		},
		'/swot/{id}': {
			parameters: [idParam('SWOT item id')],
			patch: swot({
				summary: "Edit an item's text or theme (author or manager)",
				body: 'SwotUpdate',
				responses: ok('The item', 'SwotItem'),
				errors
			}),
			delete: swot({ summary: 'Remove (archive) an item', responses: noContent('Removed'), errors })
		},
		'/swot/{id}/move': {
			parameters: [idParam('SWOT item id')],
			post: swot({
				summary: 'Move an item up or down (manager or office)',
				body: 'SwotMove',
				responses: noContent('Moved'),
				errors
			})
		},
		'/needs': {
			get: needs({
				summary: 'Needs of the programme, filtered; sorted by votes by default',
				parameters: queryParams(needApiQuery),
				responses: ok('Needs', dataOf('Need')),
				errors
			}),
			post: needs({
				summary: 'Raise a need',
				body: 'NeedInput',
				responses: created('The need', 'Need'),
				errors
			})
		},
		'/needs/{id}': {
			parameters: [idParam('Need id')],
			get: needs({ summary: 'One need', responses: ok('The need', 'Need'), errors })
		},
		'/needs/{id}/vote': {
			parameters: [idParam('Need id')],
			post: needs({
				summary: 'Vote for a need (one vote per person; repeating changes nothing)',
				responses: ok('The need', 'Need'),
				errors
			}),
			delete: needs({ summary: 'Withdraw the vote', responses: ok('The need', 'Need'), errors })
		},
		'/needs/{id}/decision': {
			parameters: [idParam('Need id')],
			post: needs({
				summary: 'Decide on a need (office): status, reason when declined, track, priority, activities',
				body: 'NeedDecision',
				responses: ok('The need', 'Need'),
				errors
			})
		},
		'/plans/workplace': {
			get: plans({
				summary: "A unit's workplace plans",
				parameters: queryParams(z.object({ unitId: z.number().int().positive() })),
				responses: ok('Plans', dataOf('WorkplacePlan')),
				errors
			}),
			post: plans({
				summary: 'Create a workplace plan (manager or office)',
				body: 'WorkplacePlanInput',
				responses: created('The plan', 'WorkplacePlan'),
				errors
			})
		},
		'/plans/workplace/{id}': {
			parameters: [idParam('Workplace plan id')],
			get: plans({ summary: 'One workplace plan', responses: ok('The plan', 'WorkplacePlan'), errors })
		},
		'/plans/workplace/{id}/goals': {
			parameters: [idParam('Workplace plan id')],
			post: plans({
				summary: 'Add a goal to a workplace plan',
				body: 'WorkplaceGoalInput',
				responses: created('The plan', 'WorkplacePlan'),
				errors
			})
		},
		'/plans/overview': {
			get: plans({
				summary: "The manager's unit overview: plans, unlinked goals, activities done",
				parameters: queryParams(overviewApiQuery),
				responses: ok('Overview', 'UnitPlanOverview'),
				errors
			})
		},
		'/plans/individual': {
			get: plans({
				summary: "A person's individual plans and dialogues (`personId`, default self)",
				parameters: queryParams(z.object({ personId: z.number().int().positive().optional() })),
				responses: ok('Plans', 'PersonPlans'),
				errors
			}),
			post: plans({
				summary: 'Create an individual plan',
				body: 'IndividualPlanInput',
				responses: created('The plan', 'IndividualPlan'),
				errors
			})
		},
		'/plans/individual/{id}': {
			parameters: [idParam('Individual plan id')],
			get: plans({ summary: 'One individual plan', responses: ok('The plan', 'IndividualPlan'), errors })
		},
		'/plans/individual/{id}/goals': {
			parameters: [idParam('Individual plan id')],
			post: plans({
				summary: "Add a goal, linked to a goal of the unit's workplace plan or unlinked",
				body: 'IndividualGoalInput',
				responses: created('The plan', 'IndividualPlan'),
				errors
			})
		},
		'/plans/individual/{id}/activities': {
			parameters: [idParam('Individual plan id')],
			post: plans({
				summary: 'Plan an activity',
				body: 'PlannedActivityInput',
				responses: created('The plan', 'IndividualPlan'),
				errors
			})
		},
		'/plans/goals/{id}': {
			parameters: [idParam('Individual goal id')],
			patch: plans({
				summary: 'Change an individual goal (null `workplaceGoalId` unlinks)',
				body: 'IndividualGoalPatch',
				responses: ok('The plan', 'IndividualPlan'),
				errors
			})
		},
		'/plans/activities/{id}': {
			parameters: [idParam('Planned activity id')],
			patch: plans({
				summary: "Set a planned activity's status",
				body: 'PlannedActivityPatch',
				responses: ok('The plan', 'IndividualPlan'),
				errors
			})
		},
		'/plans/dialogues': {
			post: plans({
				summary: 'Record a development dialogue (manager or office)',
				body: 'DialogueInput',
				responses: created('The dialogue', 'Dialogue'),
				errors
			})
		}
	},
	schemas: {
		SwotItem: swotItem,
		SwotBoard: swotBoard,
		SwotThemes: swotThemes,
		SwotItemInput: swotItemBody,
		SwotUpdate: swotUpdateSchema,
		SwotMove: swotMoveBody,
		SwotReorder: swotReorderBody,
		Need: need,
		NeedInput: needBody,
		NeedDecision: needDecisionBody,
		WorkplacePlan: workplacePlan,
		WorkplacePlanInput: workplacePlanBody,
		WorkplaceGoalInput: workplaceGoalBody,
		IndividualPlan: individualPlan,
		IndividualPlanInput: individualPlanBody,
		IndividualGoalInput: individualGoalBody,
		IndividualGoalPatch: individualGoalPatchBody,
		PlannedActivityInput: plannedActivityBody,
		PlannedActivityPatch: plannedActivityPatchBody,
		Dialogue: dialogue,
		DialogueInput: dialogueBody,
		PersonPlans: personPlans,
		UnitPlanOverview: overview
	}
};
