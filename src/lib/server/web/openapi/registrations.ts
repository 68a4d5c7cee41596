import { z } from 'zod';
import { REGISTRATION_STATUSES } from '../../db/schema.ts';
import type { OpenApiFragment } from '../openapi.ts';
import { created, idParam, listOf, ok, operations, queryParams } from './common.ts';
import {
	declineBodySchema,
	registerBodySchema,
	registrationQuerySchema
} from '../../registrations/registrations.schema.ts';

/** `/api/v1/registrations` and `/api/v1/sessions/{id}/registrations` for the OpenAPI document. */

/** What the API returns for a registration (see `presentRegistration`). */
export const registrationOutputSchema = z.object({
	id: z.number().int(),
	sessionId: z.number().int(),
	personId: z.number().int(),
	personName: z.string(),
	unitName: z.string().nullable(),
	status: z.enum(REGISTRATION_STATUSES),
	waitlistSeq: z.number().int().nullable().describe('Place in line (arrival order) when waitlisted'),
	requestedAt: z.string().nullable(),
	approvedAt: z.string().nullable(),
	approvedBy: z.number().int().nullable(),
	declinedAt: z.string().nullable(),
	declineReason: z.string().nullable(),
	confirmedAt: z.string().nullable(),
	waitlistedAt: z.string().nullable(),
	cancelledAt: z.string().nullable(),
	hoursCredited: z.number().nullable(),
	registeredBy: z
		.number()
		.int()
		.nullable()
		.describe('The manager or office member who registered the person'),
	createdAt: z.string(),
	updatedAt: z.string(),
	session: z.object({
		id: z.number().int(),
		activityId: z.number().int(),
		title: z.string(),
		startsAt: z.string(),
		endsAt: z.string(),
		place: z.string().nullable(),
		onlineUrl: z.string().nullable(),
		hours: z.number(),
		status: z.string()
	})
});

const listSchema = listOf(registrationOutputSchema);

const op = operations('Registrations');

const decision = (summary: string, description: string, body?: string) => ({
	parameters: [idParam('Registration id')],
	post: op({
		summary,
		description,
		body,
		responses: ok('The registration after the change', 'Registration'),
		errors: [400, 401, 404, 409, 422]
	})
});

export const registrationsOpenApi: OpenApiFragment = {
	schemas: {
		Registration: registrationOutputSchema,
		RegistrationList: listSchema,
		RegistrationCreate: registerBodySchema,
		RegistrationDecline: declineBodySchema
	},
	paths: {
		'/registrations': {
			get: op({
				summary: 'List registrations (your own by default)',
				description:
					'Without `sessionId` or `personId`, your own registrations. With them, every matching registration you may see: the programme office sees the programme, a manager their staff, a trainer their sessions, anyone else only their own. `status` narrows further.',
				parameters: queryParams(registrationQuerySchema),
				responses: ok('Registrations', 'RegistrationList'),
				errors: [400, 401]
			})
		},
		'/registrations/{id}': {
			parameters: [idParam('Registration id')],
			get: op({
				summary: 'One registration (404 when unknown or not visible to you)',
				responses: ok('The registration', 'Registration'),
				errors: [401, 404]
			})
		},
		'/registrations/{id}/approve': decision(
			"Approve a request (the person's manager or the programme office)",
			'The registration becomes `confirmed` when a seat is free, else `waitlisted` (arrival order). 409 when it is not waiting for a decision or the session is cancelled or over; you cannot decide on your own request.'
		),
		'/registrations/{id}/decline': decision(
			'Decline a request with a reason',
			'`reason` is required and is sent to the person. 422 without it; 409 when the request was already decided.',
			'RegistrationDecline'
		),
		'/registrations/{id}/cancel': decision(
			'Cancel a registration (the person, their manager or the office)',
			'A confirmed seat is given back and the first person on the waitlist moves up automatically. Cancelling twice changes nothing; attended/absent registrations and sessions that have taken place cannot be cancelled (409).'
		),
		'/sessions/{id}/registrations': {
			parameters: [idParam('Session id')],
			get: op({
				summary: 'Registrations of a session that you may see',
				responses: ok('Registrations', 'RegistrationList'),
				errors: [401, 404]
			}),
			post: op({
				summary: 'Register yourself, or someone you manage, for a session',
				description:
					'An empty body registers you. `personId` registers someone else: a manager for people in the units they manage, the programme office for anyone in the programme (no approval needed then). When the session requires approval and you register yourself, the registration is `requested` until your manager decides; otherwise it is `confirmed` while seats are free and `waitlisted` after. 201 with a new (or reopened, after a cancellation) registration; 200 with the existing one when already registered. 409 when the session is cancelled, over, not open or outside its registration window.',
				body: 'RegistrationCreate',
				bodyOptional: true,
				responses: {
					...created('Registered', 'Registration'),
					...ok('Already registered (unchanged)', 'Registration')
				},
				errors: [400, 401, 404, 409, 422]
			})
		}
	}
};
