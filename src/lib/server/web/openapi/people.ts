import { z } from 'zod';
import { GENDERS, JOB_CATEGORIES, LOCALES } from '../../db/schema.ts';
import { errorResponses, jsonSchema, type OpenApiFragment } from '../openapi.ts';
import { peopleApiQuerySchema } from '../people.http.ts';
import { personCreateSchema, personUpdateSchema } from '../../people/people.schema.ts';

/** `/api/v1/people` for the OpenAPI document. */

/** What the API returns for a person (see `presentPerson`). */
export const personOutputSchema = z.object({
	id: z.number().int(),
	name: z.string(),
	email: z.string(),
	programmeId: z.number().int().nullable(),
	unitId: z.number().int().nullable(),
	unitName: z.string().nullable(),
	jobCategory: z.enum(JOB_CATEGORIES).nullable(),
	roleStartedOn: z.string().nullable().describe('YYYY-MM-DD'),
	locale: z.enum(LOCALES).nullable(),
	status: z.enum(['active', 'deactivated']),
	deactivatedAt: z.string().nullable(),
	createdAt: z.string(),
	updatedAt: z.string(),
	gender: z.enum(GENDERS).nullable().optional().describe('Only for the programme office'),
	hourlyCost: z.number().nullable().optional().describe('Only for the programme office')
});

const personPageSchema = z.object({
	data: z.array(personOutputSchema),
	page: z.number().int(),
	pageSize: z.number().int(),
	total: z.number().int()
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: string) => ({ 'application/json': { schema: ref(name) } });
const idParam = {
	name: 'id',
	in: 'path',
	required: true,
	description: 'Person id',
	schema: { type: 'integer', minimum: 1 }
};

function queryParameters() {
	const js = jsonSchema(peopleApiQuerySchema) as { properties?: Record<string, unknown> };
	return Object.entries(js.properties ?? {}).map(([name, s]) => ({
		name,
		in: 'query',
		required: false,
		schema: s
	}));
}

const stateChange = (summary: string) => ({
	parameters: [idParam],
	post: {
		tags: ['People'],
		summary,
		responses: {
			'200': { description: 'The person', content: jsonContent('Person') },
			...errorResponses(401, 404, 422)
		}
	}
});

export const peopleOpenApi: OpenApiFragment = {
	schemas: {
		Person: personOutputSchema,
		PersonPage: personPageSchema,
		PersonCreate: personCreateSchema,
		PersonPatch: personUpdateSchema
	},
	paths: {
		'/people': {
			get: {
				tags: ['People'],
				summary: 'List people you may see, one page at a time',
				description:
					'The programme office sees everyone in the programme, a manager the people in the units they manage (and below) plus themselves, anyone else only themselves. `q` searches name and e-mail case-insensitively; `unitId` with `includeDescendants=true` includes the units below; `status` is `active` (default), `deactivated` or `all`; `pageSize` ≤ 200. Gender and hourly cost are included only for the programme office.',
				parameters: queryParameters(),
				responses: {
					'200': { description: 'One page of people', content: jsonContent('PersonPage') },
					...errorResponses(400, 401, 404)
				}
			},
			post: {
				tags: ['People'],
				summary: 'Create a person (programme office)',
				description:
					'`unitId` must be an open unit of the programme. The e-mail must be unused (case-insensitively), else 409.',
				requestBody: { required: true, content: jsonContent('PersonCreate') },
				responses: {
					'201': { description: 'Created', content: jsonContent('Person') },
					...errorResponses(400, 401, 404, 409, 422)
				}
			}
		},
		'/people/{id}': {
			parameters: [idParam],
			get: {
				tags: ['People'],
				summary: 'One person (404 when unknown or not visible to you)',
				responses: {
					'200': { description: 'The person', content: jsonContent('Person') },
					...errorResponses(401, 404)
				}
			},
			patch: {
				tags: ['People'],
				summary: 'Change some fields of a person (programme office)',
				description: 'Absent fields stay as they are; `null` clears an optional field.',
				requestBody: { required: true, content: jsonContent('PersonPatch') },
				responses: {
					'200': { description: 'The person', content: jsonContent('Person') },
					...errorResponses(400, 401, 404, 409, 422)
				}
			}
		},
		'/people/{id}/deactivate': stateChange(
			'Deactivate a person: they can no longer sign in, sessions end, API tokens are revoked'
		),
		'/people/{id}/reactivate': stateChange('Reactivate a deactivated person')
	}
};
