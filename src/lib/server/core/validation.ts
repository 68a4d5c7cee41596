import { z } from 'zod';
import { isMessageKey, translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';

/** Field name → translated messages. `_form` holds errors that belong to no single field. */
export type FieldErrors = Record<string, string[]>;

/**
 * Turns zod issues into messages in the user's language. Schemas may carry an i18n key as a
 * custom message (`z.string().refine(…, 'error.emailTaken')`); other issues are mapped by kind.
 */
export function fieldErrors(error: z.ZodError, locale: Locale): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of error.issues) {
		const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
		(out[field] ??= []).push(issueMessage(issue, locale));
	}
	return out;
}

function issueMessage(issue: z.core.$ZodIssue, locale: Locale): string {
	if (isMessageKey(issue.message)) return translate(locale, issue.message);
	const key = ((): [MessageKey, Record<string, number>?] => {
		switch (issue.code) {
			case 'too_small':
				if (issue.origin === 'string')
					return Number(issue.minimum) <= 1
						? ['error.required']
						: ['error.tooShort', { min: Number(issue.minimum) }];
				if (issue.origin === 'array' || issue.origin === 'set') return ['error.required'];
				return ['error.tooSmall', { min: Number(issue.minimum) }];
			case 'too_big':
				if (issue.origin === 'string') return ['error.tooLong', { max: Number(issue.maximum) }];
				return ['error.tooBig', { max: Number(issue.maximum) }];
			case 'invalid_format':
				if (issue.format === 'email') return ['error.email'];
				if (issue.format === 'date') return ['error.date'];
				return ['error.invalid'];
			case 'invalid_type':
				// Words where a number belongs ("ten") arrive as NaN: say "enter a number", not "required".
				if ('received' in issue && issue.received === 'NaN') return ['error.number'];
				if (issue.input === undefined || issue.input === null || issue.input === '')
					return ['error.required'];
				if (issue.expected === 'number') return ['error.number'];
				if (issue.expected === 'int') return ['error.integer'];
				return ['error.invalid'];
			case 'invalid_value':
				return ['error.choice'];
			case 'not_multiple_of':
				return ['error.integer'];
			default:
				return ['error.invalid'];
		}
	})();
	return translate(locale, key[0], key[1]);
}

/**
 * Form names that would reach an object's prototype (`__proto__`, `constructor.prototype`).
 * No form of Klok uses them, so they are dropped wherever form names become object keys.
 */
const RESERVED_NAMES = new Set(['__proto__', 'prototype', 'constructor']);

/** One segment of a form name: letters, digits, `_` and `-` (`text.en`, `options.2.labels`). */
const NAME_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

function isSafeSegment(segment: string): boolean {
	return NAME_SEGMENT.test(segment) && !RESERVED_NAMES.has(segment);
}

/**
 * Reads a submitted form into a plain object for zod: empty strings become undefined (so
 * optional fields stay optional), repeated names become arrays. Files are left out, and so
 * are names that could reach a prototype.
 */
export function formToObject(form: FormData): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of new Set(form.keys())) {
		const name = key.endsWith('[]') ? key.slice(0, -2) : key;
		if (!name.split('.').every(isSafeSegment)) continue;
		const values = form
			.getAll(key)
			.filter((v): v is string => typeof v === 'string')
			.map((v) => v.trim());
		const nonEmpty = values.filter((v) => v !== '');
		if (key.endsWith('[]')) out[name] = nonEmpty;
		else out[name] = nonEmpty.length === 0 ? undefined : nonEmpty[0];
	}
	return out;
}

/** Every submitted text value by name, as lists (to refill multi-value fields); unsafe names left out. */
export function formToLists(form: FormData): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	for (const key of new Set(form.keys())) {
		if (!key.replace(/\[\]$/, '').split('.').every(isSafeSegment)) continue;
		out[key] = form.getAll(key).filter((v): v is string => typeof v === 'string');
	}
	return out;
}

/**
 * Dotted form names into nested objects: `{ 'text.en': 'x' }` → `{ text: { en: 'x' } }`.
 * Walks own properties only and skips names that are not plain segments, so no name can
 * reach `Object.prototype`; a name that clashes with a value already set is dropped.
 */
