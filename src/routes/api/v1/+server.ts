import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Entry point of the REST API: where its description lives. Public. */
export const GET: RequestHandler = ({ url }) =>
	json({
		name: 'Klok API',
		version: '1',
		openapi: url.origin + '/api/v1/openapi.json',
		resources: { units: url.origin + '/api/v1/units', people: url.origin + '/api/v1/people' }
	});
