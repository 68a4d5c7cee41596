/**
 * Money as integers of minor units (öre, øre, cent) in the programme's currency, formatted
 * with Intl in the user's locale. Shared by server and pages (no server imports here).
 */

const INTL_LOCALE: Record<string, string> = { en: 'en-GB', sv: 'sv-SE', da: 'da-DK', nb: 'nb-NO' };

/** `123450` SEK in sv → "1 234,50 kr". */
export function formatMoney(minor: number, currency: string, locale: string): string {
	return new Intl.NumberFormat(INTL_LOCALE[locale] ?? locale, {
		style: 'currency',
		currency,
		minimumFractionDigits: 2,
		maximumFractionDigits: 2
	}).format(minor / 100);
}

export type MoneyParse =
	{ ok: true; minor: number } | { ok: false; error: 'invalid' | 'fraction' | 'negative' };

/**
 * Reads an amount as typed: "1 234,50" or "1.234,50" in sv/da/nb, "1,234.50" in en, or a plain
 * number. More than two decimals is a fraction of a minor unit and refused, as is a negative.
 */
export function parseMoney(input: string | number, locale: string): MoneyParse {
	if (typeof input === 'number') {
		if (!Number.isFinite(input)) return { ok: false, error: 'invalid' };
		if (input < 0) return { ok: false, error: 'negative' };
		const minor = Math.round(input * 100);
		if (Math.abs(minor - input * 100) > 1e-6) return { ok: false, error: 'fraction' };
		return minor > Number.MAX_SAFE_INTEGER ? { ok: false, error: 'invalid' } : { ok: true, minor };
	}
	let s = input.replace(/[\s\u00a0\u202f]/g, '').replace(/(kr|sek|dkk|nok|eur|€)$/i, '');
	if (s === '') return { ok: false, error: 'invalid' };
	let negative = false;
	if (s.startsWith('-') || s.startsWith('\u2212')) {
		negative = true;
		s = s.slice(1);
	}
	const decimal = locale === 'en' ? '.' : ',';
	const group = locale === 'en' ? ',' : '.';
	// A lone "." in sv/da/nb with digits after it that are not a group of three is a decimal point.
	if (locale !== 'en' && !s.includes(',') && /^\d+\.\d{1,2}$/.test(s)) s = s.replace('.', ',');
	if (locale === 'en' && !s.includes('.') && /^\d+,\d{1,2}$/.test(s)) s = s.replace(',', '.');
	const [whole, frac, ...rest] = s.split(decimal);
	if (rest.length > 0 || whole === undefined) return { ok: false, error: 'invalid' };
	const groups = whole.split(group);
	if (groups.some((g, i) => !/^\d+$/.test(g) || (i > 0 && g.length !== 3)))
		return { ok: false, error: 'invalid' };
	if (frac !== undefined && !/^\d+$/.test(frac)) return { ok: false, error: 'invalid' };
	if (frac !== undefined && frac.length > 2 && /[1-9]/.test(frac.slice(2)))
		return { ok: false, error: 'fraction' };
	if (negative) return { ok: false, error: 'negative' };
	const minor = Number(groups.join('')) * 100 + Number(((frac ?? '') + '00').slice(0, 2));
	return Number.isSafeInteger(minor) ? { ok: true, minor } : { ok: false, error: 'invalid' };
}
