import { z } from 'zod';
import { LOGBOOK_AUDIENCES } from '../db/schema.ts';
import { CONTROL_CHARACTERS, fields } from '../core/validation.ts';

/** Input shapes for the reflection logbook, shared by the forms and the REST API. */

/** Longest body accepted (characters of submitted HTML, before sanitising). */
export const BODY_MAX = 20_000;

/** An optional link id: a form's empty select arrives as undefined, the API may send null. */
const optionalId = () => z.preprocess((v) => (v === '' ? undefined : v), fields.id().nullable().optional());

/** A new or edited entry. `body` is rich text (or plain text; paragraphs are kept). */
export const entryInputSchema = z.object({
	title: fields.string().trim().max(200).optional().nullable(),
	body: z
		.string({ error: 'logbook.error.bodyRequired' })
		// NUL and other control characters: refused here (PostgreSQL's text type refuses NUL).
		.refine((v) => !CONTROL_CHARACTERS.test(v), { message: 'error.controlCharacters' })
		.trim()
		.min(1, { message: 'logbook.error.bodyRequired' })
		.max(BODY_MAX),
	sessionId: optionalId(),
	processId: optionalId(),
	individualGoalId: optionalId()
});
export type EntryInput = z.output<typeof entryInputSchema>;

/** The API's PATCH: any subset of the fields. */
export const entryPatchSchema = entryInputSchema.partial().strict();
export type EntryPatch = z.output<typeof entryPatchSchema>;

export const audienceSchema = z.enum(LOGBOOK_AUDIENCES, { error: 'logbook.error.audience' });

/** A form checkbox ("on") or the API's `true`: the person ticked the consent text. */
const consentTicked = z.preprocess(
	(v) => v === true || v === 'on' || v === 'true',
	z.literal(true, { error: 'logbook.error.consentRequired' })
);

/** Sharing with one audience needs explicit consent. */
export const shareSchema = z.object({ audience: audienceSchema, consent: consentTicked });

/** The API's share body (the audience is in the path). */
export const shareBodySchema = z.object({ consent: consentTicked }).strict();

/** Withdrawing consent names the audience only. */
export const withdrawSchema = z.object({ audience: audienceSchema });

/** `GET /api/v1/logbook`: own entries (default) or those shared with me. */
export const logbookQuerySchema = z.object({ scope: z.enum(['own', 'shared']).default('own') }).strict();

/** Deleting an entry asks the author to confirm (a ticked box). */
export const deleteSchema = z.object({
	confirm: z.preprocess((v) => v === 'on' || v === true, z.literal(true, { error: 'error.required' }))
});
