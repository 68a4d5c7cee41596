import { z } from 'zod';
import { LOGBOOK_AUDIENCES } from '../../db/schema.ts';
import { errorResponses, type OpenApiFragment } from '../openapi.ts';
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

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: string) => ({ 'application/json': { schema: ref(name) } });
const idParam = {
	name: 'id',
	in: 'path',
	required: true,
	description: 'Entry id',
	schema: { type: 'integer', minimum: 1 }
};
const audienceParam = {
	name: 'audience',
	in: 'path',
	required: true,
	description: 'process_group (members of the process the entry is tied to), manager, or evaluators',
	schema: { type: 'string', enum: [...LOGBOOK_AUDIENCES] }
};

export const logbookOpenApi: OpenApiFragment = {
	schemas: {
		LogbookEntry: logbookEntryOutputSchema,
		LogbookEntryList: z.object({ data: z.array(logbookEntryOutputSchema) }),
		LogbookEntryCreate: entryInputSchema.strict(),
		LogbookEntryUpdate: entryPatchSchema,
		LogbookShare: shareBodySchema,
		LogbookConsentEvents: z.object({ data: z.array(consentEventSchema) })
	},
	paths: {
		'/logbook': {
			get: {
				tags: ['Logbook'],
				summary: 'Your reflection logbook, or entries shared with you',
				description:
					'`scope=own` (default): your own entries. `scope=shared`: other people’s entries shared with you right now — as their manager, as an evaluator of their programme, or as a member of the process the entry is tied to. A private entry is never listed for anyone but its author (not the office, not an admin).',
				parameters: [
					{ name: 'scope', in: 'query', required: false, schema: { type: 'string', enum: ['own', 'shared'] } }
				],
				responses: {
					'200': { description: 'Entries, newest first', content: jsonContent('LogbookEntryList') },
					...errorResponses(400, 401)
				}
			},
			post: {
				tags: ['Logbook'],
				summary: 'Write a new (private) entry',
				description:
					'`body` is rich text, sanitised when stored (plain text keeps its paragraphs). `sessionId`, `processId` and `individualGoalId` must be one of your own registrations’ sessions, a process you take part in and a goal of your own plan (422 otherwise).',
				requestBody: { required: true, content: jsonContent('LogbookEntryCreate') },
				responses: {
					'201': { description: 'Created', content: jsonContent('LogbookEntry') },
					...errorResponses(400, 401, 422)
				}
			}
		},
		'/logbook/{id}': {
			parameters: [idParam],
			get: {
				tags: ['Logbook'],
				summary: 'One entry (404 when unknown, private to someone else or no longer shared with you)',
				responses: {
					'200': { description: 'The entry', content: jsonContent('LogbookEntry') },
					...errorResponses(401, 404)
				}
			},
			patch: {
				tags: ['Logbook'],
				summary: 'Change your own entry',
				description:
					'Untying the entry from its process ends a process-group share (recorded as a withdrawal).',
				requestBody: { required: true, content: jsonContent('LogbookEntryUpdate') },
				responses: {
					'200': { description: 'The entry after the change', content: jsonContent('LogbookEntry') },
					...errorResponses(400, 401, 404, 422)
				}
			},
			delete: {
				tags: ['Logbook'],
				summary: 'Delete your own entry with its shares and consent history',
				responses: { '204': { description: 'Deleted' }, ...errorResponses(401, 404) }
			}
		},
		'/logbook/{id}/shares/{audience}': {
			parameters: [idParam, audienceParam],
			put: {
				tags: ['Logbook'],
				summary: 'Share your entry with an audience (explicit consent)',
				description:
					'The body must be `{"consent": true}`: you consent to the audience reading the entry until you withdraw. Sharing again changes nothing. 422 when the entry cannot be shared with that audience (no process, no manager, no programme).',
				requestBody: { required: true, content: jsonContent('LogbookShare') },
				responses: {
					'200': { description: 'The entry after the change', content: jsonContent('LogbookEntry') },
					...errorResponses(400, 401, 404, 422)
				}
			},
			delete: {
				tags: ['Logbook'],
				summary: 'Withdraw consent for an audience',
				description: 'The audience loses the entry at once. Withdrawing what is not shared changes nothing.',
				responses: {
					'200': { description: 'The entry after the change', content: jsonContent('LogbookEntry') },
					...errorResponses(401, 404)
				}
			}
		},
		'/logbook/{id}/consent-events': {
			parameters: [idParam],
			get: {
				tags: ['Logbook'],
				summary: 'Consent history of your own entry (every grant and withdrawal)',
				responses: {
					'200': { description: 'Events, oldest first', content: jsonContent('LogbookConsentEvents') },
					...errorResponses(401, 404)
				}
			}
		}
	}
};
