import type { FieldErrors } from '#lib/server/core/validation.ts';
import type { I18nText } from '#lib/server/surveys/surveys.schema.ts';
import type { QuestionView } from '#lib/server/surveys/builder.service.ts';

/**
 * Form plumbing for the builder (issue 15.9). The question form posts flat names:
 * `text.<lang>`; answer options and statements as a list, `options.count` rows of
 * `options.<i>.<lang>` (likewise `statements.…`); the condition as the earlier question
 * (`condition.questionId`) and the ticked answers `condition.answer[]` = `<questionId>:<value>`
 * (so a form listing several questions' answers without JavaScript is read unambiguously).
 * A button `edit` (add, remove, move a row; show a type's fields) changes the form without
 * saving: `editForm` gives the values back changed.
 */

export const LANGUAGES = ['en', 'sv', 'da', 'nb'] as const;
export const LISTS = ['options', 'statements'] as const;
export type ListName = (typeof LISTS)[number];
const MAX_ROWS = 50;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** How many rows a list has in the posted form (the hidden count, else the highest row posted + 1). */
function rowCount(values: Record<string, unknown>, list: ListName): number {
	const declared = Number(values[`${list}.count`]);
	let n = Number.isInteger(declared) && declared >= 0 ? Math.min(declared, MAX_ROWS) : 0;
	for (const key of Object.keys(values)) {
		const m = new RegExp(`^${list}\\.(\\d+)\\.`).exec(key);
		if (m && values[key] !== undefined) n = Math.max(n, Math.min(Number(m[1]) + 1, MAX_ROWS));
	}
	return n;
}

/** The rows of a list as posted, empty rows included (for redisplay). */
export function listRows(values: Record<string, unknown>, list: ListName): Record<string, string>[] {
	return Array.from({ length: rowCount(values, list) }, (_, i) =>
		Object.fromEntries(LANGUAGES.map((l) => [l, str(values[`${list}.${i}.${l}`])]))
	);
}

/** Rows back into flat form values (the inverse of `listRows`). */
function rowsToValues(list: ListName, rows: readonly Record<string, string>[]): Record<string, unknown> {
	const out: Record<string, unknown> = { [`${list}.count`]: String(rows.length) };
	rows.forEach((row, i) => {
		for (const l of LANGUAGES) out[`${list}.${i}.${l}`] = row[l] ?? '';
	});
	return out;
}

/** The labelled items of a list for the service; rows with no text in any language are left out. */
function listInput(values: Record<string, unknown>, list: ListName): { labels: Partial<I18nText> }[] {
	return listRows(values, list)
		.filter((row) => LANGUAGES.some((l) => row[l]!.trim() !== ''))
		.map((row) => ({ labels: Object.fromEntries(LANGUAGES.map((l) => [l, row[l]])) }));
}

/** The ticked answers of the chosen condition question, as numbers. */
function conditionValues(values: Record<string, unknown>, questionId: string): number[] {
	const ticked = values['condition.answer'];
	const list = Array.isArray(ticked) ? ticked : typeof ticked === 'string' ? [ticked] : [];
	return list
		.map(String)
		.filter((v) => v.startsWith(questionId + ':'))
		.map((v) => Number(v.slice(questionId.length + 1)));
}

/** A submitted question form → the service's question input (only the fields the type uses). */
export function questionInput(values: Record<string, unknown>): Record<string, unknown> {
	const type = values.type;
	const questionId = str(values['condition.questionId']);
	const uses = (...types: string[]) => types.includes(String(type));
	return {
		type,
		text: Object.fromEntries(LANGUAGES.map((l) => [l, values[`text.${l}`]])),
		required: values.required ?? false,
		sectionId: values.sectionId ?? null,
		scaleId: uses('single', 'matrix') ? (values.scaleId ?? null) : null,
		options: uses('multi') ? listInput(values, 'options') : undefined,
		statements: uses('matrix') ? listInput(values, 'statements') : undefined,
		maxPicks: uses('multi') ? (values.maxPicks ?? null) : null,
		min: uses('number') ? (values.min ?? null) : null,
		max: uses('number') ? (values.max ?? null) : null,
		condition: questionId ? { questionId, values: conditionValues(values, questionId) } : null
	};
}

/**
 * A form edit without saving (the `edit` button): `type` (show that type's fields),
 * `<list>.add`, `<list>.remove.<i>`, `<list>.up.<i>`, `<list>.down.<i>`. Returns the changed
 * values and the field to focus, or null for an unknown edit.
 */
export function editForm(
	values: Record<string, unknown>,
	edit: string
): { values: Record<string, unknown>; focus: string } | null {
	if (edit === 'type') return { values, focus: 'type' };
	const m = /^(options|statements)\.(add|remove|up|down)(?:\.(\d+))?$/.exec(edit);
	if (!m) return null;
	const list = m[1] as ListName;
	const rows = listRows(values, list);
	const i = m[3] === undefined ? -1 : Number(m[3]);
	let focus: number;
	if (m[2] === 'add') {
		if (rows.length >= MAX_ROWS) return { values, focus: `${list}.add` };
		rows.push(Object.fromEntries(LANGUAGES.map((l) => [l, ''])));
		focus = rows.length - 1;
	} else if (i < 0 || i >= rows.length) return null;
	else if (m[2] === 'remove') {
		rows.splice(i, 1);
		focus = Math.min(i, rows.length - 1);
	} else {
		const j = m[2] === 'up' ? i - 1 : i + 1;
		if (j < 0 || j >= rows.length) return { values, focus: `${list}.${i}` };
		[rows[i], rows[j]] = [rows[j]!, rows[i]!];
		focus = j;
	}
	const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith(list + '.')));
	return {
		values: { ...kept, ...rowsToValues(list, rows) },
		focus: focus < 0 ? `${list}.add` : `${list}.${focus}`
	};
}

/** A question's current values in form names, to fill the edit form. */
export function questionValues(q: QuestionView): Record<string, unknown> {
	const list = q.type === 'multi' ? 'options' : q.type === 'matrix' ? 'statements' : null;
	return {
		type: q.type,
		...Object.fromEntries(LANGUAGES.map((l) => [`text.${l}`, q.text[l] ?? ''])),
		required: q.required,
		sectionId: q.sectionId ?? '',
		scaleId: q.type === 'single' || q.type === 'matrix' ? (q.scaleId ?? '') : '',
		...(list
			? rowsToValues(
					list,
					q.options.map((o) => Object.fromEntries(LANGUAGES.map((l) => [l, o.labels[l] ?? ''])))
				)
			: {}),
		maxPicks: q.maxPicks ?? '',
		min: q.min ?? '',
		max: q.max ?? '',
		'condition.questionId': q.condition?.questionId ?? '',
		'condition.answer': q.condition ? q.condition.values.map((v) => `${q.condition!.questionId}:${v}`) : []
	};
}

/**
 * Errors on `options.2.labels.sv` are shown on that row (`options.2`), `condition.values.0` on
 * the condition's answers, a text's "at least one language" on its first field.
 */
export function collapseErrors(errors: FieldErrors): FieldErrors {
	const out: FieldErrors = {};
	for (const [key, messages] of Object.entries(errors)) {
		const row = /^((?:options|statements)\.\d+)\.labels(\.|$)/.exec(key);
		const field = row ? row[1]! : /^condition\.values(\.\d+)?$/.test(key) ? 'condition.answer' : key;
		const list = (out[field] ??= []);
		for (const m of messages) if (!list.includes(m)) list.push(m);
	}
	return out;
}
