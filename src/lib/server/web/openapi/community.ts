import { z } from 'zod';
import { NETWORK_REACHES } from '../../db/schema.ts';
import type { OpenApiFragment } from '../openapi.ts';
import { created, idParam, ok, operations, pageOf, queryParams } from './common.ts';
import { expertQuerySchema, profileApiSchema } from '../../experts/experts.schema.ts';
import {
	meetingInputSchema,
	memberInputSchema,
	networkInputSchema,
	networkQuerySchema
} from '../../networks/networks.schema.ts';

/** `/api/v1/experts` and `/api/v1/networks` for the OpenAPI document. */

const programmeParam = {
	name: 'programme',
	in: 'query',
	required: false,
	description: 'Programme id (default: your own programme)',
	schema: { type: 'integer', minimum: 1 }
};

const expertSchema = z.object({
	personId: z.number().int(),
	name: z.string(),
	unitId: z.number().int().nullable(),
	unitName: z.string().nullable(),
	helpWith: z.string(),
	contact: z.string(),
	subjects: z.array(z.string()).describe('From the programme vocabulary'),
	tags: z.array(z.string()).describe('Free tags, lower-cased'),
	languages: z.array(z.string()).describe('Language codes (sv, fi, en, …)')
});

const expertDetailSchema = expertSchema.extend({
	email: z.string(),
	trainerSessions: z.array(z.object({ id: z.number().int(), title: z.string(), startsAt: z.string() })),
	processRoles: z.array(
		z.object({ id: z.number().int(), title: z.string(), role: z.enum(['member', 'lead']) })
	)
});

const myProfileSchema = z.object({
	programmeId: z.number().int(),
	listed: z.boolean(),
	helpWith: z.string(),
	contact: z.string(),
	subjects: z.array(z.string()),
	tags: z.array(z.string()),
	languages: z.array(z.string()),
	vocabulary: z.array(z.string()).describe('Subjects one may choose from')
});

const networkSchema = z.object({
	id: z.number().int(),
	programmeId: z.number().int(),
	name: z.string(),
	purpose: z.string(),
	reach: z.enum(NETWORK_REACHES),
	contactPersonId: z.number().int().nullable(),
	contactName: z.string().nullable(),
	startsOn: z.string(),
	memberCount: z.number().int()
});

const networkDetailSchema = z.object({
	network: networkSchema,
	members: z.array(
		z.object({
			id: z.number().int(),
			personId: z.number().int().nullable(),
			personName: z.string().nullable(),
			unitName: z.string().nullable(),
			externalName: z.string().nullable(),
			externalOrganisation: z.string().nullable(),
			externalEmail: z.string().nullable().describe('Only for the contact person and the office')
		})
	),
	meetings: z.array(
		z.object({ id: z.number().int(), meetsOn: z.string(), place: z.string().nullable(), notes: z.string() })
	)
});

const experts = operations('Experts');
const networks = operations('Networks');
const networkParam = idParam('Network id');

export const communityOpenApi: OpenApiFragment = {
	schemas: {
		Expert: expertSchema,
		ExpertPage: pageOf(expertSchema),
		ExpertDetail: expertDetailSchema,
		ExpertProfile: myProfileSchema,
		ExpertProfileUpdate: profileApiSchema,
		Network: networkDetailSchema,
		NetworkPage: pageOf(networkSchema),
		NetworkCreate: networkInputSchema,
		NetworkMemberCreate: memberInputSchema,
		NetworkMeetingCreate: meetingInputSchema
	},
	paths: {
		'/experts': {
			get: experts({
				summary: 'The expert directory: who knows what, and how to reach them',
				description:
					'Only people who opted in and are active are listed. `subject` matches a vocabulary subject or a free tag (case-insensitive); `q` searches names and “can help with”.',
				parameters: [programmeParam, ...queryParams(expertQuerySchema)],
				responses: ok('A page of experts, by name', 'ExpertPage'),
				errors: [401, 404, 422]
			})
		},
		'/experts/me': {
			get: experts({
				summary: 'Your own directory entry',
				responses: ok('Your entry (unlisted until you opt in)', 'ExpertProfile'),
				errors: [401, 404]
			}),
			put: experts({
				summary: 'Replace your entry; `listed` is the opt-in',
				body: 'ExpertProfileUpdate',
				responses: ok('Saved', 'ExpertProfile'),
				errors: [400, 401, 404, 422]
			})
		},
		'/experts/{id}': {
			parameters: [idParam('Person id')],
			get: experts({
				summary: 'One listed expert, with the sessions they train and their process roles',
				parameters: [programmeParam],
				responses: ok('The expert', 'ExpertDetail'),
				errors: [401, 404]
			})
		},
		'/networks': {
			get: networks({
				summary: 'Networks and groups of the programme, newest first',
				parameters: [programmeParam, ...queryParams(networkQuerySchema)],
				responses: ok('A page of networks', 'NetworkPage'),
				errors: [400, 401, 404]
			}),
			post: networks({
				summary: 'Start a network (staff of the programme); you are its contact person unless you name one',
				parameters: [programmeParam],
				body: 'NetworkCreate',
				responses: created('Created', 'Network'),
				errors: [400, 401, 404, 422]
			})
		},
		'/networks/{id}': {
			parameters: [networkParam],
			get: networks({
				summary: 'A network with its members and meetings',
				responses: ok('The network', 'Network'),
				errors: [401, 404]
			}),
			put: networks({
				summary: 'Change a network (its contact person or the office)',
				body: 'NetworkCreate',
				responses: ok('The network', 'Network'),
				errors: [400, 401, 404, 422]
			})
		},
		'/networks/{id}/members': {
			parameters: [networkParam],
			post: networks({
				summary: 'Add a member: a person of the programme, or someone from outside it',
				body: 'NetworkMemberCreate',
				responses: created('The network', 'Network'),
				errors: [400, 401, 404, 409, 422]
			})
		},
		'/networks/{id}/meetings': {
			parameters: [networkParam],
			post: networks({
				summary: 'Record a meeting (date, place, notes)',
				body: 'NetworkMeetingCreate',
				responses: created('The network', 'Network'),
				errors: [400, 401, 404, 422]
			})
		}
	}
};
