import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { inflateEntry, readZipDirectory, storedZip, ZipError, type ZipEntry } from './zip.ts';

/**
 * Reading uploaded CSV and XLSX files into a plain table of strings. Nothing here knows about
 * people or units; `imports.schema.ts` maps headers and `imports.service.ts` validates.
 *
 * Every limit below is enforced while reading, before the next part of the file is unpacked or
 * kept, so a hostile file is refused early and costs little. The service runs this in a worker
 * (`reader.ts`), so even what slips past the limits cannot stall other requests.
 *
 * Only erasable TypeScript here: this file also runs in that worker under Node's type stripping.
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

export type ImportFileErrorKey =
	| 'import.file.unsupported'
	| 'import.file.unreadable'
	| 'import.file.empty'
	| 'import.file.tooManyRows'
	| 'import.file.missingColumns'
	| 'import.file.tooLarge'
	| 'import.file.unpackedTooLarge'
	| 'import.file.tooManyColumns'
	| 'import.file.cellTooLong'
	| 'import.file.encoding'
	| 'import.file.tooSlow'
	| 'import.file.tooMuchMemory';

/** A file that cannot be read at all; `key` is an i18n key shown on the upload form. */
export class ImportFileError extends Error {
	readonly key: ImportFileErrorKey;
	readonly params: Record<string, string | number>;
	constructor(key: ImportFileErrorKey, params: Record<string, string | number> = {}) {
		super(key);
		this.name = 'ImportFileError';
		this.key = key;
		this.params = params;
	}
}

const MB = 1024 * 1024;

/** Largest accepted file (CSV or XLSX as uploaded); 10,000 people rows are well under 2 MB. */
export const MAX_FILE_MB = 20;
/** Most an XLSX may unpack to (the parts read, together and each), and most text a table may hold. */
export const MAX_UNPACKED_MB = 50;
/** Upper bound on data rows in one file; well above the 10,000 the programme office needs. */
export const MAX_ROWS = 100_000;
/** Upper bound on columns (up to the last non-empty cell of a row). */
export const MAX_COLUMNS = 200;
/** Longest accepted cell; the longest imported field (an e-mail address) is 254. */
export const MAX_CELL_CHARS = 2_000;

/**
 * Collects rows and refuses the file as soon as one passes a limit, so a hostile file is never
 * held in full. Trailing empty cells (Excel pads rows to the used range) do not count.
 */
class TableBuilder {
	private header: TableRow | undefined;
	private readonly rows: TableRow[] = [];
	private chars = 0;

	add(n: number, raw: readonly string[]): void {
		let width = raw.length;
		while (width > 0 && raw[width - 1] === '') width--;
		if (width > MAX_COLUMNS)
			throw new ImportFileError('import.file.tooManyColumns', { row: String(n), max: MAX_COLUMNS });
		const cells = raw.length === width ? [...raw] : raw.slice(0, width);
		for (const cell of cells) {
			if (cell.length > MAX_CELL_CHARS)
				throw new ImportFileError('import.file.cellTooLong', { row: String(n), max: MAX_CELL_CHARS });
			this.chars += cell.length;
		}
		if (this.chars > MAX_UNPACKED_MB * MB)
			throw new ImportFileError('import.file.unpackedTooLarge', { max: MAX_UNPACKED_MB });
		if (!this.header) this.header = { n, cells };
		else {
			this.rows.push({ n, cells });
			if (this.rows.length > MAX_ROWS)
				throw new ImportFileError('import.file.tooManyRows', { max: MAX_ROWS });
		}
	}

	table(): Table {
		if (!this.header || this.rows.length === 0) throw new ImportFileError('import.file.empty');
		return { headers: this.header.cells, rows: this.rows };
	}
}

/** Picks `;`, `,` or tab by counting them outside quotes in the header line (Excel in Swedish writes `;`). */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
	const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
	let semicolons = 0;
	let commas = 0;
	let tabs = 0;
	let quoted = false;
	for (const c of firstLine) {
		if (c === '"') quoted = !quoted;
		else if (!quoted && c === ';') semicolons++;
		else if (!quoted && c === ',') commas++;
		else if (!quoted && c === '\t') tabs++;
	}
	if (tabs > semicolons && tabs > commas) return '\t';
	return semicolons > commas ? ';' : ',';
}

const encodingError = () => new ImportFileError('import.file.encoding');

function decodeStrict(encoding: string, bytes: Uint8Array): string {
	try {
		return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
	} catch {
		throw encodingError();
	}
}

/**
 * Decodes a CSV file's bytes: by its byte order mark (UTF-8, UTF-16 LE/BE), else as UTF-8 when
 * the bytes are valid UTF-8, else as Windows-1252 (what Excel's plain "CSV" writes on Nordic
 * Windows). Refuses what is none of these: NUL characters (binary data, or UTF-16 without a
 * BOM) or bytes that Windows-1252 leaves undefined.
 */
