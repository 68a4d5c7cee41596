import { z } from 'zod';
import { GOAL_STATUSES, NEED_STATUSES, PLANNED_ACTIVITY_STATUSES, SWOT_CATEGORIES } from '../../db/schema.ts';
import { errorResponses, jsonSchema, type OpenApiFragment } from '../openapi.ts';
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
	people: z.array(
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
	),
	totals: z.object({
		people: int(),
		withPlan: int(),
		goals: int(),
		unlinkedGoals: int(),
		activitiesPlanned: int(),
		activitiesDone: int()
	})
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const content = (name: string) => ({ 'application/json': { schema: ref(name) } });
const listOf = (name: string) => ({
	'application/json': {
		schema: { type: 'object', properties: { data: { type: 'array', items: ref(name) } } }
	}
});
const body = (name: string) => ({ requestBody: { required: true, content: content(name) } });
const idParam = (description: string) => ({
	name: 'id',
	in: 'path',
	required: true,
	description,
	schema: { type: 'integer', minimum: 1 }
});
function query(schema: z.ZodType) {
	const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
	return Object.entries(js.properties ?? {}).map(([name, s]) => ({
		name,
		in: 'query',
		required: js.required?.includes(name) ?? false,
		schema: s
	}));
}
const ok = (description: string, c: unknown, status = '200') => ({ [status]: { description, content: c } });
const op = (
	tag: string,
	summary: string,
	responses: Record<string, unknown>,
	extra: Record<string, unknown> = {},
	errors = [400, 401, 404, 409, 422]
) => ({ tags: [tag], summary, ...extra, responses: { ...responses, ...errorResponses(...errors) } });

export const plansOpenApi: OpenApiFragment = {
	paths: {
		'/swot': {
			get: op(
				'SWOT',
				'A workplace SWOT board (`unitId`) or the programme board',
				ok('The board', content('SwotBoard')),
				{
					parameters: query(swotApiQuery)
				}
			),
			post: op(
				'SWOT',
				'Add an item (workplace members and manager; programme board: office)',
				ok('The item', content('SwotItem'), '201'),
				body('SwotItemInput')
			)
		},
		'/swot/themes': {
			get: op(
				'SWOT',
				'Themes that recur across workplaces, counts per category',
				ok('Themes', content('SwotThemes'))
			)
		},
		'/swot/order': {
			put: op(
				'SWOT',
				'Order a whole category (manager or office)',
				ok('The board', content('SwotBoard')),
				body('SwotReorder')
			)
		},
		'/swot/{id}': {
			parameters: [idParam('SWOT item id')],
			patch: op(
				'SWOT',
				"Edit an item's text or theme (author or manager)",
				ok('The item', content('SwotItem')),
				body('SwotUpdate')
			),
			delete: op('SWOT', 'Remove (archive) an item', { '204': { description: 'Removed' } })
		},
		'/swot/{id}/move': {
			parameters: [idParam('SWOT item id')],
			post: op(
				'SWOT',
				'Move an item up or down (manager or office)',
				{ '204': { description: 'Moved' } },
				body('SwotMove')
			)
		},
		'/needs': {
			get: op(
				'Needs',
				'Needs of the programme, filtered; sorted by votes by default',
				ok('Needs', listOf('Need')),
				{
					parameters: query(needApiQuery)
				}
			),
			post: op('Needs', 'Raise a need', ok('The need', content('Need'), '201'), body('NeedInput'))
		},
		'/needs/{id}': {
			parameters: [idParam('Need id')],
			get: op('Needs', 'One need', ok('The need', content('Need')))
		},
		'/needs/{id}/vote': {
			parameters: [idParam('Need id')],
			post: op(
				'Needs',
				'Vote for a need (one vote per person; repeating changes nothing)',
				ok('The need', content('Need'))
			),
			delete: op('Needs', 'Withdraw the vote', ok('The need', content('Need')))
		},
		'/needs/{id}/decision': {
			parameters: [idParam('Need id')],
			post: op(
				'Needs',
				'Decide on a need (office): status, reason when declined, track, priority, activities',
				ok('The need', content('Need')),
				body('NeedDecision')
			)
		},
		'/plans/workplace': {
			get: op('Plans', "A unit's workplace plans", ok('Plans', listOf('WorkplacePlan')), {
				parameters: query(z.object({ unitId: z.number().int().positive() }))
			}),
			post: op(
				'Plans',
				'Create a workplace plan (manager or office)',
				ok('The plan', content('WorkplacePlan'), '201'),
				body('WorkplacePlanInput')
			)
		},
		'/plans/workplace/{id}': {
			parameters: [idParam('Workplace plan id')],
			get: op('Plans', 'One workplace plan', ok('The plan', content('WorkplacePlan')))
		},
		'/plans/workplace/{id}/goals': {
			parameters: [idParam('Workplace plan id')],
			post: op(
				'Plans',
				'Add a goal to a workplace plan',
				ok('The plan', content('WorkplacePlan'), '201'),
				body('WorkplaceGoalInput')
			)
		},
		'/plans/overview': {
			get: op(
				'Plans',
				"The manager's unit overview: plans, unlinked goals, activities done",
				ok('Overview', content('UnitPlanOverview')),
				{
					parameters: query(overviewApiQuery)
				}
			)
		},
		'/plans/individual': {
			get: op(
				'Plans',
				"A person's individual plans and dialogues (`personId`, default self)",
				ok('Plans', content('PersonPlans')),
				{
					parameters: query(z.object({ personId: z.number().int().positive().optional() }))
				}
			),
			post: op(
				'Plans',
				'Create an individual plan',
				ok('The plan', content('IndividualPlan'), '201'),
				body('IndividualPlanInput')
			)
		},
		'/plans/individual/{id}': {
			parameters: [idParam('Individual plan id')],
			get: op('Plans', 'One individual plan', ok('The plan', content('IndividualPlan')))
		},
		'/plans/individual/{id}/goals': {
			parameters: [idParam('Individual plan id')],
			post: op(
				'Plans',
				"Add a goal, linked to a goal of the unit's workplace plan or unlinked",
				ok('The plan', content('IndividualPlan'), '201'),
				body('IndividualGoalInput')
			)
		},
		'/plans/individual/{id}/activities': {
			parameters: [idParam('Individual plan id')],
			post: op(
				'Plans',
				'Plan an activity',
				ok('The plan', content('IndividualPlan'), '201'),
				body('PlannedActivityInput')
			)
		},
		'/plans/goals/{id}': {
			parameters: [idParam('Individual goal id')],
			patch: op(
				'Plans',
				'Change an individual goal (null `workplaceGoalId` unlinks)',
				ok('The plan', content('IndividualPlan')),
				body('IndividualGoalPatch')
			)
		},
		'/plans/activities/{id}': {
			parameters: [idParam('Planned activity id')],
			patch: op(
				'Plans',
				"Set a planned activity's status",
				ok('The plan', content('IndividualPlan')),
				body('PlannedActivityPatch')
			)
		},
		'/plans/dialogues': {
			post: op(
				'Plans',
				'Record a development dialogue (manager or office)',
				ok('The dialogue', content('Dialogue'), '201'),
				body('DialogueInput')
			)
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
