import type { OpenApiFragment } from '../openapi.ts';
import { surveysOpenApi } from './surveys.ts';
import { organisationOpenApi } from './organisation.ts';
import { peopleOpenApi } from './people.ts';
import { registrationsOpenApi } from './registrations.ts';
import { attendanceOpenApi } from './attendance.ts';
import { reportsOpenApi } from './reports.ts';
import { catalogueOpenApi } from './catalogue.ts';
import { processesOpenApi } from './processes.ts';
import { plansOpenApi } from './plans.ts';
import { logbookOpenApi } from './logbook.ts';
import { distributionOpenApi } from './distribution.ts';
import { resultsOpenApi } from './results.ts';
import { xapiOpenApi } from './xapi.ts';
import { communityOpenApi } from './community.ts';
import { postsOpenApi } from './posts.ts';
import { searchOpenApi } from './search.ts';
import { funderOpenApi } from './funder.ts';
import { goalsOpenApi } from './goals.ts';

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
	resultsOpenApi,
	xapiOpenApi,
	postsOpenApi,
	searchOpenApi,
	communityOpenApi,
	funderOpenApi,
	goalsOpenApi
];