export function decodeCsv(bytes: Uint8Array): string {
	let text: string;
	const [a, b, c] = bytes;
	if (a === 0xef && b === 0xbb && c === 0xbf) text = decodeStrict('utf-8', bytes.subarray(3));
	else if (a === 0xff && b === 0xfe) text = decodeStrict('utf-16le', bytes.subarray(2));
	else if (a === 0xfe && b === 0xff) text = decodeStrict('utf-16be', bytes.subarray(2));
	else {
		try {
			text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
		} catch {
			text = new TextDecoder('windows-1252').decode(bytes);
			// The five bytes Windows-1252 does not define decode to these C1 controls.
			if (/[\u0081\u008d\u008f\u0090\u009d]/.test(text)) throw encodingError();
		}
	}
	if (text.includes('\u0000')) throw encodingError();
	return text;
}

/** Parses CSV text (`;`, `,` or tab separated; a leading BOM is ignored). Blank lines are skipped. */
export function parseCsv(text: string): Table {
	const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const builder = new TableBuilder();
	try {
		parse(clean, {
			delimiter: detectDelimiter(clean),
			bom: true,
			relax_column_count: true,
			skip_empty_lines: true,
			trim: true,
			// Checks each record as it is parsed; nothing is collected by csv-parse itself.
			on_record: (record, context) => {
				builder.add(context.lines, record);
				return null;
			}
		});
	} catch (e) {
		if (e instanceof ImportFileError) throw e;
		throw new ImportFileError('import.file.unreadable', { reason: (e as Error).message });
	}
	return builder.table();
}

function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((r) => r.text).join('');
		if ('text' in value && typeof value.text === 'string') return value.text;
		if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
		return '';
	}
	return String(value).trim();
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The attributes of each `<tag …>` element (any namespace prefix) in a workbook part, in
 * document order. A plain linear scan (no backtracking regular expressions on hostile input).
 */
function* elements(xml: string, tag: string): Generator<Record<string, string>> {
	for (let at = 0; ;) {
		const open = xml.indexOf('<', at);
		const close = open < 0 ? -1 : xml.indexOf('>', open);
		if (close < 0) return;
		at = close + 1;
		const text = xml.slice(open + 1, close);
		const nameEnd = text.search(/[\s/]|$/);
		const name = text.slice(0, nameEnd);
		if (name === tag || name.endsWith(':' + tag)) yield attributesOf(text.slice(nameEnd));
	}
}

function attributesOf(text: string): Record<string, string> {
	const out = Object.create(null) as Record<string, string>;
	for (let i = 0; ;) {
		const eq = text.indexOf('=', i);
		if (eq < 0) return out;
		let q = eq + 1;
		while (text[q] === ' ' || text[q] === '\t' || text[q] === '\r' || text[q] === '\n') q++;
		const quote = text[q];
		const end = quote === '"' || quote === "'" ? text.indexOf(quote, q + 1) : -1;
		if (end < 0) return out;
		out[text.slice(i, eq).trim()] = text
			.slice(q + 1, end)
			.replace(/&(\w+);/g, (e, n: string) => XML_ENTITIES[n] ?? e);
		i = end + 1;
	}
}

/** The path of the workbook's first sheet (in tab order), from `xl/workbook.xml` and its relationships. */
function firstSheetPath(workbookXml: string, relsXml: string): string | undefined {
	const sheet = elements(workbookXml, 'sheet').next().value;
	// The relationship id is `r:id` (any prefix bound to the relationships namespace).
	const idKey = sheet && Object.keys(sheet).find((k) => k.endsWith(':id'));
	if (!sheet || !idKey) return undefined;
	let rel: Record<string, string> | undefined;
	for (const r of elements(relsXml, 'Relationship'))
		if (r.Id === sheet[idKey]) {
			rel = r;
			break;
		}
	if (!rel?.Target) return undefined;
	const parts = rel.Target.startsWith('/') ? [] : ['xl'];
	for (const part of rel.Target.split('/')) {
		if (part === '..') parts.pop();
		else if (part !== '' && part !== '.') parts.push(part);
	}
	return parts.join('/');
}

const EMPTY_SST =
	'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>';
const ONE_SHEET_RELS =
	'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
	'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
	'</Relationships>';

/**
 * Unpacks the parts needed to read the first sheet, refusing declared or real sizes over the
 * limit, and returns them as a small stored ZIP laid out the way exceljs' streaming reader
 * expects (relationships, workbook, styles and shared strings before the one sheet).
 */
