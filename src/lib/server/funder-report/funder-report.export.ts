import fs from 'node:fs';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import {
	formatCell,
	sheetValue,
	tableCsv,
	type FigureTable,
	type FunderFigures
} from '#lib/funder-figures.ts';

/**
 * The funder report as files. PDF: pdfkit, because it writes tagged PDF (structure tree with
 * headings, paragraphs, tables with header cells, figures with alternative text, artifacts
 * for page numbers, the document language) from plain JavaScript, maintained, without a
 * browser or a native binary (Typst's node compiler is a native module whose tagged output
 * we could not confirm). XLSX: exceljs, one sheet per table, numbers as numbers. All render
 * the same `FunderFigures`.
 */

const INTL: Record<string, string> = { en: 'en-GB', sv: 'sv-SE', da: 'da-DK', nb: 'nb-NO' };

/**
 * The PDF embeds Noto Sans (@fontsource/noto-sans, OFL, its Latin subset: å ä ö æ ø and the
 * rest of the Nordic letters), subset by pdfkit with a ToUnicode map, so text extracts right
 * and PDF/UA's "fonts embedded" holds; pdfkit's standard Helvetica is never embedded.
 */
const FONT = 'NotoSans';
const BOLD = 'NotoSans-Bold';
let fontFiles: { regular: Buffer; bold: Buffer } | null = null;
function fonts() {
	if (!fontFiles) {
		const require = createRequire(import.meta.url);
		const file = (weight: number) =>
			fs.readFileSync(require.resolve(`@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff`));
		fontFiles = { regular: file(400), bold: file(700) };
	}
	return fontFiles;
}

/** Plain spaces for Intl's narrow and no-break spaces and a hyphen for the minus sign, so copied text reads the same. */
const pdfText = (s: string) => s.replace(/[\u202f\u00a0\u2009]/g, ' ').replace(/\u2212/g, '-');

const cell = (f: FunderFigures, v: string | number | null, kind: FigureTable['columns'][number]['kind']) =>
	pdfText(formatCell(v, kind, f.locale, f.currency));

export async function funderPdf(f: FunderFigures): Promise<Uint8Array> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: 50,
		pdfVersion: '1.7',
		tagged: true,
		lang: INTL[f.locale],
		displayTitle: true,
		bufferPages: true,
		info: { Title: f.title, Author: f.programme, Subject: f.funder ?? f.programme }
	});
	doc.registerFont(FONT, fonts().regular);
	doc.registerFont(BOLD, fonts().bold);
	doc.font(FONT);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
	const root = doc.struct('Document');
	doc.addStructure(root);
	const left = doc.page.margins.left;
	const width = doc.page.width - left - doc.page.margins.right;

	const heading = (tag: 'H1' | 'H2', text: string, size: number) => {
		root.add(
			doc.struct(tag, {}, () => {
				doc.font(BOLD).fontSize(size).text(pdfText(text), left, doc.y, { width });
			})
		);
		doc.moveDown(0.4);
	};
	const paragraph = (text: string) => {
		for (const para of text.split(/\n{2,}/).filter((p) => p.trim())) {
			root.add(
				doc.struct('P', {}, () => {
					doc.font(FONT).fontSize(10).text(pdfText(para.trim()), left, doc.y, { width });
				})
			);
			doc.moveDown(0.5);
		}
	};
	const ensureSpace = (h: number) => {
		if (doc.y + h > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
	};

	heading('H1', f.title, 18);
	paragraph(`${f.programme}${f.funder ? ` · ${f.funder}` : ''} · ${f.period.from} – ${f.period.to}`);

	heading('H2', f.headings.figures, 14);
	const list = doc.struct('L');
	root.add(list);
	for (const h of f.headline) {
		list.add(
			doc.struct('LI', {}, [
				doc.struct('LBody', {}, () => {
					doc
						.font(FONT)
						.fontSize(10)
						.text(`${pdfText(h.label)}: ${cell(f, h.value, h.kind)}`, left, doc.y, { width });
				})
			])
		);
	}
	doc.moveDown(0.8);

	for (const table of f.tables) {
		ensureSpace(80);
		heading('H2', table.title, 13);
		if (table.chart && table.rows.length > 0) chart(doc, root, f, table, left, width);
		drawTable(doc, root, f, table, left, width);
		if (table.note) paragraph(table.note);
		doc.moveDown(0.6);
	}
	if (f.texts.summary.trim()) {
		ensureSpace(60);
		heading('H2', f.headings.summary, 14);
		paragraph(f.texts.summary);
	}
	if (f.texts.lessons.trim()) {
		ensureSpace(60);
		heading('H2', f.headings.lessons, 14);
		paragraph(f.texts.lessons);
	}
	root.end();

	// Page numbers and the footer are artifacts: not read as content.
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		const bottom = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc.markContent('Artifact', { type: 'Pagination' });
		doc
			.font(FONT)
			.fontSize(8)
			.text(
				`${pdfText(f.headings.page)} ${i + 1} / ${range.count} · ${pdfText(f.headings.generated)} ${f.computedAt.slice(0, 10)}`,
				left,
				doc.page.height - 35,
				{
					width,
					align: 'center',
					lineBreak: false
				}
			);
		doc.endMarkedContent();
		doc.page.margins.bottom = bottom;
	}
	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}

