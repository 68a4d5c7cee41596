import { z } from 'zod';
import { fields } from '../core/validation.ts';

const shape = {
	title: fields.text(200),
	periodStart: fields.date(),
	periodEnd: fields.date(),
	summary: fields.optionalText(20000),
	lessons: fields.optionalText(20000)
};

/** A funder report's period and texts; the period may not end before it starts. */
export const reportSchema = z.object(shape).refine((v) => v.periodStart <= v.periodEnd, {
	message: 'funder.error.endBeforeStart',
	path: ['periodEnd']
});

export const reportPatchSchema = z.object({
	summary: fields.optionalText(20000),
	lessons: fields.optionalText(20000)
});

/** At most this many key survey questions per report (a summary for the funder). */
export const MAX_KEY_RESULTS = 60;

const keyRef = z.object({
	questionId: fields.id(),
	item: z.coerce.number({ error: 'error.unknownId' }).int().min(0).max(1000).default(0)
});

/** The chosen key survey questions, in the report's order; each question or statement once. */
export const keyResultsSchema = z.object({
	questions: z
		.array(keyRef)
		.max(MAX_KEY_RESULTS, { message: 'funder.error.tooManyKeyResults' })
		.refine((list) => new Set(list.map((r) => `${r.questionId}:${r.item}`)).size === list.length, {
			message: 'funder.error.duplicateKeyResult'
		})
});

/**
 * The key-results form as the service's input: the ticked `key` boxes (`<questionId>-<item>`),
 * ordered by their `position_<questionId>-<item>` fields (an empty or unreadable position
 * after the numbered ones, in the page's order). Unreadable keys pass through as NaN ids for
 * the schema to refuse.
 */
export function keyResultsFromForm(form: Record<string, string[]>): { questions: unknown[] } {
	const keys = form.key ?? [];
	const ranked = keys.map((key, i) => {
		const position = Number.parseInt(form[`position_${key}`]?.[0] ?? '', 10);
		return { key, i, position: Number.isFinite(position) ? position : Number.POSITIVE_INFINITY };
	});
	ranked.sort((a, b) => a.position - b.position || a.i - b.i);
	return {
		questions: ranked.map(({ key }) => {
			const [questionId, item] = key.split('-');
			return { questionId: questionId ?? '', item: item ?? '' };
		})
	};
}

export const EXPORT_FORMATS = ['pdf', 'xlsx', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
