import { z } from 'zod';
import { LOGBOOK_AUDIENCES } from '../../db/schema.ts';
import type { OpenApiFragment } from '../openapi.ts';
import { created, idParam, listOf, noContent, ok, operations, pathParam } from './common.ts';
import { entryInputSchema, entryPatchSchema, shareBodySchema } from '../../logbook/logbook.schema.ts';

/** `/api/v1/logbook` for the OpenAPI document. */

const audience = z.enum(LOGBOOK_AUDIENCES);

/** What the API returns for an entry (see `LogbookEntryView`). */
export const logbookEntryOutputSchema = z.object({
	id: z.number().int(),
	authorId: z.number().int(),
	authorName: z.string(),
	title: z.string().nullable(),
	bodyHtml: z.string().describe('Sanitised HTML'),
	session: z.object({ id: z.number().int(), title: z.string(), startsAt: z.string().nullable() }).nullable(),
	process: z.object({ id: z.number().int(), title: z.string() }).nullable(),
	goal: z.object({ id: z.number().int(), text: z.string() }).nullable(),
	sharedWith: z
		.array(audience)
		.describe('For the author every current share; for anyone else the shares that let them read it'),
	own: z.boolean(),
	shareable: z.array(audience).describe('For the author: audiences this entry can be shared with'),
	createdAt: z.string(),
	updatedAt: z.string()
});

const consentEventSchema = z.object({
	audience,
	action: z.enum(['grant', 'withdraw']),
	actorName: z.string().nullable(),
	createdAt: z.string()
});

const op = operations('Logbook');
const entryParam = idParam('Entry id');
const audienceParam = pathParam(
	'audience',
	'process_group (members of the process the entry is tied to), manager, or evaluators',
	{ type: 'string', enum: [...LOGBOOK_AUDIENCES] }
);

export const logbookOpenApi: OpenApiFragment = {
	schemas: {
		LogbookEntry: logbookEntryOutputSchema,
		LogbookEntryList: listOf(logbookEntryOutputSchema),
		LogbookEntryCreate: entryInputSchema.strict(),
		LogbookEntryUpdate: entryPatchSchema,
		LogbookShare: shareBodySchema,
		LogbookConsentEvents: listOf(consentEventSchema)
	},
	paths: {
		'/logbook': {
			get: op({
				summary: 'Your reflection logbook, or entries shared with you',
				description:
					'`scope=own` (default): your own entries. `scope=shared`: other people’s entries shared with you right now — as their manager, as an evaluator of their programme, or as a member of the process the entry is tied to. A private entry is never listed for anyone but its author (not the office, not an admin).',
				parameters: [
					{ name: 'scope', in: 'query', required: false, schema: { type: 'string', enum: ['own', 'shared'] } }
				],
				responses: ok('Entries, newest first', 'LogbookEntryList'),
				errors: [400, 401]
			}),
			post: op({
				summary: 'Write a new (private) entry',
				description:
					'`body` is rich text, sanitised when stored (plain text keeps its paragraphs). `sessionId`, `processId` and `individualGoalId` must be one of your own registrations’ sessions, a process you take part in and a goal of your own plan (422 otherwise).',
				body: 'LogbookEntryCreate',
				responses: created('Created', 'LogbookEntry'),
				errors: [400, 401, 422]
			})
		},
		'/logbook/{id}': {
			parameters: [entryParam],
			get: op({
				summary: 'One entry (404 when unknown, private to someone else or no longer shared with you)',
				responses: ok('The entry', 'LogbookEntry'),
				errors: [401, 404]
			}),
			patch: op({
				summary: 'Change your own entry',
				description:
					'Untying the entry from its process ends a process-group share (recorded as a withdrawal).',
				body: 'LogbookEntryUpdate',
				responses: ok('The entry after the change', 'LogbookEntry'),
				errors: [400, 401, 404, 422]
			}),
			delete: op({
				summary: 'Delete your own entry with its shares and consent history',
				responses: noContent('Deleted'),
				errors: [401, 404]
			})
		},
		'/logbook/{id}/shares/{audience}': {
			parameters: [entryParam, audienceParam],
			put: op({
				summary: 'Share your entry with an audience (explicit consent)',
				description:
					'The body must be `{"consent": true}`: you consent to the audience reading the entry until you withdraw. Sharing again changes nothing. 422 when the entry cannot be shared with that audience (no process, no manager, no programme).',
				body: 'LogbookShare',
				responses: ok('The entry after the change', 'LogbookEntry'),
				errors: [400, 401, 404, 422]
			}),
			delete: op({
				summary: 'Withdraw consent for an audience',
				description: 'The audience loses the entry at once. Withdrawing what is not shared changes nothing.',
				responses: ok('The entry after the change', 'LogbookEntry'),
				errors: [401, 404]
			})
		},
		'/logbook/{id}/consent-events': {
			parameters: [entryParam],
			get: op({
				summary: 'Consent history of your own entry (every grant and withdrawal)',
				responses: ok('Events, oldest first', 'LogbookConsentEvents'),
				errors: [401, 404]
			})
		}
	}
};
