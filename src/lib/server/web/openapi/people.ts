import { z } from 'zod';
import { GENDERS, JOB_CATEGORIES, LOCALES } from '../../db/schema.ts';
import type { OpenApiFragment } from '../openapi.ts';
import { created, idParam, ok, operations, pageOf, queryParams } from './common.ts';
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

const personPageSchema = pageOf(personOutputSchema);

const op = operations('People');
const personParam = idParam('Person id');

const stateChange = (summary: string) => ({
	parameters: [personParam],
	post: op({ summary, responses: ok('The person', 'Person'), errors: [401, 404, 422] })
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
			get: op({
				summary: 'List people you may see, one page at a time',
				description:
					'The programme office sees everyone in the programme, a manager the people in the units they manage (and below) plus themselves, anyone else only themselves. `q` searches name and e-mail case-insensitively; `unitId` with `includeDescendants=true` includes the units below; `status` is `active` (default), `deactivated` or `all`; `pageSize` ≤ 200. Gender and hourly cost are included only for the programme office.',
				parameters: queryParams(peopleApiQuerySchema),
				responses: ok('One page of people', 'PersonPage'),
				errors: [400, 401, 404]
			}),
			post: op({
				summary: 'Create a person (programme office)',
				description:
					'`unitId` must be an open unit of the programme. The e-mail must be unused (case-insensitively), else 409.',
				body: 'PersonCreate',
				responses: created('Created', 'Person'),
				errors: [400, 401, 404, 409, 422]
			})
		},
		'/people/{id}': {
			parameters: [personParam],
			get: op({
				summary: 'One person (404 when unknown or not visible to you)',
				responses: ok('The person', 'Person'),
				errors: [401, 404]
			}),
			patch: op({
				summary: 'Change some fields of a person (programme office)',
				description: 'Absent fields stay as they are; `null` clears an optional field.',
				body: 'PersonPatch',
				responses: ok('The person', 'Person'),
				errors: [400, 401, 404, 409, 422]
			})
		},
		'/people/{id}/deactivate': stateChange(
			'Deactivate a person: they can no longer sign in, sessions end, API tokens are revoked'
		),
		'/people/{id}/reactivate': stateChange('Reactivate a deactivated person')
	}
};
