import { z } from 'zod';
import { NEWSLETTER_FREQUENCIES } from '../db/schema.ts';
import { fields } from '../core/validation.ts';

/** Input shapes of the newsletter. */

const ticked = fields.ticked();

/** The programme's settings (office). */
export const settingsInputSchema = z.object({
	frequency: z.enum(NEWSLETTER_FREQUENCIES, { error: 'newsletter.error.frequency' }),
	defaultSubscribed: ticked
});

/** A person's own choice. */
export const subscriptionInputSchema = z.object({ subscribed: ticked });

export const issueQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });

/** An unsubscribe token as minted (32 random bytes, base64url). */
export const tokenSchema = z.string().regex(/^[\w-]{43}$/);
