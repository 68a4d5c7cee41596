import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { buildBudgetFixture, type BudgetFixture } from '../budget/budget.fixtures.ts';
import { addBudgetLine, addExpense, addFundingSource } from '../budget/budget.service.ts';
import { FieldsRuleError } from '../core/errors.ts';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { formatCell, type FunderFigures } from '#lib/funder-figures.ts';
import {
	createReport,
	exportReport,
	freezeReport,
	getReport,
	updateReportTexts
} from './funder-report.service.ts';

/** pdftotext of a PDF, whitespace collapsed. */
function pdfText(bytes: Uint8Array): { text: string; info: string; fonts: string } {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klok-funder-'));
	const file = path.join(dir, 'r.pdf');
	fs.writeFileSync(file, bytes);
	try {
		const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
		const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
		const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
		return { text: text.replace(/\s+/g, ' '), info, fonts };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

const plain = (s: string) => s.replace(/[\u202f\u00a0\u2009\s]+/g, ' ').replace(/\u2212/g, '-');

describeEachDb('funder report', (ctx) => {
	let f: BudgetFixture;
	let office: Actor;
	let steering: Actor;
	let manager: Actor;
	let reportId: number;

	beforeAll(async () => {
		f = await buildBudgetFixture(ctx.db, 'fun');
		office = (await loadActor(ctx.db, f.people.office))!;
		steering = (await loadActor(ctx.db, f.people.steering))!;
		manager = (await loadActor(ctx.db, f.manager))!;
		const p = f.programmeId;
		await addFundingSource(
			ctx.db,
			office,
			p,
			{ kind: 'funder', name: 'ESF', year: 2026, amount: '500 000' },
			'sv'
		);
		const line = await addBudgetLine(
			ctx.db,
			office,
			p,
			{ kind: 'central', name: 'Lectures', year: 2026, amount: '250 000' },
			'sv'
		);
		await addExpense(
			ctx.db,
			office,
			p,
			{
				category: 'trainer_fee',
				amount: '12 500,50',
				spentOn: '2026-01-15',
				budgetLineId: line.id,
				sessionId: f.sessions.S1
			},
			'sv'
		);
		reportId = (
			await createReport(ctx.db, office, p, {
				title: 'Slutrapport 2026',
				periodStart: '2026-01-01',
				periodEnd: '2026-12-31',
				summary: 'Ett år av lärande på arbetsplatsen.'
			})
		).id;
		await updateReportTexts(ctx.db, office, reportId, {
			summary: 'Ett år av lärande.',
			lessons: 'Tid för reflektion behövs. Læring på tværs: støtte.'
		});
	});

	it('computes the figures from the data (hand-computed)', async () => {
		const { figures } = await getReport(ctx.db, office, reportId, 'sv');
		const head = Object.fromEntries(figures.headline.map((h) => [h.label, h.value]));
		// S1–S4 attended: p1..p6 (6 people), 3+3+6+6+6+2+2+2+10+10 = 50 h; S4 spans two days.
		expect(head['Unika deltagare']).toBe(6);
		expect(head['Deltagartimmar']).toBe(50);
		expect(head['Kursdagar']).toBe(5);
		// Held: S1–S4 (S6 is in 2099); cancelled: S5.
		expect(head['Genomförda tillfällen']).toBe(4);
		expect(head['Inställda tillfällen']).toBe(1);
		expect(head['Medfinansiering (deltagarnas arbetstid)']).toBe(1460300);
		const gender = figures.tables.find((t) => t.id === 'gender')!;
		expect(gender.rows.map((r) => [r[0], r[1]])).toEqual([
			['Kvinna', 2],
			['Man', 2],
			['Vill inte uppge', 2]
		]);
		const budget = figures.tables.find((t) => t.id === 'budget')!;
		expect(budget.rows.find((r) => r[0] === 'Utfall')![1]).toBe(1250050);
		expect(figures.texts).toEqual({
			summary: 'Ett år av lärande.',
			lessons: 'Tid för reflektion behövs. Læring på tværs: støtte.'
		});
	});

	it('page, PDF and XLSX agree number for number; the PDF is tagged, in Swedish, with page numbers', async () => {
		const { figures } = await getReport(ctx.db, office, reportId, 'sv');
		const pdf = await exportReport(ctx.db, office, reportId, 'pdf', 'sv');
		const { text, info, fonts } = pdfText(pdf.body as Uint8Array);
		expect(info).toMatch(/Tagged:\s+yes/);
		expect(info).toMatch(/Title:\s+Slutrapport 2026/);
		expect(Buffer.from(pdf.body as Uint8Array).toString('latin1')).toContain('/Lang (sv-SE)');
		expect(text).toContain('Sida 1 /');
		// Embedded fonts only (Noto Sans subsets), and the Nordic letters extract as written.
		const fontRows = fonts.trim().split('\n').slice(2);
		expect(fontRows.length).toBeGreaterThanOrEqual(2);
		for (const r of fontRows) {
			expect(r).toMatch(/NotoSans/);
			expect(r).toMatch(/\s+yes\s+yes\s+yes\s+/); // emb, sub, uni
		}
		expect(text).toContain('Ett år av lärande.');
		expect(text).toContain('Læring på tværs: støtte.');
		const wb = new ExcelJS.Workbook();
		const xlsxFile = await exportReport(ctx.db, office, reportId, 'xlsx', 'sv');
		await wb.xlsx.load(Buffer.from(xlsxFile.body as Uint8Array) as unknown as ArrayBuffer);
		for (const h of figures.headline)
			expect(text).toContain(plain(`${h.label}: ${formatCell(h.value, h.kind, 'sv', figures.currency)}`));
		// One sheet per table, after the key figures' sheet, in the report's order.
		expect(wb.worksheets).toHaveLength(figures.tables.length + 2);
		for (const [n, table] of figures.tables.entries()) {
			const ws = wb.worksheets[n + 1]!;
			expect(ws, table.title).toBeDefined();
			const all = [...table.rows, ...(table.total ? [table.total] : [])];
			all.forEach((row, i) => {
				const sheetRow = ws.getRow(i + 2);
				row.forEach((v, c) => {
					const kind = table.columns[c]!.kind;
					const cell = sheetRow.getCell(c + 1).value;
					if (typeof v === 'number') {
						expect(cell).toBe(kind === 'money' ? v / 100 : v);
						expect(text).toContain(plain(formatCell(v, kind, 'sv', figures.currency)));
					} else if (v) {
						expect(cell).toBe(v);
						expect(text).toContain(plain(v));
					}
				});
			});
		}
	});

	it('keeps a frozen version unchanged after the data changes', async () => {
		const v = await freezeReport(ctx.db, office, reportId, 'sv');
		const frozen = (await getReport(ctx.db, office, reportId, 'sv', v.id)).figures;
		await ctx.db
			.insertInto('registrations')
			.values({
				sessionId: f.sessions.S2,
				personId: f.people.p6,
				status: 'attended',
				hoursCredited: 6,
				updatedAt: new Date().toISOString()
			})
			.execute();
		const live = (await getReport(ctx.db, office, reportId, 'sv')).figures;
		const hours = (x: FunderFigures) => x.headline.find((h) => h.label === 'Deltagartimmar')!.value;
		expect([hours(frozen), hours(live)]).toEqual([50, 56]);
		const again = (await getReport(ctx.db, office, reportId, 'sv', v.id)).figures;
		expect(again).toEqual(frozen);
		const xlsx = await exportReport(ctx.db, office, reportId, 'xlsx', 'sv', { versionId: v.id });
		expect(xlsx.fileName).toContain(`-v${v.id}`);
		const audit = await ctx.db
			.selectFrom('auditLog')
			.select(['action', 'after'])
			.where('programmeId', '=', f.programmeId)
			.where('action', '=', 'export')
			.execute();
		expect(audit.length).toBeGreaterThanOrEqual(3);
	});

	it('lets steering read without gender, refuses managers and a period that ends before it starts', async () => {
		const st = await getReport(ctx.db, steering, reportId, 'en');
		expect(st.canManage).toBe(false);
		expect(st.figures.tables.some((t) => t.id === 'gender')).toBe(false);
		await expect(freezeReport(ctx.db, steering, reportId, 'en')).rejects.toThrow(AccessDeniedError);
		await expect(getReport(ctx.db, manager, reportId, 'en')).rejects.toThrow(AccessDeniedError);
		const e = await createReport(ctx.db, office, f.programmeId, {
			title: 'Bad',
			periodStart: '2026-06-01',
			periodEnd: '2026-05-31'
		}).catch((x: unknown) => x);
		expect(e).toBeInstanceOf(FieldsRuleError);
		expect((e as FieldsRuleError).fieldErrors('sv')).toEqual({
			periodEnd: ['Perioden kan inte sluta innan den börjar.']
		});
	});
});
