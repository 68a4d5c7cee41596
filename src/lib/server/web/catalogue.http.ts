import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { notFound } from './api.ts';
import { idParam } from './route.ts';
import { activityQuerySchema, catalogueQuerySchema } from '../catalogue/catalogue.schema.ts';

/**
 * Shared by the catalogue and activity pages and `/api/v1/activities`, `/api/v1/sessions`:
 * parameter parsing. (The programme context and form-action mapping come from people.http.ts.)
 */

const programmeParam = z.object({ programmeId: z.coerce.number().int().positive().optional() });

/** `GET /api/v1/sessions` query: the catalogue filters plus `programmeId`; unknown parameters are refused. */
export const sessionsApiQuerySchema = catalogueQuerySchema.extend(programmeParam.shape).strict();

/** `GET /api/v1/activities` query. */
export const activitiesApiQuerySchema = activityQuerySchema.extend(programmeParam.shape).strict();

/** Route id parameter or a 404 ApiError (a malformed id is as unknown as a missing one). */
export function apiId(event: RequestEvent, name = 'id'): number {
	const id = idParam(event.params[name as keyof typeof event.params] as string | undefined);
	if (id === null) throw notFound(event);
	return id;
}
