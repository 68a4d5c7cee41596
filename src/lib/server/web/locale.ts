import { DEFAULT_LOCALE, isLocale, negotiateLocale, type Locale } from '#lib/i18n/index.ts';

export const LOCALE_COOKIE = 'klok_locale';

/**
 * The request's language: the person's saved choice, then the language cookie (set by the
 * switcher before sign-in), then Accept-Language, then Swedish.
 */
export function resolveLocale(input: {
	personLocale?: string | null;
	cookie?: string | undefined;
	acceptLanguage?: string | null;
}): Locale {
	if (isLocale(input.personLocale)) return input.personLocale;
	if (isLocale(input.cookie)) return input.cookie;
	return negotiateLocale(input.acceptLanguage) ?? DEFAULT_LOCALE;
}
