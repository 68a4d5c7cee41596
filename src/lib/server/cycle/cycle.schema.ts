import { z } from 'zod';
import { fields } from '../core/validation.ts';

/**
 * Input of the 40-20-40 form. Forms post strings (empty = not given); the API sends JSON.
 * Hours accept decimals with a point or a comma and must be ≥ 0; a missing value clears it.
 */

const text = () => fields.string().trim().max(4000).optional();

/** Hours: a decimal number 0–999 (decimal comma allowed), or nothing. */
export const hoursField = () =>
	z
		.preprocess(
			(v) => (typeof v === 'string' ? v.trim().replace(',', '.') : v),
			z.coerce
				.number({ error: (issue) => (issue.code === 'invalid_type' ? 'error.number' : undefined) })
				.finite()
				.min(0)
				.max(999)
		)
		.nullable()
		.optional();

const flag = fields.ticked;

const optionalDate = () => fields.date().nullable().optional();

/** The "before" part: need, goal, motivation, talk with the manager, hours. */
export const beforeSchema = z.object({
	beforeNeed: text(),
	beforeGoal: text(),
	beforeMotivation: text(),
	beforeManagerTalkOn: optionalDate(),
	hoursBefore: hoursField(),
	beforeDone: flag()
});

/** The "after" part (and the hours of the session itself, when they differ). */
export const afterSchema = z.object({
	afterLearned: text(),
	afterApply: text(),
	afterSharedOn: optionalDate(),
	afterSharedWhere: fields.string().trim().max(500).optional(),
	afterFollowupOn: optionalDate(),
	hoursDuring: hoursField(),
	hoursAfter: hoursField(),
	afterDone: flag()
});

/** The whole form (API `PUT`): fields left out are cleared. */
export const cycleFormSchema = beforeSchema.extend(afterSchema.shape);

export type BeforeInput = z.output<typeof beforeSchema>;
export type AfterInput = z.output<typeof afterSchema>;
export type CycleFormInput = z.output<typeof cycleFormSchema>;
