import { z } from 'zod';
import type { Locale } from '#lib/i18n/index.ts';
import { fields } from '../core/validation.ts';

/**
 * Texts written by the programme (survey titles, question texts, scale labels) are stored as
 * JSON `{ en, sv, da?, nb? }`. Every language is optional (at least one is written; `en` and
 * `sv` are stored as empty strings when not written), and a reader gets the nearest language
 * written.
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

/**
 * Zod shape of a multilingual text: every language optional (up to `max` characters), at least
 * one written (else the issue `surveys.error.oneLanguage` on the text as a whole, e.g. `title`).
 * A survey written only in Swedish is valid; readers get the nearest language written (FALLBACK).
 * The output keeps the stored shape: `en` and `sv` always present (empty when not written).
 */
export function i18nTextSchema(max = 500) {
	const language = fields
		.string()
		.trim()
		.max(max)
		.optional()
		.transform((v) => (v ? v : undefined));
	return z
		.object({ en: language, sv: language, da: language, nb: language })
		.superRefine((t, ctx) => {
			if (!t.en && !t.sv && !t.da && !t.nb)
				ctx.addIssue({ code: 'custom', path: [], message: 'surveys.error.oneLanguage' });
		})
		.transform((t): I18nText => ({
			en: t.en ?? '',
			sv: t.sv ?? '',
			...(t.da ? { da: t.da } : {}),
			...(t.nb ? { nb: t.nb } : {})
		}));
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
