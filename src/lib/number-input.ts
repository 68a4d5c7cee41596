import { formatNumber, type Locale } from '#lib/i18n/core.ts';

/**
 * The value of a decimal input in the reader's number format: saved hours read "1,5" in
 * Swedish, not "1.5" (issue 15.12); the schemas accept either separator back. No grouping, so
 * "1 500" never comes back as two numbers. Anything else (what was typed, after an error) as is.
 * Components: `decimalInputIn(page.data.locale, value)`.
 */
export function decimalInputIn(locale: Locale, value: unknown): string {
	if (value === null || value === undefined) return '';
	const n = typeof value === 'number' ? value : /^-?\d+(\.\d+)?$/.test(String(value)) ? Number(value) : NaN;
	if (!Number.isFinite(n)) return String(value);
	return formatNumber(locale, n, { useGrouping: false, maximumFractionDigits: 4 });
}
