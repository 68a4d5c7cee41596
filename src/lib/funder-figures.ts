/**
 * The funder report's figures as tables: one shape that the web page, the PDF, the XLSX, the
 * CSV and a frozen version all render, so they agree number for number. Labels are translated
 * when the figures are computed (a frozen version keeps its language).
 */

/** How a column's values are written: money in minor units, shares 0..1, hours with decimals. */
export type ColumnKind = 'text' | 'int' | 'decimal' | 'money' | 'percent';

export interface FigureTable {
	id: string;
	title: string;
	columns: { label: string; kind: ColumnKind }[];
	rows: (string | number | null)[][];
	/** The totals row, when the table has one. */
	total?: (string | number | null)[];
	/** A bar chart of one numeric column (the PDF draws it as vectors beside the data table). */
	chart?: { column: number };
	/** Shown under the table (e.g. why a breakdown is missing). */
	note?: string;
}

export interface FunderFigures {
	reportId: number;
	title: string;
	programme: string;
	funder: string | null;
	period: { from: string; to: string };
	locale: 'en' | 'sv' | 'da' | 'nb';
	currency: string;
	computedAt: string;
	/** The headline figures (label, value, kind). */
	headline: { label: string; value: number; kind: ColumnKind }[];
	tables: FigureTable[];
	texts: { summary: string; lessons: string };
	/** Section headings in the report's language. */
	headings: { figures: string; summary: string; lessons: string; page: string; generated: string };
}

const INTL: Record<string, string> = { en: 'en-GB', sv: 'sv-SE', da: 'da-DK', nb: 'nb-NO' };

/** A value as the page and the PDF show it (the XLSX keeps numbers as numbers). */
export function formatCell(
	value: string | number | null,
	kind: ColumnKind,
	locale: string,
	currency: string
): string {
	if (value === null) return '–';
	if (typeof value === 'string') return value;
	const format = numberFormat(INTL[locale] ?? locale, kind, currency);
	return format.format(kind === 'money' ? value / 100 : value);
}

/**
 * One formatter per language, kind and currency, made once: building an Intl.NumberFormat costs
 * tens of microseconds, and the report's page formats hundreds of cells on every view.
 */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(loc: string, kind: ColumnKind, currency: string): Intl.NumberFormat {
	const key = `${loc}|${kind}|${kind === 'money' ? currency : ''}`;
	let f = formats.get(key);
	if (!f) {
		f = new Intl.NumberFormat(
			loc,
			kind === 'money'
				? { style: 'currency', currency, minimumFractionDigits: 2 }
				: kind === 'percent'
					? { style: 'percent', maximumFractionDigits: 1 }
					: { maximumFractionDigits: kind === 'decimal' ? 2 : 0 }
		);
		// Bounded: the keys are languages × kinds × the currencies programmes use.
		if (formats.size < 200) formats.set(key, f);
	}
	return f;
}

/** A value as a spreadsheet cell: money in major units, shares as fractions (with a number format). */
export function sheetValue(value: string | number | null, kind: ColumnKind): string | number | null {
	if (typeof value !== 'number') return value;
	return kind === 'money' ? value / 100 : value;
}

/**
 * One table as CSV (semicolon-separated in sv/da/nb as Nordic spreadsheets expect, numbers
 * unformatted, money in major units, a leading = + - @ in text defused): the funder report's
 * tables and the budget's.
 */
export function tableCsv(table: FigureTable, locale: string): string {
	const sep = locale === 'en' ? ',' : ';';
	const quote = (v: string | number | null) => {
		const s =
			v === null
				? ''
				: typeof v === 'number'
					? locale === 'en'
						? String(v)
						: String(v).replace('.', ',')
					: v;
		// A leading = + - @ would run as a formula in a spreadsheet.
		const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
		return /[";,\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
	};
	const lines = [table.columns.map((c) => quote(c.label))];
	for (const r of table.rows) lines.push(r.map((v, i) => quote(sheetValue(v, table.columns[i]!.kind))));
	if (table.total) lines.push(table.total.map((v, i) => quote(sheetValue(v, table.columns[i]!.kind))));
	return '\ufeff' + lines.map((l) => l.join(sep)).join('\r\n') + '\r\n';
}