export function nestFormValues(values: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(values)) {
		if (value === undefined) continue;
		const parts = key.split('.');
		if (!parts.every(isSafeSegment)) continue;
		let node: Record<string, unknown> | null = out;
		for (const part of parts.slice(0, -1)) {
			if (!Object.hasOwn(node, part)) node[part] = {};
			const next: unknown = node[part];
			node =
				typeof next === 'object' && next !== null && !Array.isArray(next)
					? (next as Record<string, unknown>)
					: null;
			if (!node) break;
		}
		if (node) node[parts.at(-1)!] = value;
	}
	return out;
}

/** Does a parsed update name at least one field (a defined value)? */
export function hasChanges(data: object): boolean {
	return Object.values(data).some((v) => v !== undefined);
}

export type ParseResult<T> =
	{ ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/** Validates a form submission; on failure returns translated field errors and the submitted values to refill the form. */
export async function parseForm<S extends z.ZodType>(
	request: Request,
	schema: S,
	locale: Locale
): Promise<ParseResult<z.output<S>> & { form?: FormData }> {
	const form = await request.formData();
	const values = formToObject(form);
	const parsed = schema.safeParse(values);
	if (parsed.success) return { ok: true, data: parsed.data, form };
	return { ok: false, errors: fieldErrors(parsed.error, locale), values, form };
}

/**
 * C0 control characters other than tab and line breaks, and DEL. No person types them; NUL in
 * particular is refused by PostgreSQL's text type, so it is refused here on both databases.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** What a single line (a title, a place, a link) may not hold beyond CONTROL_CHARACTERS. */
export const LINE_BREAKS = /[\r\n]/;

/** Dates outside this range are typing mistakes or probes; date arithmetic stays in range. */
export const DATE_RANGE = { min: '1900-01-01', max: '2199-12-31' } as const;

/** Shared building blocks so every form and API validates the same way. */
export const fields = {
	/** Any text input: a string without control characters (tab and line breaks allowed). */
	string: () => z.string().refine((v) => !CONTROL_CHARACTERS.test(v), { message: 'error.controlCharacters' }),
	/**
	 * Refuses line breaks in text that must stay on one line because it travels into calendar
	 * files and e-mail headers (titles, places, links); checked after trimming. Wraps a
	 * `fields.string()`-based schema, which refuses the other control characters.
	 */
	singleLine: <S extends z.ZodType<string>>(schema: S) =>
		schema.refine((v) => !LINE_BREAKS.test(v), { message: 'error.singleLine' }),
	/** Required text, trimmed, 1..max characters. */
	text: (max = 200) => fields.string().trim().min(1).max(max),
	optionalText: (max = 200) => fields.string().trim().max(max).optional(),
	email: () => fields.string().trim().max(254).pipe(z.email()),
	/** `YYYY-MM-DD` that is a real calendar date between 1900 and 2199. */
	date: () =>
		z.iso
			.date({ abort: true })
			.refine((v) => !Number.isNaN(Date.parse(v + 'T00:00:00Z')), { message: 'error.date', abort: true })
			.refine((v) => v >= DATE_RANGE.min && v <= DATE_RANGE.max, { message: 'error.dateRange' }),
	/** Positive integer id from a form field or JSON. */
	id: () => z.coerce.number({ error: 'error.unknownId' }).int().positive(),
	/**
	 * A checkbox, a query flag or a JSON boolean: `on`, `true`, `1`, `yes` and `off`, `false`,
	 * `0`, `no`. Any other text is refused rather than read as "unticked", so a stray value
	 * never switches a setting off.
	 */
	flag: () =>
		z.preprocess(
			(v) => (typeof v === 'string' ? (FLAG_WORDS.get(v.toLowerCase()) ?? v) : v),
			z.boolean({ error: 'error.invalid' })
		),
	/** A form checkbox, where an absent or empty field means unticked. */
	ticked: () => z.preprocess((v) => (v === '' ? undefined : v), fields.flag().default(false))
};

const FLAG_WORDS = new Map<string, boolean>([
	['on', true],
	['true', true],
	['1', true],
	['yes', true],
	['off', false],
	['false', false],
	['0', false],
	['no', false]
]);

// ---- shared parse

/** Parses `input` with `schema`; on failure throws the domain's error made from the zod error. */
export function parseInput<S extends z.ZodType>(
	schema: S,
	input: unknown,
	toError: (error: z.ZodError) => Error
): z.output<S> {
	const parsed = schema.safeParse(input);
	if (!parsed.success) throw toError(parsed.error);
	return parsed.data;
}
