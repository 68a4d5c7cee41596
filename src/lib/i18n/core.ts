import type { MessageKey } from './index.ts';
export type { MessageKey };

/**
 * The i18n runtime without any catalogue: locales, translation, plurals and formatting. It is
 * safe in the browser; `index.ts` adds the catalogues (server side) and re-exports all of this.
 */
export const LOCALES = ['en', 'sv', 'da', 'nb'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'sv';

export type Dictionary = Record<string, string>;
/**
 * The messages this runtime holds. On the server, `index.ts` loads every catalogue; in the
 * browser only the messages a page needs arrive (see `ui.ts`), so the catalogues never become
 * JavaScript (issue 15.15).
 */
const dictionaries: Record<Locale, Dictionary> = { en: {}, sv: {}, da: {}, nb: {} };

/** Adds messages of one locale (the catalogues on the server, a page's messages in the browser). */
export function addMessages(locale: Locale, messages: Dictionary): void {
	Object.assign(dictionaries[locale], messages);
}

/** The messages held for a locale, English filling any gap (what the browser is sent). */
export function messagesOf(locale: Locale, keys?: Iterable<string>): Dictionary {
	const out: Dictionary = {};
	const own = dictionaries[locale];
	const en = dictionaries.en;
	for (const key of keys ?? Object.keys(en)) {
		const text = own[key] ?? en[key];
		if (text !== undefined) out[key] = text;
	}
	return out;
}

let recorder: ((key: string) => void) | undefined;

/** Observes every key translated (the server collects the keys a page renders). */
export function onMessageUsed(fn: (key: string) => void): void {
	recorder = fn;
}

export type MessageParams = Record<string, string | number>;

/** Is this string one of Klok's locales? */
export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Is this string a message key (used for messages carried through zod issues)? */
export function isMessageKey(value: unknown): value is MessageKey {
	if (typeof value !== 'string') return false;
	for (const locale of LOCALES) if (value in dictionaries[locale]) return true;
	return false;
}

/**
 * Translates `key` into `locale`, filling `{name}` placeholders. Falls back to English, then
 * to the key itself, so a missing text is visible rather than blank.
 */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
	recorder?.(key);
	const template = dictionaries[locale][key] ?? dictionaries.en[key] ?? key;
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
		const value = params[name];
		if (value === undefined) return whole;
		return typeof value === 'number' ? formatNumber(locale, value) : value;
	});
}

/** Keys with plural forms: `<base>.one`, `<base>.other` (and `.zero`, `.two`, … where a language has them). */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}.other` ? B : never) : never;

const pluralRules = new Map<Locale, Intl.PluralRules>();

/**
 * Translates a count with the language's plural rules (`Intl.PluralRules`): picks
 * `<key>.<category>` (one, other, …), else `<key>.other`; `{count}` is the count in the
 * locale's number format.
 */
export function translatePlural(
	locale: Locale,
	key: PluralKey,
	count: number,
	params?: MessageParams
): string {
	let rules = pluralRules.get(locale);
	if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(intlTag[locale])));
	const category = rules.select(count);
	const exact = `${key}.${category}`;
	const chosen = (isMessageKey(exact) ? exact : `${key}.other`) as MessageKey;
	return translate(locale, chosen, { count, ...params });
}

/** BCP 47 tag used by Intl for each locale. */
export const intlTag: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE', da: 'da-DK', nb: 'nb-NO' };

// Building an Intl formatter costs far more than using one (it showed in the registration
// rush profile), so formatters are kept per tag and options.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A cached `Intl.NumberFormat`. */
export function numberFormat(tag: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
	const key = tag + JSON.stringify(options);
	let f = numberFormats.get(key);
	if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(tag, options)));
	return f;
}

/** A cached `Intl.DateTimeFormat`. */
export function dateTimeFormat(tag: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
	const key = tag + JSON.stringify(options);
	let f = dateTimeFormats.get(key);
	if (!f) dateTimeFormats.set(key, (f = new Intl.DateTimeFormat(tag, options)));
	return f;
}

/** Formats a number in the locale's convention (e.g. 11 722 in Swedish). */
export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions): string {
	return numberFormat(intlTag[locale], options).format(value);
}

/**
 * Formats an ISO timestamp or `YYYY-MM-DD` date in the locale. Timestamps are shown in
 * `timeZone` (the programme's); bare dates are shown as the calendar date they name.
 */
export function formatDate(
	locale: Locale,
	value: string | null | undefined,
	options: { time?: boolean; timeZone?: string } = {}
): string {
	if (!value) return '';
	const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
	const date = new Date(dateOnly ? value + 'T12:00:00Z' : value);
	if (Number.isNaN(date.getTime())) return value;
	return dateTimeFormat(intlTag[locale], {
		dateStyle: 'medium',
		...(options.time && !dateOnly ? { timeStyle: 'short' } : {}),
		timeZone: dateOnly ? 'UTC' : (options.timeZone ?? 'Europe/Stockholm')
	}).format(date);
}

/**
 * Picks the best supported locale from an Accept-Language header (q-values honoured;
 * `no`/`nn` map to Norwegian bokmål). Returns undefined when nothing matches.
 */
export function negotiateLocale(header: string | null | undefined): Locale | undefined {
	if (!header) return undefined;
	const ranked = header
		.split(',')
		.map((part, index) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.find((p) => p.trim().startsWith('q='));
			return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1, index };
		})
		.filter((r) => r.tag && r.q > 0)
		.sort((a, b) => b.q - a.q || a.index - b.index);
	for (const { tag } of ranked) {
		const primary = tag.split('-')[0] ?? '';
		if (isLocale(primary)) return primary;
		if (primary === 'no' || primary === 'nn') return 'nb';
	}
	return undefined;
}
