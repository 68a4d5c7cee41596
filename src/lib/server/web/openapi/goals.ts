import type { OpenApiFragment } from '../openapi.ts';
import { ok, op, queryParams } from './common.ts';
import {
	decisionsOutputSchema,
	decisionsQuerySchema,
	goalTableOutputSchema,
	goalsQuerySchema
} from '../../goals/goals.schema.ts';

/** `/api/v1/goals` and `/api/v1/decisions` for the OpenAPI document (issue 12). */
export const goalsOpenApi: OpenApiFragment = {
	schemas: { GoalTable: goalTableOutputSchema, DecisionsLog: decisionsOutputSchema },
	paths: {
		'/goals': {
			get: op('Goals', {
				summary: 'The goal table with status and evidence (programme office, steering group, evaluators)',
				description:
					'Goals grouped as aims, overall goals and measurable goals. Measurable goals are computed live from the data (or read from the snapshot `snapshotId`): `actual` against `target` (shares as fractions), `status` (the override, the manual assessment or the computed status; `statusSource` says which), structured `evidence` and `evidenceText`. A share whose respondents are fewer than the minimum group size has no figures and a `protectedReason`.',
				parameters: queryParams(goalsQuerySchema),
				responses: ok('The goal table', 'GoalTable'),
				errors: [400, 401, 404]
			})
		},
		'/decisions': {
			get: op('Goals', {
				summary: "The steering group's decisions log (programme office, steering group)",
				description:
					'Meetings newest first, each with its decisions: responsible person, follow-up date, status, whether it is overdue and when its one reminder was sent.',
				parameters: queryParams(decisionsQuerySchema),
				responses: ok('A page of meetings', 'DecisionsLog'),
				errors: [400, 401, 404]
			})
		}
	}
};
