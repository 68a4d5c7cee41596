import { z } from 'zod';
import { QUESTION_TYPES, SURVEY_KINDS } from '../db/schema.ts';
import { FieldsRuleError } from '../core/errors.ts';
import { fields } from '../core/validation.ts';
import { i18nTextSchema, type I18nText } from './i18n-text.ts';

export type { I18nText };

/**
 * Input shapes for the survey builder, shared by forms and the REST API. Forms are turned
 * into these shapes by the routes (see routes/surveys/forms.ts); field paths in errors
 * (`text.en`, `options.2.labels.sv`) are the form's field names.
 */

const flag = fields.flag();

const optionalInt = (min: number, max: number) =>
	z.preprocess(
		(v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.trim())) : v),
		z.number().int().min(min).max(max).nullable().optional()
	);

const optionalNumber = z.preprocess(
	(v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.trim().replace(',', '.'))) : v),
	z.number().min(-1e9).max(1e9).nullable().optional()
);

export const TEMPLATE_KEYS = [
	'course_evaluation',
	'baseline',
	'programme',
	'long_term',
	'learning_situations'
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** A new survey: blank (title required) or from a template (title optional, the template's by default). */
export const surveyCreateSchema = z.object({
	template: z.enum(TEMPLATE_KEYS).optional(),
	kind: z.enum(SURVEY_KINDS).optional(),
	title: i18nTextSchema(200).optional(),
	intro: i18nTextSchema(2000).nullable().optional(),
	anonymous: flag.optional(),
	sessionId: fields.id().nullable().optional(),
	activityId: fields.id().nullable().optional()
});
export type SurveyCreateInput = z.output<typeof surveyCreateSchema>;

/** A change to a survey's own fields. */
export const surveyUpdateSchema = z.object({
	kind: z.enum(SURVEY_KINDS).optional(),
	title: i18nTextSchema(200).optional(),
	intro: i18nTextSchema(2000).nullable().optional(),
	anonymous: flag.optional()
});
export type SurveyUpdateInput = z.output<typeof surveyUpdateSchema>;

export const sectionSchema = z.object({ title: i18nTextSchema(200) });
export type SectionInput = z.output<typeof sectionSchema>;

/** A choice of a multiple-choice question or a statement of a matrix. */
const labelled = z.object({ labels: i18nTextSchema(500) });

/** Shown only when `questionId` (an earlier question) was answered with one of `values`. */
export const conditionSchema = z.object({
	questionId: fields.id(),
	values: z.array(z.coerce.number().int().min(0).max(1_000_000)).min(1).max(50)
});
export type ConditionInput = z.output<typeof conditionSchema>;

/**
 * A question. Which fields matter depends on `type`: `scaleId` for single and matrix,
 * `options` (choices) and `maxPicks` for multi, `statements` for matrix, `min`/`max` for
 * number; learning_situations brings its own eight statements and scale.
 */
export const questionSchema = z
	.object({
		type: z.enum(QUESTION_TYPES),
		text: i18nTextSchema(1000),
		required: flag.optional(),
		sectionId: fields.id().nullable().optional(),
		scaleId: fields.id().nullable().optional(),
		options: z.array(labelled).max(50).optional(),
		statements: z.array(labelled).max(50).optional(),
		maxPicks: optionalInt(1, 50),
		min: optionalNumber,
		max: optionalNumber,
		condition: conditionSchema.nullable().optional()
	})
	.superRefine((q, ctx) => {
		const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
		if ((q.type === 'single' || q.type === 'matrix') && !q.scaleId)
			need('scaleId', 'surveys.error.scaleRequired');
		if (q.type === 'multi') {
			if (!q.options || q.options.length < 2) need('options', 'surveys.error.optionsRequired');
			else if (q.maxPicks && q.maxPicks > q.options.length) need('maxPicks', 'surveys.error.maxPicks');
		}
		if (q.type === 'matrix' && (!q.statements || q.statements.length < 1))
			need('statements', 'surveys.error.statementsRequired');
		if (q.type === 'number' && q.min != null && q.max != null && q.min > q.max)
			need('max', 'surveys.error.minMax');
	});
export type QuestionInput = z.output<typeof questionSchema>;

/** A change of wording only: allowed even when the survey has responses. */
export const wordingSchema = z.object({
	text: i18nTextSchema(1000),
	options: z.array(labelled).max(50).optional(),
	statements: z.array(labelled).max(50).optional()
});

/** Moving a question or section one step. */
export const moveSchema = z.object({ direction: z.enum(['up', 'down']) });

/** A custom scale of a programme: at least two options, distinct values; order from the top degree. */
export const scaleSchema = z
	.object({
		code: z
			.string()
			.trim()
			.min(1)
			.max(60)
			.regex(/^[a-z0-9_-]+$/, { message: 'surveys.error.code' })
			.optional(),
		name: i18nTextSchema(200),
		options: z
			.array(
				z.object({
					value: z.coerce.number().int().min(0).max(1000).optional(),
					labels: i18nTextSchema(200),
					dontKnow: flag.optional()
				})
			)
			.max(20)
			.optional()
	})
	.superRefine((s, ctx) => {
		const options = s.options ?? [];
		if (options.filter((o) => !o.dontKnow).length < 2)
			ctx.addIssue({ code: 'custom', path: ['options'], message: 'surveys.error.scaleOptions' });
		const values = options.map((o) => o.value).filter((v) => v !== undefined);
		if (new Set(values).size !== values.length)
			ctx.addIssue({ code: 'custom', path: ['options'], message: 'surveys.error.scaleDuplicate' });
		if (options.filter((o) => o.dontKnow).length > 1)
			ctx.addIssue({ code: 'custom', path: ['options'], message: 'surveys.error.scaleDontKnow' });
	});
export type ScaleInput = z.output<typeof scaleSchema>;

/** Adding a bank question to a survey. */
export const fromBankSchema = z.object({
	bankQuestionId: fields.id(),
	sectionId: fields.id().nullable().optional(),
	required: flag.optional()
});

/** A follow-up wave copies its source; only the title may differ (anything else is refused, not ignored). */
export const followUpSchema = z.object({ title: i18nTextSchema(200).optional() }).strict();

/** List filter. */
export const surveyQuerySchema = z.object({
	status: z.enum(['draft', 'open', 'closed', 'all']).default('all'),
	kind: z.enum(SURVEY_KINDS).optional()
});

/** Invalid survey input or a broken builder rule, with an i18n key per field, or a zod error. */
export class SurveyError extends FieldsRuleError {}

/** The `SurveyError` of a zod error (for `parseInput`). */
export const surveyInputError = (error: z.ZodError) => new SurveyError({}, error);
