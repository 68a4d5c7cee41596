import * as common from './messages/common.ts';
import * as home from './messages/home.ts';
import * as organisation from './messages/organisation.ts';
import * as people from './messages/people.ts';
import * as audit from './messages/audit.ts';
import * as auth from './messages/auth.ts';
import * as settings from './messages/settings.ts';
import * as mail from './messages/mail.ts';
import * as importArea from './messages/import.ts';
import * as attendance from './messages/attendance.ts';
import * as reports from './messages/reports.ts';
import * as registrations from './messages/registrations.ts';
import * as notifications from './messages/notifications.ts';
import * as catalogue from './messages/catalogue.ts';
import * as surveys from './messages/surveys.ts';
import * as cycle from './messages/cycle.ts';
import * as processes from './messages/processes.ts';
import * as dashboards from './messages/dashboards.ts';
import * as plans from './messages/plans.ts';
import * as surveyResults from './messages/survey-results.ts';
import * as logbook from './messages/logbook.ts';
import * as surveyAnswering from './messages/survey-answering.ts';
import * as surveyExport from './messages/survey-export.ts';
import * as courseEvaluation from './messages/course-evaluation.ts';
import * as surveyBuilder from './messages/survey-builder.ts';
import * as surveyFigures from './messages/survey-figures.ts';
import * as ux from './messages/ux.ts';
import * as funder from './messages/funder.ts';
import * as goals from './messages/goals.ts';

/**
 * The i18n layer. Messages live in `messages/<area>.ts`, each exporting `en` (the reference)
 * and `sv` typed as `Record<keyof typeof en, string>`, so a missing Swedish text fails the
 * type check. Danish and Norwegian (`da`, `nb`) are optional per area and fall back to English.
 * Add an area by importing it in `areas` below.
 */
const areas = [
	common,
	home,
	people,
	audit,
	organisation,
	auth,
	settings,
	mail,
	importArea,
	attendance,
	reports,
	notifications,
	registrations,
	catalogue,
	surveys,
	cycle,
	processes,
	dashboards,
	plans,
	logbook,
	surveyAnswering,
	surveyResults,
	surveyExport,
	courseEvaluation,
	surveyBuilder,
	surveyFigures,
	ux,
	funder,
	goals
] as const;

type AreaKeys<A> = A extends { en: infer E } ? keyof E : never;
export type MessageKey = AreaKeys<(typeof areas)[number]> & string;

export const LOCALES = ['en', 'sv', 'da', 'nb'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'sv';

type Dictionary = Record<string, string>;
const dictionaries: Record<Locale, Dictionary> = { en: {}, sv: {}, da: {}, nb: {} };
for (const area of areas) {
	for (const locale of LOCALES) {
		Object.assign(dictionaries[locale], (area as Partial<Record<Locale, Dictionary>>)[locale] ?? {});
	}
}

export type MessageParams = Record<string, string | number>;

/** Is this string one of Klok's locales? */
export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Is this string a message key (used for messages carried through zod issues)? */
export function isMessageKey(value: unknown): value is MessageKey {
	return typeof value === 'string' && value in dictionaries.en;
}

/**
 * Translates `key` into `locale`, filling `{name}` placeholders. Falls back to English, then
 * to the key itself, so a missing text is visible rather than blank.
 */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
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
