import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import type { ReportGrouping } from './reports.schema.ts';
import type { HoursReport } from './reports.service.ts';

/**
 * Report files. CSV is written for spreadsheet programs in the Nordic locales:
 * - UTF-8 with a byte-order mark, so Excel detects the encoding (å, ä, ö survive);
 * - `;` as the separator and CRLF line ends, as Swedish/Danish/Norwegian Excel expect
 *   (their list separator is `;` because `,` is the decimal sign);
 * - numbers with the locale's decimal sign (`12,5` in sv/da/nb, `12.5` in en), no thousands
 *   separator, so they open as numbers;
 * - fields quoted with `"` when they contain `;`, `"`, a line break or edge spaces (quotes
 *   doubled, RFC 4180); text starting with `=`, `+`, `-` or `@` gets a leading `'` so a
 *   spreadsheet never runs it as a formula.
 * XLSX has one sheet per grouping, a bold header row, numbers as numbers and a bold totals row.
 * Both are streamed (`hoursCsvStream`, `hoursXlsxStream`): CSV line by line, XLSX with
 * exceljs's streaming WorkbookWriter committing each row, so a download never sits in memory.
 */

/** The i18n key naming a grouping (column header and sheet name). */
export const groupingLabel: Record<ReportGrouping, MessageKey> = {
	unit: 'reports.groupBy.unit',
	organisation: 'reports.groupBy.organisation',
	track: 'reports.groupBy.track',
	jobCategory: 'reports.groupBy.jobCategory',
	gender: 'reports.groupBy.gender',
	month: 'reports.groupBy.month'
};

/** Column headers after the group column, in file order. */
const figureColumns = [
	['participants', 'reports.col.participants'],
	['hours', 'reports.col.hours'],
	['attendances', 'reports.col.attendances'],
	['sessions', 'reports.col.sessions']
] as const satisfies readonly (readonly [string, MessageKey])[];

export const CSV_SEPARATOR = ';';

export function csvText(value: string): string {
	const safe = /^[=+\-@]/.test(value) ? "'" + value : value;
	return /[;"\r\n]|^\s|\s$/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
}

export function csvNumber(value: number, locale: Locale): string {
	const text = String(Math.round(value * 100) / 100);
	return locale === 'en' ? text : text.replace('.', ',');
}

/** The CSV lines (CRLF included) of one grouping, header first, totals last; the BOM leads. */
export function* hoursCsvLines(report: HoursReport, locale: Locale): Generator<string> {
	const t = (key: MessageKey) => translate(locale, key);
	const header = [t(groupingLabel[report.groupBy]), ...figureColumns.map(([, key]) => t(key))];
	const rowLine = (label: string, r: HoursReport['totals'] | HoursReport['rows'][number]) =>
		[csvText(label), ...figureColumns.map(([field]) => csvNumber(r[field], locale))].join(CSV_SEPARATOR);
	yield '\uFEFF' + header.map(csvText).join(CSV_SEPARATOR) + '\r\n';
	for (const r of report.rows) yield rowLine(r.label, r) + '\r\n';
	yield rowLine(t('reports.total'), report.totals) + '\r\n';
}

/** One grouping of the hours report as CSV text (BOM included), totals as the last row. */
export function hoursCsv(report: HoursReport, locale: Locale): string {
	return [...hoursCsvLines(report, locale)].join('');
}

/** The same CSV as a byte stream, written a line at a time as the reader pulls. */
export function hoursCsvStream(report: HoursReport, locale: Locale): ReadableStream<Uint8Array> {
	const lines = hoursCsvLines(report, locale);
	const encoder = new TextEncoder();
	return new ReadableStream<Uint8Array>({
		pull(controller) {
			const next = lines.next();
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		}
	});
}

/** Excel refuses these in sheet names, and names longer than 31 characters. */
export function sheetName(name: string, taken: Set<string>): string {
	let base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';
	for (let i = 2; taken.has(base.toLowerCase()); i++) base = `${base.slice(0, 28)} ${i}`;
	taken.add(base.toLowerCase());
	return base;
}

/** Every grouping as its own sheet of one workbook, written to `workbook` row by row. */
async function writeSheets(
	workbook: ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter,
	reports: HoursReport[],
	locale: Locale
): Promise<void> {
	const t = (key: MessageKey) => translate(locale, key);
	workbook.creator = 'Klok';
	const taken = new Set<string>();
	for (const report of reports) {
		const sheet = workbook.addWorksheet(sheetName(t(groupingLabel[report.groupBy]), taken), {
			views: [{ state: 'frozen', ySplit: 1 }]
		});
		sheet.columns = [
			{ header: t(groupingLabel[report.groupBy]), key: 'label', width: 36 },
			...figureColumns.map(([field, key]) => ({ header: t(key), key: field, width: 16 }))
		];
		const header = sheet.getRow(1);
		header.font = { bold: true };
		header.commit();
		for (const r of report.rows)
			sheet
				.addRow({
					label: r.label,
					participants: r.participants,
					hours: r.hours,
					attendances: r.attendances,
					sessions: r.sessions
				})
				.commit();
		const total = sheet.addRow({ label: t('reports.total'), ...report.totals });
		total.font = { bold: true };
		total.commit();
		if ('commit' in sheet && typeof sheet.commit === 'function') (sheet as { commit(): void }).commit();
	}
}

/** Every grouping as its own sheet of one workbook (in memory; see `hoursXlsxStream`). */
export async function hoursXlsx(reports: HoursReport[], locale: Locale): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	await writeSheets(workbook, reports, locale);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The same workbook streamed: exceljs's WorkbookWriter writes each committed row to the stream. */
export function hoursXlsxStream(reports: HoursReport[], locale: Locale): ReadableStream<Uint8Array> {
	const out = new PassThrough();
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	void writeSheets(workbook, reports, locale)
		.then(() => workbook.commit())
		.catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
	return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
