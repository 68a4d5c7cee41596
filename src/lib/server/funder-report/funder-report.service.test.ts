import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { buildBudgetFixture, type BudgetFixture } from '../budget/budget.fixtures.ts';
import { buildResultsFixture, type ResultsFixture } from '../surveys/results.fixtures.ts';
import { addBudgetLine, addExpense, addFundingSource } from '../budget/budget.service.ts';
import { FieldsRuleError } from '../core/errors.ts';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { invalidateReports } from '../reports/reports.service.ts';
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

/**
 * Page, PDF and XLSX agree number for number: every headline figure and every cell of every
 * table is in the PDF's text as the page formats it, and in its sheet as a number.
 */
async function expectAgreement(
	figures: FunderFigures,
	text: string,
	xlsxFile: { body: Uint8Array | string }
) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(xlsxFile.body as Uint8Array) as unknown as ArrayBuffer);
	const loc = figures.locale;
	for (const h of figures.headline)
		expect(text).toContain(plain(`${h.label}: ${formatCell(h.value, h.kind, loc, figures.currency)}`));
	// One sheet per table, after the key figures' sheet, in the report's order (then the texts).
	const texts = figures.texts.summary || figures.texts.lessons ? 1 : 0;
	expect(wb.worksheets).toHaveLength(figures.tables.length + 1 + texts);
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
					expect(text).toContain(plain(formatCell(v, kind, loc, figures.currency)));
				} else if (v) {
					expect(cell).toBe(v);
					expect(text).toContain(plain(v));
				}
			});
		});
	}
}

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
		await expectAgreement(figures, text, await exportReport(ctx.db, office, reportId, 'xlsx', 'sv'));
	});

	it('lets identical requests arriving together share one computation, and none after it', async () => {
		// Stale memo rows: both compute (a hit would be over before the second arrives).
		await invalidateReports(ctx.db, f.programmeId);
		const [a, b] = await Promise.all([
			getReport(ctx.db, office, reportId, 'sv'),
			getReport(ctx.db, office, reportId, 'sv')
		]);
		expect(a.figures).toBe(b.figures);
		const c = await getReport(ctx.db, office, reportId, 'sv');
		expect(c.figures).not.toBe(a.figures);
		expect(c.figures.headline).toEqual(a.figures.headline);
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

describeEachDb('funder report: survey summary', (ctx) => {
	let f: ResultsFixture;
	let office: Actor;

	beforeAll(async () => {
		f = await buildResultsFixture(ctx.db, 'fsv');
		office = (await loadActor(ctx.db, f.people.office))!;
	});

	it('gives each survey its response rate and key results with n, nothing under k; PDF and XLSX agree', async () => {
		const year = new Date().getUTCFullYear();
		const { id } = await createReport(ctx.db, office, f.programmeId, {
			title: 'Rapport',
			periodStart: `${year}-01-01`,
			periodEnd: `${year}-12-31`
		});
		const { figures } = await getReport(ctx.db, office, id, 'en');
		const rates = figures.tables.find((t) => t.id === 'surveys')!;
		// Follow-up: 28 invited, 20 answered (71.43 %); the baseline was not sent by invitation.
		expect(new Map(rates.rows.map((r) => [r[0], r.slice(1)]))).toEqual(
			new Map([
				['Follow-up fsv', [28, 20, 0.7143]],
				['Baseline fsv', [0, 0, null]]
			])
		);
		const keys = figures.tables.find((t) => t.id === 'surveyResults')!;
		// q1: 8 × 1 and 6 × 2 of 20 answers ("don't know" in the base) = 70 %; baseline 2 + 4 of 10.
		// q7: 4 answers < k = 5: neither n nor share.
		expect(new Set(keys.rows.map((r) => JSON.stringify(r)))).toEqual(
			new Set(
				[
					['Follow-up fsv', 'I benefit', 20, 0.7],
					['Follow-up fsv', 'Rare question', null, null],
					['Baseline fsv', 'I benefit', 10, 0.6]
				].map((r) => JSON.stringify(r))
			)
		);
		expect(keys.note).toContain('fewer than 5 answered');

		const pdf = await exportReport(ctx.db, office, id, 'pdf', 'en');
		const { text } = pdfText(pdf.body as Uint8Array);
		expect(text).toContain('Surveys: key results');
		await expectAgreement(figures, text, await exportReport(ctx.db, office, id, 'xlsx', 'en'));
	});
});
