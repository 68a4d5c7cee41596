import { z } from 'zod';
import { ACTIVITY_TYPES, JOB_CATEGORIES, LEARNING_FORMS, SESSION_STATUSES } from '../../db/schema.ts';
import type { OpenApiFragment } from '../openapi.ts';
import { created, dataOf, idParam, ok, operations, pageOf, queryParams } from './common.ts';
import { activitiesApiQuerySchema, sessionsApiQuerySchema } from '../catalogue.http.ts';
import {
	activityCreateSchema,
	activityUpdateSchema,
	sessionCreateSchema,
	sessionPatchSchema
} from '../../catalogue/catalogue.schema.ts';

/** `/api/v1/activities` and `/api/v1/sessions` for the OpenAPI document. */

export const activityOutputSchema = z.object({
	id: z.number().int(),
	programmeId: z.number().int(),
	trackId: z.number().int().nullable(),
	trackName: z.string().nullable(),
	type: z.enum(ACTIVITY_TYPES),
	learningForm: z.enum(LEARNING_FORMS),
	title: z.string(),
	descriptionHtml: z.string().describe('Sanitised HTML'),
	provider: z.string().nullable(),
	cost: z.number().nullable(),
	targetJobCategories: z.array(z.enum(JOB_CATEGORIES)).describe('Empty = everyone'),
	targetUnitIds: z.array(z.number().int()).describe('Empty = every unit'),
	interestOnly: z.boolean(),
	status: z.enum(['draft', 'published', 'archived']),
	publishedAt: z.string().nullable(),
	archivedAt: z.string().nullable(),
	createdAt: z.string(),
	updatedAt: z.string()
});

export const sessionOutputSchema = z.object({
	id: z.number().int(),
	activityId: z.number().int(),
	activityTitle: z.string(),
	activityType: z.enum(ACTIVITY_TYPES),
	learningForm: z.enum(LEARNING_FORMS),
	trackId: z.number().int().nullable(),
	trackName: z.string().nullable(),
	programmeId: z.number().int(),
	title: z.string().nullable(),
	startsAt: z.string().describe('UTC, ISO 8601'),
	endsAt: z.string().describe('UTC, ISO 8601'),
	startsAtLocal: z.string().describe('YYYY-MM-DDTHH:mm in timeZone'),
	endsAtLocal: z.string(),
	timeZone: z.string().describe("The programme's IANA time zone"),
	place: z.string().nullable(),
	onlineUrl: z.string().nullable(),
	capacity: z.number().int(),
	hours: z.number(),
	requiresApproval: z.boolean(),
	registrationOpensAt: z.string().nullable(),
	registrationClosesAt: z.string().nullable(),
	registrationOpensAtLocal: z.string().nullable(),
	registrationClosesAtLocal: z.string().nullable(),
	status: z.enum(SESSION_STATUSES),
	state: z.enum(['open', 'full', 'planned', 'notYetOpen', 'closed', 'cancelled', 'past']),
	full: z.boolean(),
	confirmedCount: z.number().int(),
	freeSeats: z.number().int(),
	sequence: z.number().int().describe('iCalendar SEQUENCE'),
	recordingUrl: z.string().nullable(),
	cancelledAt: z.string().nullable(),
	cancelReason: z.string().nullable(),
	trainers: z.array(z.object({ id: z.number().int(), name: z.string() }))
});

const catalogueSessionSchema = sessionOutputSchema.extend({
	myStatus: z.string().nullable().describe("The caller's registration status, if any")
});

const cataloguePageSchema = pageOf(catalogueSessionSchema).extend({
	interest: z
		.array(activityOutputSchema.extend({ interested: z.boolean() }))
		.describe('Published interest-only activities (left out when a date, place or seat filter is used)')
});

const activityPageSchema = pageOf(activityOutputSchema.extend({ sessionCount: z.number().int() }));

const materialSchema = z.object({
	id: z.number().int(),
	activityId: z.number().int(),
	fileName: z.string(),
	contentType: z.string(),
	size: z.number().int(),
	createdAt: z.string()
});

const activityDetailSchema = activityOutputSchema.extend({
	sessions: z.array(sessionOutputSchema),
	materials: z.array(materialSchema)
});

const sessionDetailSchema = sessionOutputSchema.extend({
	activity: activityOutputSchema,
	materials: z.array(materialSchema),
	myRegistration: z
		.object({
			id: z.number().int(),
			status: z.string(),
			waitlistSeq: z.number().int().nullable(),
			hoursCredited: z.number().nullable()
		})
		.nullable()
});

