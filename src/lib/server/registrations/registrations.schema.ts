import { z } from 'zod';
import { REGISTRATION_STATUSES } from '../db/schema.ts';
import { fields } from '../core/validation.ts';

/** Input shapes for registrations, shared by forms and the REST API. */

/** A decline needs a reason the person will read. */
export const declineReason = z
	.string({ error: 'registrations.error.reasonRequired' })
	.trim()
	.min(1, { message: 'registrations.error.reasonRequired' })
	.max(1000);

/** `POST /sessions/{id}/registrations`: empty body = register myself. */
export const registerBodySchema = z.object({ personId: fields.id().optional() }).strict();

/** `POST /registrations/{id}/decline`. */
export const declineBodySchema = z.object({ reason: declineReason }).strict();

/** `GET /registrations` filters. Without `sessionId`/`personId` the caller's own are listed. */
export const registrationQuerySchema = z
	.object({
		sessionId: fields.id().optional(),
		personId: fields.id().optional(),
		status: z.enum(REGISTRATION_STATUSES).optional()
	})
	.strict();
export type RegistrationQuery = z.output<typeof registrationQuerySchema>;

/** Ticked checkboxes (`name[]`): none ticked arrives as absent, and is "select at least one". */
const selection = () =>
	z.preprocess((v) => v ?? [], z.array(fields.id()).min(1, { message: 'registrations.error.noneSelected' }));

/** The bulk decision form on /approvals. */
export const bulkDecisionSchema = z.object({
	ids: selection(),
	decision: z.enum(['approve', 'decline']),
	reason: fields.string().trim().max(1000).optional()
});

/** The "register my team" form on /approvals. */
export const teamRegistrationSchema = z.object({
	sessionId: fields.id(),
	personIds: selection()
});
