import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/**
 * Reading uploaded CSV and XLSX files into a plain table of strings. Nothing here knows about
 * people or units; `columns.ts` maps headers and `imports.service.ts` validates.
 */

/** One data row: its number as the user sees it in the file (header = 1) and its cells. */
export interface TableRow {
	n: number;
	cells: string[];
}

export interface Table {
	headers: string[];
	rows: TableRow[];
}

/** A file that cannot be read at all; `key` is an i18n key shown on the upload form. */
export class ImportFileError extends Error {
	constructor(
		readonly key:
			| 'import.file.unsupported'
			| 'import.file.unreadable'
			| 'import.file.empty'
			| 'import.file.tooManyRows'
			| 'import.file.missingColumns',
		readonly params: Record<string, string | number> = {}
	) {
		super(key);
		this.name = 'ImportFileError';
	}
}

/** Upper bound on data rows in one file; well above the 10,000 the programme office needs. */
export const MAX_ROWS = 100_000;

/** Picks `;` or `,` by counting them outside quotes in the header line (Excel in Swedish writes `;`). */
export function detectDelimiter(text: string): ';' | ',' {
	const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
	let semicolons = 0;
	let commas = 0;
	let quoted = false;
	for (const c of firstLine) {
		if (c === '"') quoted = !quoted;
		else if (!quoted && c === ';') semicolons++;
		else if (!quoted && c === ',') commas++;
	}
	return semicolons > commas ? ';' : ',';
}

/** Parses CSV text (UTF-8, with or without BOM, `;` or `,`). Blank lines are skipped. */
export function parseCsv(text: string): Table {
	const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	let records: { record: string[]; info: { lines: number } }[];
	try {
		records = parse(clean, {
			delimiter: detectDelimiter(clean),
			bom: true,
			info: true,
			relax_column_count: true,
			skip_empty_lines: true,
			trim: true
		}) as unknown as { record: string[]; info: { lines: number } }[];
	} catch (e) {
		throw new ImportFileError('import.file.unreadable', { reason: (e as Error).message });
	}
	return toTable(records.map((r) => ({ n: r.info.lines, cells: r.record })));
}

function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((r) => r.text).join('');
		if ('text' in value && typeof value.text === 'string') return value.text;
		if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
		if ('error' in value) return '';
		return '';
	}
	return String(value).trim();
}

/** Parses the first worksheet of an XLSX workbook. Dates become `YYYY-MM-DD`. */
export async function parseXlsx(data: Uint8Array): Promise<Table> {
	const workbook = new ExcelJS.Workbook();
	try {
		// exceljs' typings predate generic Buffers; the runtime accepts any Uint8Array-backed Buffer.
		await workbook.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer);
	} catch (e) {
		throw new ImportFileError('import.file.unreadable', { reason: (e as Error).message });
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) throw new ImportFileError('import.file.empty');
	const rows: TableRow[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const cells: string[] = [];
		for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value).trim());
		if (cells.some((c) => c !== '')) rows.push({ n: rowNumber, cells });
	});
	return toTable(rows);
}

function toTable(all: TableRow[]): Table {
	const [header, ...rows] = all;
	if (!header || rows.length === 0) throw new ImportFileError('import.file.empty');
	if (rows.length > MAX_ROWS) throw new ImportFileError('import.file.tooManyRows', { max: MAX_ROWS });
	return { headers: header.cells, rows };
}

/** Reads an uploaded file by its extension (`.csv` or `.xlsx`). */
export async function readImportFile(fileName: string, data: Uint8Array): Promise<Table> {
	const lower = fileName.toLowerCase();
	if (lower.endsWith('.csv') || lower.endsWith('.txt'))
		return parseCsv(new TextDecoder('utf-8').decode(data));
	if (lower.endsWith('.xlsx')) return parseXlsx(data);
	throw new ImportFileError('import.file.unsupported');
}
