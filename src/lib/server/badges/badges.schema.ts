import { z } from 'zod';
import { BADGE_CRITERIA_KINDS } from '../db/schema.ts';
import { fields } from '../core/validation.ts';

/** An achievement the office defines (form and API alike). */
export const achievementSchema = z
	.object({
		name: fields.singleLine(fields.text(120)),
		description: fields.text(2000),
		criteria: fields.text(2000),
		imageUrl: z
			.string()
			.trim()
			.max(500)
			.refine((v) => v === '' || /^https:\/\/\S+$/.test(v), { message: 'badges.error.imageUrl' })
			.optional()
			.transform((v) => v || null),
		criteriaKind: z.enum(BADGE_CRITERIA_KINDS, { message: 'badges.error.criteriaKind' }),
		trackId: fields
			.id()
			.optional()
			.or(z.literal('').transform(() => undefined)),
		activityId: fields
			.id()
			.optional()
			.or(z.literal('').transform(() => undefined))
	})
	.superRefine((v, ctx) => {
		if (v.criteriaKind === 'track' && !v.trackId)
			ctx.addIssue({ code: 'custom', path: ['trackId'], message: 'badges.error.trackRequired' });
		if (v.criteriaKind === 'activity' && !v.activityId)
			ctx.addIssue({ code: 'custom', path: ['activityId'], message: 'badges.error.activityRequired' });
	});
export type AchievementInput = z.output<typeof achievementSchema>;

/** A pasted credential to check on the public verification page. */
export const pastedCredentialSchema = z.object({
	credential: fields.string().trim().min(1).max(20_000)
});