function unpackFirstSheet(data: Uint8Array): Buffer[] {
	const max = MAX_UNPACKED_MB * MB;
	let entries: ZipEntry[];
	try {
		entries = readZipDirectory(data);
	} catch (e) {
		throw zipFailure(e);
	}
	// Refuse on declared sizes before inflating anything; `inflateEntry` counts the real ones.
	if (entries.some((e) => e.size > max))
		throw new ImportFileError('import.file.unpackedTooLarge', { max: MAX_UNPACKED_MB });
	const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
	let budget = max;
	const read = (name: string): Buffer | undefined => {
		const entry = byName.get(name.toLowerCase());
		if (!entry) return undefined;
		try {
			const out = inflateEntry(data, entry, budget);
			budget -= out.length;
			return out;
		} catch (e) {
			throw zipFailure(e);
		}
	};
	const workbook = read('xl/workbook.xml');
	const rels = read('xl/_rels/workbook.xml.rels');
	if (!workbook || !rels)
		throw new ImportFileError('import.file.unreadable', { reason: 'no workbook in the file' });
	const sheetPath = firstSheetPath(workbook.toString('utf8'), rels.toString('utf8'));
	const sheetEntry = sheetPath ? byName.get(sheetPath.toLowerCase()) : undefined;
	if (!sheetEntry) throw new ImportFileError('import.file.empty');
	const parts = [sheetEntry, byName.get('xl/sharedstrings.xml'), byName.get('xl/styles.xml')];
	const declared = parts.reduce((n, e) => n + (e?.size ?? 0), 0);
	if (declared > budget) throw new ImportFileError('import.file.unpackedTooLarge', { max: MAX_UNPACKED_MB });
	const styles = read('xl/styles.xml');
	const sharedStrings = read('xl/sharedStrings.xml') ?? Buffer.from(EMPTY_SST);
	const sheet = read(sheetEntry.name) as Buffer;
	return storedZip([
		{ name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(ONE_SHEET_RELS) },
		{ name: 'xl/workbook.xml', data: workbook },
		...(styles ? [{ name: 'xl/styles.xml', data: styles }] : []),
		{ name: 'xl/sharedStrings.xml', data: sharedStrings },
		{ name: 'xl/worksheets/sheet1.xml', data: sheet }
	]);
}

function zipFailure(e: unknown): ImportFileError {
	if (e instanceof ZipError)
		return e.kind === 'tooLarge'
			? new ImportFileError('import.file.unpackedTooLarge', { max: MAX_UNPACKED_MB })
			: new ImportFileError('import.file.unreadable', { reason: e.message });
	return new ImportFileError('import.file.unreadable', { reason: (e as Error).message });
}

/** Parses the first worksheet of an XLSX workbook, row by row. Dates become `YYYY-MM-DD`. */
export async function parseXlsx(data: Uint8Array): Promise<Table> {
	if (data.length > MAX_FILE_MB * MB) throw new ImportFileError('import.file.tooLarge', { max: MAX_FILE_MB });
	const zip = unpackFirstSheet(data);
	const builder = new TableBuilder();
	try {
		const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(zip), {
			worksheets: 'emit',
			sharedStrings: 'cache',
			styles: 'cache',
			hyperlinks: 'ignore',
			entries: 'ignore'
		});
		for await (const sheet of reader) {
			for await (const row of sheet) {
				const n = row.number;
				// Only the cells present in the file: a lone cell in column XFD costs one step, not 16,384.
				const cells: string[] = [];
				row.eachCell({ includeEmpty: false }, (cell, col) => {
					const text = cellText(cell.value).trim();
					if (text === '') return;
					if (col > MAX_COLUMNS)
						throw new ImportFileError('import.file.tooManyColumns', { row: String(n), max: MAX_COLUMNS });
					while (cells.length < col - 1) cells.push('');
					cells[col - 1] = text;
				});
				if (cells.length > 0) builder.add(n, cells);
			}
			break; // the first sheet only (it is the only one in `zip`)
		}
	} catch (e) {
		if (e instanceof ImportFileError) throw e;
		throw new ImportFileError('import.file.unreadable', { reason: (e as Error).message });
	}
	return builder.table();
}

/**
 * Reads an uploaded file by its extension (`.csv`/`.txt` or `.xlsx`) on the calling thread.
 * The service uses `readImportFileInWorker` (reader.ts), which runs this in a worker.
 */
export async function readImportFile(fileName: string, data: Uint8Array): Promise<Table> {
	const lower = fileName.toLowerCase();
	const csv = lower.endsWith('.csv') || lower.endsWith('.txt');
	if (!csv && !lower.endsWith('.xlsx')) throw new ImportFileError('import.file.unsupported');
	if (data.length > MAX_FILE_MB * MB) throw new ImportFileError('import.file.tooLarge', { max: MAX_FILE_MB });
	return csv ? parseCsv(decodeCsv(data)) : parseXlsx(data);
}
