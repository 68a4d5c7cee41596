import type { OpenApiFragment } from '../openapi.ts';
import { ok, operations, queryParam } from './common.ts';

/** `/api/v1/xapi` for the OpenAPI document. */

const op = operations('xAPI');

export const xapiOpenApi: OpenApiFragment = {
	paths: {
		'/xapi/statements': {
			get: op({
				summary: 'The programme’s xAPI 1.0.3 statements as a file (programme office)',
				description:
					'Attended sessions, completed 40-20-40 follow-ups and finished development processes, oldest first, as the JSON array an LRS accepts (`POST /statements`). At most 5,000 per file: when there are more, the `X-Klok-Next-Since` header gives the `since` of the next file.',
				parameters: [
					queryParam('programme', 'Programme id (default: your own)', { type: 'integer' }),
					queryParam('since', 'Only statements recorded at or after this date or instant (ISO 8601)', {
						type: 'string'
					})
				],
				responses: ok('Statements', {
					'application/json': { schema: { type: 'array', items: { type: 'object' } } }
				}),
				errors: [400, 401, 404, 422]
			})
		}
	}
};
