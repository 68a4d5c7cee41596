import type { OpenApiFragment } from './openapi.ts';
import { organisationOpenApi } from '../organisation/organisation.openapi.ts';
import { peopleOpenApi } from '../people/people.openapi.ts';
import { registrationsOpenApi } from '../registrations/registrations.openapi.ts';
import { attendanceOpenApi } from '../registrations/attendance.openapi.ts';
import { reportsOpenApi } from '../reports/reports.openapi.ts';
import { catalogueOpenApi } from '../catalogue/catalogue.openapi.ts';
import { logbookOpenApi } from '../logbook/logbook.openapi.ts';

/**
 * Every domain's part of the OpenAPI document. Add one import and one entry per domain.
 */
export const openApiFragments: OpenApiFragment[] = [
	organisationOpenApi,
	peopleOpenApi,
	registrationsOpenApi,
	attendanceOpenApi,
	reportsOpenApi,
	catalogueOpenApi,
	logbookOpenApi
];