type Doc = InstanceType<typeof PDFDocument>;
type Struct = ReturnType<Doc['struct']>;

/** A horizontal bar chart of one column, drawn as vectors, with its alternative text (the data table follows). */
function chart(doc: Doc, root: Struct, f: FunderFigures, table: FigureTable, left: number, width: number) {
	const col = table.chart!.column;
	const rows = table.rows.filter((r) => typeof r[col] === 'number').slice(0, 15);
	const max = Math.max(1, ...rows.map((r) => Number(r[col])));
	const barH = 10;
	const h = rows.length * (barH + 4) + 6;
	if (doc.y + h > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
	const top = doc.y;
	const labelW = 150;
	const alt = `${table.title}: ${rows.map((r) => `${r[0]} ${cell(f, r[col]!, table.columns[col]!.kind)}`).join(', ')}`;
	root.add(
		doc.struct('Figure', { alt: pdfText(alt) }, () => {
			rows.forEach((r, i) => {
				const y = top + i * (barH + 4);
				doc
					.font(FONT)
					.fontSize(7)
					.fillColor('#333333')
					.text(pdfText(String(r[0])).slice(0, 40), left, y + 1, {
						width: labelW - 6,
						lineBreak: false
					});
				const w = ((width - labelW - 40) * Number(r[col])) / max;
				doc.rect(left + labelW, y, Math.max(1, w), barH).fill('#2f5f8f');
			});
			doc.fillColor('black');
		})
	);
	doc.x = left;
	doc.y = top + h;
}

function drawTable(
	doc: Doc,
	root: Struct,
	f: FunderFigures,
	table: FigureTable,
	left: number,
	width: number
) {
	const n = table.columns.length;
	const first = n > 2 ? width * 0.34 : width * 0.6;
	const rest = (width - first) / Math.max(1, n - 1);
	const colX = (i: number) => left + (i === 0 ? 0 : first + (i - 1) * rest);
	const colW = (i: number) => (i === 0 ? first : rest) - 6;
	const t = doc.struct('Table');
	root.add(t);
	const row = (cells: (string | number | null)[], header: boolean, section: Struct) => {
		const texts = cells.map((v, i) => (header ? pdfText(String(v)) : cell(f, v, table.columns[i]!.kind)));
		doc.font(header ? BOLD : FONT).fontSize(9);
		const h = Math.max(...texts.map((s, i) => doc.heightOfString(s, { width: colW(i) }))) + 4;
		if (doc.y + h > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
		const y = doc.y;
		const tr = doc.struct('TR');
		section.add(tr);
		texts.forEach((s, i) => {
			const tag = header || i === 0 ? 'TH' : 'TD';
			tr.add(
				doc.struct(tag, {}, () => {
					doc.font(header || (i === 0 && cells === table.total) ? BOLD : FONT).fontSize(9);
					doc.text(s, colX(i), y, { width: colW(i), align: i === 0 ? 'left' : 'right' });
				})
			);
		});
		tr.end();
		doc.x = left;
		doc.y = y + h;
	};
	const head = doc.struct('THead');
	t.add(head);
	row(
		table.columns.map((c) => c.label),
		true,
		head
	);
	head.end();
	const body = doc.struct('TBody');
	t.add(body);
	if (table.rows.length === 0)
		row([EMPTY[f.locale] ?? '–', ...table.columns.slice(1).map(() => '')], false, body);
	for (const r of table.rows) row(r, false, body);
	body.end();
	if (table.total) {
		const foot = doc.struct('TFoot');
		t.add(foot);
		row(table.total, false, foot);
		foot.end();
	}
	t.end();
	doc.moveDown(0.3);
}

const EMPTY: Record<string, string> = {
	en: 'No data',
	sv: 'Inga uppgifter',
	da: 'Ingen data',
	nb: 'Ingen data'
};

/** One sheet per table (and one for the headline), numbers as numbers with number formats. */
export async function funderXlsx(f: FunderFigures): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Klok';
	wb.title = f.title;
	const fmt = (kind: FigureTable['columns'][number]['kind']) =>
		kind === 'money'
			? '#,##0.00'
			: kind === 'percent'
				? '0.0%'
				: kind === 'decimal'
					? '#,##0.##'
					: kind === 'int'
						? '#,##0'
						: '@';
	const sheetName = (s: string, used: Set<string>) => {
		let name = s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
		for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)} ${i}`;
		used.add(name);
		return name;
	};
	const used = new Set<string>();
	const head = wb.addWorksheet(sheetName(f.headings.figures, used));
	head.addRow([f.title]).font = { bold: true };
	head.addRow([`${f.period.from} – ${f.period.to}`]);
	for (const h of f.headline) {
		const r = head.addRow([h.label, sheetValue(h.value, h.kind)]);
		r.getCell(2).numFmt = fmt(h.kind);
	}
	head.getColumn(1).width = 40;
	head.getColumn(2).width = 18;
	for (const table of f.tables) {
		const ws = wb.addWorksheet(sheetName(table.title, used));
		ws.addRow(table.columns.map((c) => c.label)).font = { bold: true };
		const add = (cells: (string | number | null)[], bold = false) => {
			const r = ws.addRow(cells.map((v, i) => sheetValue(v, table.columns[i]!.kind)));
			table.columns.forEach((c, i) => {
				if (c.kind !== 'text') r.getCell(i + 1).numFmt = fmt(c.kind);
			});
			if (bold) r.font = { bold: true };
		};
		for (const r of table.rows) add(r);
		if (table.total) add(table.total, true);
		if (table.note) ws.addRow([table.note]);
		table.columns.forEach((_, i) => (ws.getColumn(i + 1).width = i === 0 ? 40 : 16));
	}
	if (f.texts.summary || f.texts.lessons) {
		const ws = wb.addWorksheet(sheetName(f.headings.summary, used));
		ws.addRow([f.headings.summary]).font = { bold: true };
		ws.addRow([f.texts.summary]);
		ws.addRow([f.headings.lessons]).font = { bold: true };
		ws.addRow([f.texts.lessons]);
		ws.getColumn(1).width = 100;
	}
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** One table as CSV (semicolon-separated as Nordic spreadsheets expect, numbers unformatted). */
export function funderCsv(table: FigureTable, f: FunderFigures): string {
	return tableCsv(table, f.locale);
}
