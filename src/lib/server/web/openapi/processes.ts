import { z } from 'zod';
import { PROCESS_STATUSES } from '../../db/schema.ts';
import type { OpenApiFragment } from '../openapi.ts';
import { created, idParam, listOf, ok, operations, pageOf, queryParam, queryParams } from './common.ts';
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

const programmeParam = queryParam('programme', 'Programme id (defaults to the caller’s)', {
	type: 'integer',
	minimum: 1
});
const op = operations('Learning at work');
const processParam = idParam('Process id');
const dashboard = { 'application/json': { schema: { type: 'object' } } };

export const processesOpenApi: OpenApiFragment = {
	schemas: {
		Process: processOutput,
		ProcessList: pageOf(processListRow),
		ProcessInput: processSchema,
		ProcessParticipantInput: participantSchema,
		ProcessParticipants: listOf(participant),
		ProcessMilestoneInput: milestoneSchema,
		ProcessMilestoneDone: milestoneDoneSchema,
		ProcessMilestones: listOf(milestone),
		CycleForm: cycleOutput,
		CycleFormInput: cycleFormSchema,
		Split: split
	},
	paths: {
		'/processes': {
			get: op({
				summary: 'List development processes',
				description:
					'One page of the programme’s processes by track, unit and title; filter by track, unit (descendants included) and status. `page` (from 1) and `pageSize` (≤ 200, default 50); `total` counts every match.',
				parameters: queryParams(processQuerySchema),
				responses: ok('Processes', 'ProcessList'),
				errors: [400, 401, 404]
			}),
			post: op({
				summary: 'Create a development process',
				description: 'The unit’s manager (who joins as lead) or the programme office.',
				parameters: [programmeParam],
				body: 'ProcessInput',
				responses: created('The new process', 'Process'),
				errors: [400, 401, 404, 422]
			})
		},
		'/processes/{id}': {
			parameters: [processParam],
			get: op({
				summary: 'Get a development process',
				responses: ok('The process', 'Process'),
				errors: [401, 404]
			}),
			put: op({
				summary: 'Update a development process',
				description: 'Leads, the unit’s manager, the office. Link lists given replace the current ones.',
				body: 'ProcessInput',
				responses: ok('The process', 'Process'),
				errors: [400, 401, 404, 422]
			})
		},
		'/processes/{id}/participants': {
			parameters: [processParam],
			post: op({
				summary: 'Add a participant or change their role',
				body: 'ProcessParticipantInput',
				responses: ok('Participants', 'ProcessParticipants'),
				errors: [400, 401, 404, 422]
			})
		},
		'/processes/{id}/participants/{personId}': {
			parameters: [processParam, idParam('Person id', 'personId')],
			delete: op({
				summary: 'Remove a participant',
				responses: ok('Participants', 'ProcessParticipants'),
				errors: [401, 404]
			})
		},
		'/processes/{id}/milestones': {
			parameters: [processParam],
			post: op({
				summary: 'Add a milestone',
				body: 'ProcessMilestoneInput',
				responses: created('Milestones', 'ProcessMilestones'),
				errors: [400, 401, 404, 422]
			})
		},
		'/processes/{id}/milestones/{milestoneId}': {
			parameters: [processParam, idParam('Milestone id', 'milestoneId')],
			patch: op({
				summary: 'Mark a milestone done or not done',
				body: 'ProcessMilestoneDone',
				responses: ok('Milestones', 'ProcessMilestones'),
				errors: [400, 401, 404, 422]
			})
		},
		'/cycle/{registrationId}': {
			parameters: [idParam('Registration id', 'registrationId')],
			get: op({
				summary: 'The 40-20-40 form of a registration',
				description:
					'The registration’s person, the manager of their unit and the office. Empty until first saved.',
				responses: ok('The form', 'CycleForm'),
				errors: [401, 404]
			}),
			put: op({
				summary: 'Save the 40-20-40 form',
				description:
					'Only the registration’s person. Replaces the whole form; fields left out are cleared. Hours are decimals ≥ 0.',
				body: 'CycleFormInput',
				responses: ok('The form', 'CycleForm'),
				errors: [400, 401, 404, 422]
			})
		},
		'/dashboards/units/{id}': {
			parameters: [idParam('Unit id')],
			get: op({
				summary: 'A unit’s learning environment',
				description:
					'People with plans, processes and coverage, cycle completion, 40/20/40 split (total, per person, per activity), overdue follow-ups. The unit’s manager and the office.',
				responses: ok('The dashboard', dashboard),
				errors: [401, 404]
			})
		},
		'/dashboards/programme': {
			get: op({
				summary: 'The programme’s learning environment',
				description:
					'Totals and split per activity for the office and the steering group; per workplace and the overdue list for the office only (`detailed`). Workplaces come 20 a page (`workplacePage`): query `q` (name contains), `sort` (name, people, coverage, completion), `dir` (asc, desc), `page`; the split per activity 50 a page (`activityPage`); bad values fall back to the defaults.',
				parameters: [programmeParam],
				responses: ok('The dashboard', dashboard),
				errors: [401, 404]
			})
		}
	}
};
