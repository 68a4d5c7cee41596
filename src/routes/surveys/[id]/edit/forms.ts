import { nestFormValues, type FieldErrors } from '#lib/server/core/validation.ts';
import type { I18nText } from '#lib/server/surveys/surveys.schema.ts';
import type { QuestionView } from '#lib/server/surveys/builder.service.ts';

/**
 * Form plumbing for the builder pages: the forms post flat names (`text.en`, `condition.values`,
 * choices as lines "English | Svenska | dansk | norsk"), the service takes the nested shape.
 */

/** Lines "English | Svenska | dansk | norsk" → labelled items; empty lines left out. */
export function parseLines(text: unknown): { labels: Partial<I18nText> }[] | undefined {
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line) => {
			const [en, sv, da, nb] = line.split('|').map((p) => p.trim());
			return { labels: { en: en ?? '', sv: sv ?? '', ...(da ? { da } : {}), ...(nb ? { nb } : {}) } };
		});
}

/** Labelled items back into lines for the textarea. */
export function toLines(items: readonly { labels: I18nText }[]): string {
	return items
		.map((i) => [i.labels.en, i.labels.sv, i.labels.da ?? (i.labels.nb ? '' : undefined), i.labels.nb])
		.map((parts) => parts.filter((p) => p !== undefined).join(' | '))
		.join('\n');
}

/** A submitted question form → the service's question input. */
export function questionInput(values: Record<string, unknown>): Record<string, unknown> {
	const nested = nestFormValues(values);
	const condition = nested.condition as { questionId?: string; values?: string } | undefined;
	let conditionInput: unknown = null;
	if (condition?.questionId) {
		const raw = String(condition.values ?? '');
		const parts = raw.split(/[,;\s]+/).filter(Boolean);
		conditionInput = {
			questionId: condition.questionId,
			values: parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p))
		};
	}
	return {
		type: nested.type,
		text: nested.text ?? {},
		required: nested.required ?? false,
		sectionId: nested.sectionId ?? null,
		scaleId: nested.scaleId ?? null,
		options: parseLines(nested.options),
		statements: parseLines(nested.statements),
		maxPicks: nested.maxPicks ?? null,
		min: nested.min ?? null,
		max: nested.max ?? null,
		condition: conditionInput
	};
}

/** A question's current values in form names, to fill the edit form. */
export function questionValues(q: QuestionView): Record<string, unknown> {
	return {
		type: q.type,
		'text.en': q.text.en,
		'text.sv': q.text.sv,
		'text.da': q.text.da ?? '',
		'text.nb': q.text.nb ?? '',
		required: q.required,
		sectionId: q.sectionId ?? '',
		scaleId: q.type === 'single' || q.type === 'matrix' ? (q.scaleId ?? '') : '',
		options: q.type === 'multi' ? toLines(q.options) : '',
		statements: q.type === 'matrix' || q.type === 'learning_situations' ? toLines(q.options) : '',
		maxPicks: q.maxPicks ?? '',
		min: q.min ?? '',
		max: q.max ?? '',
		'condition.questionId': q.condition?.questionId ?? '',
		'condition.values': q.condition?.values.join(', ') ?? ''
	};
}

/** Errors on `options.2.labels.sv` are shown on the `options` field (one textarea), `condition.values.0` on `condition.values`. */
export function collapseErrors(errors: FieldErrors): FieldErrors {
	const out: FieldErrors = {};
	for (const [key, messages] of Object.entries(errors)) {
		const field = /^(options|statements)\.\d+\.labels(\.|$)/.test(key)
			? key.split('.')[0]!
			: /^condition\.values\.\d+$/.test(key)
				? 'condition.values'
				: key;
		const list = (out[field] ??= []);
		for (const m of messages) if (!list.includes(m)) list.push(m);
	}
	return out;
}
