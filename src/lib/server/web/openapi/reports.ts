import { errorResponses, jsonSchema, type OpenApiFragment } from '../openapi.ts';
import { hoursQuerySchema, hoursReportOutputSchema } from '../../reports/reports.schema.ts';

/** `/api/v1/reports/hours` for the OpenAPI document. */
function queryParameters() {
	const js = jsonSchema(hoursQuerySchema) as { properties?: Record<string, unknown>; required?: string[] };
	return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
		name,
		in: 'query',
		required: (js.required ?? []).includes(name),
		schema
	}));
}

export const reportsOpenApi: OpenApiFragment = {
	schemas: { HoursReport: hoursReportOutputSchema },
	paths: {
		'/reports/hours': {
			get: {
				tags: ['Reports'],
				summary: 'Participation hours and unique participants (programme office, steering group)',
				description:
					"Counts attended registrations. `from`/`to` are inclusive calendar dates of the session start in the programme's time zone; `unitId` includes the units below it. `groupBy=unit` groups by workplace (teams roll up), `organisation` by the level above; `gender` is for the programme office only (404 otherwise). Missing values form a row with key `none`. `totals.participants` counts each person once.",
				parameters: queryParameters(),
				responses: {
					'200': {
						description: 'The report',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/HoursReport' } } }
					},
					...errorResponses(400, 401, 404, 422)
				}
			}
		}
	}
};
