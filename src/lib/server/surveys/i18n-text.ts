import { z } from 'zod';
import type { Locale } from '#lib/i18n/index.ts';
import { fields } from '../core/validation.ts';

/**
 * Texts written by the programme (survey titles, question texts, scale labels) are stored as
 * JSON `{ en, sv, da?, nb? }`. English and Swedish are required; Danish and Norwegian are
 * optional and fall back to the nearest language a respondent can read.
 */
export interface I18nText {
	en: string;
	sv: string;
	da?: string;
	nb?: string;
}

export const TEXT_LOCALES = ['en', 'sv', 'da', 'nb'] as const satisfies readonly Locale[];

/** The order in which languages are tried for a reader of `locale` (Scandinavian languages first for each other). */
const FALLBACK: Record<Locale, readonly Locale[]> = {
	en: ['en', 'sv', 'da', 'nb'],
	sv: ['sv', 'nb', 'da', 'en'],
	da: ['da', 'nb', 'sv', 'en'],
	nb: ['nb', 'da', 'sv', 'en']
};

/** Zod shape of a multilingual text: en and sv required (1..max characters), da and nb optional. */
export function i18nTextSchema(max = 500) {
	const optional = z
		.string()
		.trim()
		.max(max)
		.optional()
		.transform((v) => (v ? v : undefined));
	return z.object({
		en: fields.string().trim().min(1).max(max),
		sv: fields.string().trim().min(1).max(max),
		da: optional,
		nb: optional
	});
}

/** Reads a stored text; tolerant of a plain string (treated as the same text in every language). */
export function parseI18n(json: string | null | undefined): I18nText {
	if (!json) return { en: '', sv: '' };
	try {
		const value: unknown = JSON.parse(json);
		if (typeof value === 'string') return { en: value, sv: value };
		if (value && typeof value === 'object') {
			const v = value as Record<string, unknown>;
			const out: I18nText = { en: String(v.en ?? ''), sv: String(v.sv ?? '') };
			if (typeof v.da === 'string' && v.da) out.da = v.da;
			if (typeof v.nb === 'string' && v.nb) out.nb = v.nb;
			return out;
		}
	} catch {
		// A plain, non-JSON string.
	}
	return { en: json, sv: json };
}

/** Serialises a text for storage, leaving out empty optional languages. */
export function stringifyI18n(text: I18nText): string {
	const out: Record<string, string> = { en: text.en, sv: text.sv };
	if (text.da) out.da = text.da;
	if (text.nb) out.nb = text.nb;
	return JSON.stringify(out);
}

/** The text in `locale`, or the nearest available language (see FALLBACK). */
export function pickText(text: I18nText | string | null | undefined, locale: Locale): string {
	if (text === null || text === undefined) return '';
	const value = typeof text === 'string' ? parseI18n(text) : text;
	for (const l of FALLBACK[locale]) {
		const s = value[l];
		if (s) return s;
	}
	return '';
}

/** A text that is the same in every language (codes, numbers). */
export function sameText(s: string): I18nText {
	return { en: s, sv: s };
}
