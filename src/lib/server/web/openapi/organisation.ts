import { errorResponses, type OpenApiFragment } from '../openapi.ts';
import { jsonSchema } from '../openapi.ts';
import {
	pageQuerySchema,
	programmeCreateSchema,
	programmeOutputSchema,
	programmePageSchema,
	programmePatchSchema,
	unitCreateSchema,
	unitDetailOutputSchema,
	unitListQuerySchema,
	unitOutputSchema,
	unitPageSchema,
	unitPatchSchema
} from '../../organisation/organisation.schema.ts';

/** `/api/v1/units` and `/api/v1/programmes` for the OpenAPI document. */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: string) => ({ 'application/json': { schema: ref(name) } });
const idParam = (what: string) => ({
	name: 'id',
	in: 'path',
	required: true,
	description: `${what} id`,
	schema: { type: 'integer', minimum: 1 }
});

/** Query parameters from a zod object schema, so they match what the endpoint parses. */
function queryParameters(schema: typeof unitListQuerySchema | typeof pageQuerySchema) {
	const js = jsonSchema(schema) as { properties?: Record<string, unknown> };
	return Object.entries(js.properties ?? {}).map(([name, s]) => ({
		name,
		in: 'query',
		required: false,
		schema: s
	}));
}

export const organisationOpenApi: OpenApiFragment = {
	schemas: {
		Unit: unitOutputSchema,
		UnitDetail: unitDetailOutputSchema,
		UnitPage: unitPageSchema,
		UnitCreate: unitCreateSchema,
		UnitPatch: unitPatchSchema,
		Programme: programmeOutputSchema,
		ProgrammePage: programmePageSchema,
		ProgrammeCreate: programmeCreateSchema,
		ProgrammePatch: programmePatchSchema
	},
	paths: {
		'/units': {
			get: {
				tags: ['Organisation'],
				summary: 'List units of the programmes you belong to',
				description:
					'Open units by default. `programmeId` narrows to one programme (404 when you do not belong to it); `q` searches names case-insensitively.',
				parameters: queryParameters(unitListQuerySchema),
				responses: {
					'200': { description: 'One page of units', content: jsonContent('UnitPage') },
					...errorResponses(400, 401, 404)
				}
			},
			post: {
				tags: ['Organisation'],
				summary: 'Create a unit (programme office)',
				description:
					'Kinds rank region > organisation > workplace > team; a child must be of a lower kind than its parent, and only regions and organisations may be at the top level (no `parentId`).',
				requestBody: { required: true, content: jsonContent('UnitCreate') },
				responses: {
					'201': { description: 'Created', content: jsonContent('Unit') },
					...errorResponses(400, 401, 404, 409, 422)
				}
			}
		},
		'/units/{id}': {
			parameters: [idParam('Unit')],
			get: {
				tags: ['Organisation'],
				summary: 'One unit, with its path and count of active people',
				responses: {
					'200': { description: 'The unit', content: jsonContent('UnitDetail') },
					...errorResponses(401, 404)
				}
			},
			patch: {
				tags: ['Organisation'],
				summary: 'Rename, change code, or move a unit (programme office)',
				description:
					'`code: null` removes the code. A changed `parentId` moves the unit (null = top level); moving under itself or a descendant is refused (422).',
				requestBody: { required: true, content: jsonContent('UnitPatch') },
				responses: {
					'200': { description: 'The updated unit', content: jsonContent('Unit') },
					...errorResponses(400, 401, 404, 409, 422)
				}
			}
		},
		'/units/{id}/close': {
			parameters: [idParam('Unit')],
			post: {
				tags: ['Organisation'],
				summary: 'Close a unit (programme office)',
				description: 'Refused (422) while the unit has open sub-units or active people.',
				responses: {
					'200': { description: 'The closed unit', content: jsonContent('Unit') },
					...errorResponses(401, 404, 422)
				}
			}
		},
		'/units/{id}/reopen': {
			parameters: [idParam('Unit')],
			post: {
				tags: ['Organisation'],
				summary: 'Reopen a closed unit (programme office)',
				description: 'Refused (422) while the parent unit is closed.',
				responses: {
					'200': { description: 'The reopened unit', content: jsonContent('Unit') },
					...errorResponses(401, 404, 422)
				}
			}
		},
		'/programmes': {
			get: {
				tags: ['Organisation'],
				summary: 'Programmes you belong to (all for system administrators)',
				parameters: queryParameters(pageQuerySchema),
				responses: {
					'200': { description: 'One page of programmes', content: jsonContent('ProgrammePage') },
					...errorResponses(400, 401)
				}
			},
			post: {
				tags: ['Organisation'],
				summary: 'Create a programme (system administrators)',
				requestBody: { required: true, content: jsonContent('ProgrammeCreate') },
				responses: {
					'201': { description: 'Created', content: jsonContent('Programme') },
					...errorResponses(400, 401, 404, 422)
				}
			}
		},
		'/programmes/{id}': {
			parameters: [idParam('Programme')],
			get: {
				tags: ['Organisation'],
				summary: 'One programme',
				responses: {
					'200': { description: 'The programme', content: jsonContent('Programme') },
					...errorResponses(401, 404)
				}
			},
			patch: {
				tags: ['Organisation'],
				summary: 'Update programme settings (programme office)',
				description:
					'Any subset of the fields. `startsOn` ≤ `endsOn` is checked against the stored values; `timeZone` must be an IANA name; `minGroupSize` is 3–50 (the database refuses less); every change is audited.',
				requestBody: { required: true, content: jsonContent('ProgrammePatch') },
				responses: {
					'200': { description: 'The updated programme', content: jsonContent('Programme') },
					...errorResponses(400, 401, 404, 422)
				}
			}
		}
	}
};
