import { z } from 'zod';
import { FieldsRuleError } from '../core/errors.ts';
import { fields } from '../core/validation.ts';
import { DIALOGUE_NOTE_POLICIES } from '../db/schema.ts';

/** Input of the privacy pages and the CLI. */

export class ErasureRuleError extends FieldsRuleError {}
export class RetentionRuleError extends FieldsRuleError {}

export const eraseSchema = z.object({
	confirmation: fields.string().trim().min(1, { message: 'privacy.erase.confirmRequired' }).max(200)
});

/** A whole number of months or years, or empty for "keep". */
const optionalCount = (max: number) =>
	z.preprocess(
		(v) => (v === '' || v === undefined || v === null ? null : v),
		z.coerce
			.number({ error: 'privacy.retention.wholeNumber' })
			.int({ message: 'privacy.retention.wholeNumber' })
			.min(1, { message: 'privacy.retention.range' })
			.max(max, { message: 'privacy.retention.range' })
			.nullable()
	);

export const retentionSchema = z.object({
	dialogueNotesOnErasure: z.enum(DIALOGUE_NOTE_POLICIES, { error: 'privacy.retention.dialoguePolicy' }),
	logbookMonthsAfterEnd: optionalCount(600),
	inactiveYears: optionalCount(50),
	surveyRawMonthsAfterClose: optionalCount(600)
});
export type RetentionInput = z.output<typeof retentionSchema>;
