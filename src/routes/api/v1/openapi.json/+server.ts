import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { buildOpenApiDocument } from '#lib/server/web/openapi.ts';
import { openApiFragments } from '#lib/server/web/openapi/registry.ts';

/** The OpenAPI 3.1 description of `/api/v1`, assembled from every domain's fragment. Public. */
export const GET: RequestHandler = ({ url }) =>
	json(buildOpenApiDocument(openApiFragments, url.origin + '/api/v1'), {
		headers: { 'cache-control': 'no-cache' }
	});
