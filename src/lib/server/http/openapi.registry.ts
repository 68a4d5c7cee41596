import type { OpenApiFragment } from './openapi.ts';

/**
 * Every domain's part of the OpenAPI document. Add one import and one entry per domain.
 */
export const openApiFragments: OpenApiFragment[] = [];
