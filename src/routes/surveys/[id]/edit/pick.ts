import type { Locale } from '#lib/i18n/index.ts';

/**
 * Client-safe twin of `pickText` (lib/server/surveys/i18n-text.ts, which components may not
 * import): the text in the reader's language, or the nearest one written.
 */
type Text = { en: string; sv: string; da?: string; nb?: string };
const FALLBACK: Record<Locale, readonly Locale[]> = {
	en: ['en', 'sv', 'da', 'nb'],
	sv: ['sv', 'nb', 'da', 'en'],
	da: ['da', 'nb', 'sv', 'en'],
	nb: ['nb', 'da', 'sv', 'en']
};

export function pick(text: Text | null | undefined, locale: Locale): string {
	if (!text) return '';
	for (const l of FALLBACK[locale] ?? FALLBACK.en) if (text[l]) return text[l]!;
	return '';
}

/** The language the text is shown in (for `lang` attributes). */
export function pickLang(text: Text | null | undefined, locale: Locale): Locale {
	if (!text) return locale;
	return (FALLBACK[locale] ?? FALLBACK.en).find((l) => text[l]) ?? locale;
}

export const QUESTION_TYPE_LIST = [
	'single',
	'multi',
	'matrix',
	'text',
	'number',
	'learning_situations'
] as const;
