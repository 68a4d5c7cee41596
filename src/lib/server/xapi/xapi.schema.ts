import { z } from 'zod';
import { XAPI_ACTOR_MODES } from '../db/schema.ts';

/** The programme's xAPI setting (admin page form and API). */
export const xapiSettingsSchema = z.object({
	actorMode: z.enum(XAPI_ACTOR_MODES, { message: 'xapi.error.actorMode' })
});

/** `?since=` of the statement download: an ISO date or instant. */
export const statementQuerySchema = z.object({
	since: z
		.string()
		.trim()
		.refine((v) => v === '' || !Number.isNaN(Date.parse(v)), { message: 'xapi.error.since' })
		.optional()
});
