import type { OpenApiFragment } from '../openapi.ts';
import { ok, op, queryParams } from './common.ts';
import { hoursQuerySchema, hoursReportOutputSchema } from '../../reports/reports.schema.ts';

/** `/api/v1/reports/hours` for the OpenAPI document. */
export const reportsOpenApi: OpenApiFragment = {
	schemas: { HoursReport: hoursReportOutputSchema },
	paths: {
		'/reports/hours': {
			get: op('Reports', {
				summary: 'Participation hours and unique participants (programme office, steering group)',
				description:
					"Counts attended registrations. `from`/`to` are inclusive calendar dates of the session start in the programme's time zone; `unitId` includes the units below it. `groupBy=unit` groups by workplace (teams roll up), `organisation` by the level above; `gender` is for the programme office only (404 otherwise). Missing values form a row with key `none`. `totals.participants` counts each person once.",
				parameters: queryParams(hoursQuerySchema),
				responses: ok('The report', 'HoursReport'),
				errors: [400, 401, 404, 422]
			})
		}
	}
};
