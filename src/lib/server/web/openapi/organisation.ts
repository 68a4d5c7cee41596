import type { OpenApiFragment } from '../openapi.ts';
import { created, idParam, ok, operations, queryParams } from './common.ts';
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
const op = operations('Organisation');

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
			get: op({
				summary: 'List units of the programmes you belong to',
				description:
					'Open units by default. `programmeId` narrows to one programme (404 when you do not belong to it); `q` searches names case-insensitively.',
				parameters: queryParams(unitListQuerySchema),
				responses: ok('One page of units', 'UnitPage'),
				errors: [400, 401, 404]
			}),
			post: op({
				summary: 'Create a unit (programme office)',
				description:
					'Kinds rank region > organisation > workplace > team; a child must be of a lower kind than its parent, and only regions and organisations may be at the top level (no `parentId`).',
				body: 'UnitCreate',
				responses: created('Created', 'Unit'),
				errors: [400, 401, 404, 409, 422]
			})
		},
		'/units/{id}': {
			parameters: [idParam('Unit id')],
			get: op({
				summary: 'One unit, with its path and count of active people',
				responses: ok('The unit', 'UnitDetail'),
				errors: [401, 404]
			}),
			patch: op({
				summary: 'Rename, change code, or move a unit (programme office)',
				description:
					'`code: null` removes the code. A changed `parentId` moves the unit (null = top level); moving under itself or a descendant is refused (422).',
				body: 'UnitPatch',
				responses: ok('The updated unit', 'Unit'),
				errors: [400, 401, 404, 409, 422]
			})
		},
		'/units/{id}/close': {
			parameters: [idParam('Unit id')],
			post: op({
				summary: 'Close a unit (programme office)',
				description: 'Refused (422) while the unit has open sub-units or active people.',
				responses: ok('The closed unit', 'Unit'),
				errors: [401, 404, 422]
			})
		},
		'/units/{id}/reopen': {
			parameters: [idParam('Unit id')],
			post: op({
				summary: 'Reopen a closed unit (programme office)',
				description: 'Refused (422) while the parent unit is closed.',
				responses: ok('The reopened unit', 'Unit'),
				errors: [401, 404, 422]
			})
		},
		'/programmes': {
			get: op({
				summary: 'Programmes you belong to (all for system administrators)',
				parameters: queryParams(pageQuerySchema),
				responses: ok('One page of programmes', 'ProgrammePage'),
				errors: [400, 401]
			}),
			post: op({
				summary: 'Create a programme (system administrators)',
				body: 'ProgrammeCreate',
				responses: created('Created', 'Programme'),
				errors: [400, 401, 404, 422]
			})
		},
		'/programmes/{id}': {
			parameters: [idParam('Programme id')],
			get: op({ summary: 'One programme', responses: ok('The programme', 'Programme'), errors: [401, 404] }),
			patch: op({
				summary: 'Update programme settings (programme office)',
				description:
					'Any subset of the fields. `startsOn` ≤ `endsOn` is checked against the stored values; `timeZone` must be an IANA name; `minGroupSize` is 3–50 (the database refuses less); every change is audited.',
				body: 'ProgrammePatch',
				responses: ok('The updated programme', 'Programme'),
				errors: [400, 401, 404, 422]
			})
		}
	}
};