const activityPatchSchema = activityUpdateSchema.extend({
	status: z.enum(['draft', 'published', 'archived']).optional().describe('Publish, unpublish or archive')
});

const op = operations('Catalogue');

const TIMES =
	'Times (`startsAt`, `endsAt`, `registrationOpensAt`, `registrationClosesAt`) are either ISO 8601 instants with `Z` or an offset, or `YYYY-MM-DDTHH:mm` in the programme time zone (a local time skipped by a daylight-saving change is refused). They are stored and returned in UTC, with `…Local` twins in the programme zone. Rules: end after start; registration opens ≤ closes ≤ start; capacity a whole number ≥ 0; hours ≥ 0; a place or an online link (http/https).';

export const catalogueOpenApi: OpenApiFragment = {
	schemas: {
		Activity: activityOutputSchema,
		ActivityDetail: activityDetailSchema,
		ActivityPage: activityPageSchema,
		ActivityCreate: activityCreateSchema,
		ActivityPatch: activityPatchSchema,
		Session: sessionOutputSchema,
		SessionDetail: sessionDetailSchema,
		CataloguePage: cataloguePageSchema,
		SessionCreate: sessionCreateSchema,
		SessionPatch: sessionPatchSchema
	},
	paths: {
		'/activities': {
			get: op({
				summary: 'List activities',
				description:
					'The programme office sees every activity (drafts and archived included, filter with `status`); everyone else the published ones.',
				parameters: queryParams(activitiesApiQuerySchema),
				responses: ok('One page of activities', 'ActivityPage'),
				errors: [400, 401, 404]
			}),
			post: op({
				summary: 'Create an activity (programme office); it starts unpublished',
				description:
					'`descriptionHtml` is sanitised: basic formatting, lists, links (rel=noopener) and h2–h4 headings are kept; scripts, styles, event handlers and `javascript:` links are removed. `cost` ≥ 0.',
				body: 'ActivityCreate',
				responses: created('Created', 'Activity'),
				errors: [400, 401, 404, 422]
			})
		},
		'/activities/{id}': {
			parameters: [idParam('Activity id')],
			get: op({
				summary: 'One activity with its sessions and materials (404 when unknown or unpublished for you)',
				responses: ok('The activity', 'ActivityDetail'),
				errors: [401, 404]
			}),
			patch: op({
				summary: 'Change an activity; publish, unpublish or archive it with `status` (programme office)',
				body: 'ActivityPatch',
				responses: ok('The activity', 'Activity'),
				errors: [400, 401, 404, 422]
			})
		},
		'/activities/{id}/sessions': {
			parameters: [idParam('Activity id')],
			get: op({
				summary: 'Sessions of an activity',
				responses: ok('The sessions', dataOf('Session')),
				errors: [401, 404]
			}),
			post: op({
				summary: 'Add a session to an activity (programme office)',
				description: TIMES + ' `status` defaults to `open`.',
				body: 'SessionCreate',
				responses: created('Created', 'Session'),
				errors: [400, 401, 404, 422]
			})
		},
		'/sessions': {
			get: op({
				summary: 'The catalogue: upcoming sessions of published activities',
				description:
					'Filters: `q` (title), `trackId`, `type`, `learningForm`, `from`/`to` (dates in the programme zone; without them, sessions that have not ended), `mode` (`place`/`online`), `freeSeats`, `forMyJob` (activities aimed at everyone or at your job category). Sorted by start.',
				parameters: queryParams(sessionsApiQuerySchema),
				responses: ok('One page of sessions', 'CataloguePage'),
				errors: [400, 401, 404]
			})
		},
		'/sessions/{id}': {
			parameters: [idParam('Session id')],
			get: op({
				summary: 'One session with its activity, materials and your registration',
				responses: ok('The session', 'SessionDetail'),
				errors: [401, 404]
			}),
			patch: op({
				summary: 'Change or cancel a session (programme office)',
				description:
					TIMES +
					' A change of time or place raises `sequence` and e-mails everyone registered; raising the capacity moves people up from the waitlist; a capacity below `confirmedCount` is refused (422, nothing changes). `{"status":"cancelled","cancelReason":"…"}` cancels the session: it and its registrations are kept, `sequence` is raised and everyone registered is told; a cancelled session can no longer be changed (409).',
				body: 'SessionPatch',
				responses: ok('The session', 'Session'),
				errors: [400, 401, 404, 409, 422]
			})
		}
	}
};
