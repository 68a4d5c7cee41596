import { z } from 'zod';
import { PROCESS_STATUSES } from '../../db/schema.ts';
import { errorResponses, jsonSchema, type OpenApiFragment } from '../openapi.ts';
import { cycleFormSchema } from '../../cycle/cycle.schema.ts';
import {
	milestoneDoneSchema,
	milestoneSchema,
	participantSchema,
	processQuerySchema,
	processSchema
} from '../../processes/processes.schema.ts';

/** `/api/v1/processes`, `/api/v1/cycle/{registrationId}` and `/api/v1/dashboards/…` for the OpenAPI document. */

const milestone = z.object({
	id: z.number().int(),
	title: z.string(),
	dueOn: z.string().nullable(),
	doneAt: z.string().nullable()
});
const participant = z.object({
	personId: z.number().int(),
	name: z.string(),
	role: z.enum(['member', 'lead'])
});

const processOutput = z.object({
	id: z.number().int(),
	programmeId: z.number().int(),
	unitId: z.number().int(),
	unitName: z.string(),
	trackId: z.number().int().nullable(),
	trackName: z.string().nullable(),
	title: z.string(),
	description: z.string().nullable(),
	questions: z.string().nullable(),
	status: z.enum(PROCESS_STATUSES),
	results: z.string().nullable(),
	lessons: z.string().nullable(),
	startsOn: z.string().nullable(),
	endsOn: z.string().nullable(),
	participants: z.array(participant),
	sessions: z.array(z.object({ id: z.number().int(), title: z.string(), startsAt: z.string() })),
	needs: z.array(z.object({ id: z.number().int(), title: z.string(), status: z.string() })),
	goals: z.array(z.object({ id: z.number().int(), text: z.string(), planTitle: z.string() })),
	milestones: z.array(milestone)
});

const processListRow = z.object({
	id: z.number().int(),
	unitId: z.number().int(),
	unitName: z.string(),
	trackId: z.number().int().nullable(),
	trackName: z.string().nullable(),
	title: z.string(),
	status: z.enum(PROCESS_STATUSES),
	participantCount: z.number().int(),
	milestoneCount: z.number().int(),
	milestonesDone: z.number().int()
});

const split = z.object({
	before: z.number(),
	during: z.number(),
	after: z.number(),
	total: z.number(),
	percent: z.object({ before: z.number(), during: z.number(), after: z.number() }),
	count: z.number().int()
});

