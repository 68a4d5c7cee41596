import type { OpenApiFragment } from './openapi.ts';
import { surveysOpenApi } from '../surveys/surveys.openapi.ts';
import { organisationOpenApi } from '../organisation/organisation.openapi.ts';
import { peopleOpenApi } from '../people/people.openapi.ts';
import { registrationsOpenApi } from '../registrations/registrations.openapi.ts';
import { attendanceOpenApi } from '../registrations/attendance.openapi.ts';
import { reportsOpenApi } from '../reports/reports.openapi.ts';
import { catalogueOpenApi } from '../catalogue/catalogue.openapi.ts';
import { processesOpenApi } from '../processes/processes.openapi.ts';
import { plansOpenApi } from '../plans/plans.openapi.ts';
import { logbookOpenApi } from '../logbook/logbook.openapi.ts';
import { distributionOpenApi } from '../surveys/distribution.openapi.ts';
import { resultsOpenApi } from '../surveys/results.openapi.ts';

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
	processesOpenApi,
	plansOpenApi,
	logbookOpenApi,
	surveysOpenApi,
	distributionOpenApi,
	resultsOpenApi
];