const cycleOutput = z.object({
	registrationId: z.number().int(),
	personId: z.number().int(),
	personName: z.string(),
	registrationStatus: z.string(),
	editable: z.boolean(),
	session: z.object({
		id: z.number().int(),
		title: z.string(),
		startsAt: z.string(),
		endsAt: z.string(),
		hours: z.number()
	}),
	before: z.object({
		need: z.string().nullable(),
		goal: z.string().nullable(),
		motivation: z.string().nullable(),
		managerTalkOn: z.string().nullable(),
		completedAt: z.string().nullable(),
		hours: z.number().nullable()
	}),
	during: z.object({ attended: z.boolean(), loggedHours: z.number().nullable(), hours: z.number() }),
	after: z.object({
		learned: z.string().nullable(),
		apply: z.string().nullable(),
		sharedOn: z.string().nullable(),
		sharedWhere: z.string().nullable(),
		followupOn: z.string().nullable(),
		completedAt: z.string().nullable(),
		hours: z.number().nullable(),
		dueAt: z.string(),
		overdue: z.boolean()
	})
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const content = (name: string) => ({ 'application/json': { schema: ref(name) } });
const path = (name: string, description: string) => ({
	name,
	in: 'path',
	required: true,
	description,
	schema: { type: 'integer', minimum: 1 }
});
const programmeParam = {
	name: 'programme',
	in: 'query',
	required: false,
	description: 'Programme id (defaults to the caller’s)',
	schema: { type: 'integer', minimum: 1 }
};
const tags = ['Learning at work'];
const ok = (description: string, schema: string) => ({ description, content: content(schema) });

function queryParameters() {
	const js = jsonSchema(processQuerySchema) as { properties?: Record<string, unknown> };
	return Object.entries(js.properties ?? {}).map(([name, s]) => ({
		name,
		in: 'query',
		required: false,
		schema: s
	}));
}

export const processesOpenApi: OpenApiFragment = {
	schemas: {
		Process: processOutput,
		ProcessList: z.object({ data: z.array(processListRow) }),
		ProcessInput: processSchema,
		ProcessParticipantInput: participantSchema,
		ProcessParticipants: z.object({ data: z.array(participant) }),
		ProcessMilestoneInput: milestoneSchema,
		ProcessMilestoneDone: milestoneDoneSchema,
		ProcessMilestones: z.object({ data: z.array(milestone) }),
		CycleForm: cycleOutput,
		CycleFormInput: cycleFormSchema,
		Split: split
	},
	paths: {
		'/processes': {
			get: {
				tags,
				summary: 'List development processes',
				description:
					'Every process of the programme; filter by track, unit (descendants included) and status.',
				parameters: queryParameters(),
				responses: { '200': ok('Processes', 'ProcessList'), ...errorResponses(400, 401, 404) }
			},
			post: {
				tags,
				summary: 'Create a development process',
				description: 'The unit’s manager (who joins as lead) or the programme office.',
				parameters: [programmeParam],
				requestBody: { required: true, content: content('ProcessInput') },
				responses: { '201': ok('The new process', 'Process'), ...errorResponses(400, 401, 404, 422) }
			}
		},
		'/processes/{id}': {
			parameters: [path('id', 'Process id')],
			get: {
				tags,
				summary: 'Get a development process',
				responses: { '200': ok('The process', 'Process'), ...errorResponses(401, 404) }
			},
			put: {
				tags,
				summary: 'Update a development process',
				description: 'Leads, the unit’s manager, the office. Link lists given replace the current ones.',
				requestBody: { required: true, content: content('ProcessInput') },
				responses: { '200': ok('The process', 'Process'), ...errorResponses(400, 401, 404, 422) }
			}
		},
		'/processes/{id}/participants': {
			parameters: [path('id', 'Process id')],
			post: {
				tags,
				summary: 'Add a participant or change their role',
				requestBody: { required: true, content: content('ProcessParticipantInput') },
				responses: { '200': ok('Participants', 'ProcessParticipants'), ...errorResponses(400, 401, 404, 422) }
			}
		},
		'/processes/{id}/participants/{personId}': {
			parameters: [path('id', 'Process id'), path('personId', 'Person id')],
			delete: {
				tags,
				summary: 'Remove a participant',
				responses: { '200': ok('Participants', 'ProcessParticipants'), ...errorResponses(401, 404) }
			}
		},
		'/processes/{id}/milestones': {
			parameters: [path('id', 'Process id')],
			post: {
				tags,
				summary: 'Add a milestone',
				requestBody: { required: true, content: content('ProcessMilestoneInput') },
				responses: { '201': ok('Milestones', 'ProcessMilestones'), ...errorResponses(400, 401, 404, 422) }
			}
		},
		'/processes/{id}/milestones/{milestoneId}': {
			parameters: [path('id', 'Process id'), path('milestoneId', 'Milestone id')],
			patch: {
				tags,
				summary: 'Mark a milestone done or not done',
				requestBody: { required: true, content: content('ProcessMilestoneDone') },
				responses: { '200': ok('Milestones', 'ProcessMilestones'), ...errorResponses(400, 401, 404, 422) }
			}
		},
		'/cycle/{registrationId}': {
			parameters: [path('registrationId', 'Registration id')],
			get: {
				tags,
				summary: 'The 40-20-40 form of a registration',
				description:
					'The registration’s person, the manager of their unit and the office. Empty until first saved.',
				responses: { '200': ok('The form', 'CycleForm'), ...errorResponses(401, 404) }
			},
			put: {
				tags,
				summary: 'Save the 40-20-40 form',
				description:
					'Only the registration’s person. Replaces the whole form; fields left out are cleared. Hours are decimals ≥ 0.',
				requestBody: { required: true, content: content('CycleFormInput') },
				responses: { '200': ok('The form', 'CycleForm'), ...errorResponses(400, 401, 404, 422) }
			}
		},
		'/dashboards/units/{id}': {
			parameters: [path('id', 'Unit id')],
			get: {
				tags,
				summary: 'A unit’s learning environment',
				description:
					'People with plans, processes and coverage, cycle completion, 40/20/40 split (total, per person, per activity), overdue follow-ups. The unit’s manager and the office.',
				responses: {
					'200': {
						description: 'The dashboard',
						content: { 'application/json': { schema: { type: 'object' } } }
					},
					...errorResponses(401, 404)
				}
			}
		},
		'/dashboards/programme': {
			get: {
				tags,
				summary: 'The programme’s learning environment',
				description:
					'Totals and split per activity for the office and the steering group; per workplace and the overdue list for the office only (`detailed`).',
				parameters: [programmeParam],
				responses: {
					'200': {
						description: 'The dashboard',
						content: { 'application/json': { schema: { type: 'object' } } }
					},
					...errorResponses(401, 404)
				}
			}
		}
	}
};
