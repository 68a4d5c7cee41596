import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { hoursCsv } from './reports.export.ts';
import { buildReportFixture, type ReportFixture } from './reports.fixtures.ts';
import {
	ReportFilterError,
	allHoursReports,
	exportHoursCsv,
	exportHoursXlsx,
	hoursReport,
	type HoursReport
} from './reports.service.ts';
import { hoursQuerySchema } from './reports.schema.ts';

/** [key, participants, hours, attendances, sessions] per row, for compact expectations. */
const table = (r: HoursReport) =>
	r.rows.map((x) => [x.key, x.participants, x.hours, x.attendances, x.sessions]);

describeEachDb('participation reports', (ctx) => {
	let f: ReportFixture;
	let office: Actor;
	let steering: Actor;
	const actor = async (id: number) => (await loadActor(ctx.db, id))!;
	const report = (groupBy: Parameters<typeof hoursReport>[3], filter = {}, who?: Actor) =>
		hoursReport(ctx.db, who ?? office, f.programmeId, groupBy, filter, 'en');

	beforeAll(async () => {
		f = await buildReportFixture(ctx.db, 'rep');
		office = await actor(f.people.office);
		steering = await actor(f.people.steering);
	});

	it('totals count each participant once, sum hours and count sessions and course days', async () => {
		const r = await report('track');
		// p1 attended three sessions and is one participant; absent, confirmed, cancelled and
		// sessions without attendance do not count.
		expect(r.totals).toEqual({ participants: 6, hours: 50, attendances: 10, sessions: 4, courseDays: 5 });
	});

	it('groups by workplace, rolling teams up and people above workplaces into "none"', async () => {
		const r = await report('unit');
		const { W1, W2, W3 } = f.units;
		expect(table(r)).toEqual(
			expect.arrayContaining([
				[String(W1), 2, 24, 5, 4],
				[String(W2), 1, 6, 1, 1],
				[String(W3), 2, 18, 3, 3]
			])
		);
		expect(r.rows).toHaveLength(4);
		expect(r.rows.at(-1)).toMatchObject({
			key: 'none',
			participants: 1,
			hours: 2,
			attendances: 1,
			sessions: 1
		});
		expect(r.rows.find((x) => x.key === String(W2))?.label).toBe('Bibliotek "Väst"; filial rep');
	});

	it('groups by organisation', async () => {
		const r = await report('organisation');
		expect(table(r)).toEqual([
			[String(f.units.O1), 3, 30, 6, 4],
			[String(f.units.O2), 2, 18, 3, 3],
			['none', 1, 2, 1, 1]
		]);
	});

	it('groups by track in track order, activities without a track last', async () => {
		const r = await report('track');
		expect(table(r)).toEqual([
			[String(f.tracks.learning), 4, 24, 5, 2],
			[String(f.tracks.it), 3, 6, 3, 1],
			['none', 2, 20, 2, 1]
		]);
		expect(r.rows.map((x) => x.label)).toEqual(['Learning rep', 'IT rep', 'Not stated']);
	});

	it('groups by job category', async () => {
		const r = await report('jobCategory');
		expect(table(r)).toEqual([
			['librarian', 2, 17, 4, 3],
			['library_assistant', 1, 13, 2, 2],
			['manager', 1, 2, 1, 1],
			['other', 1, 2, 1, 1],
			['none', 1, 16, 2, 2]
		]);
		expect(r.rows[0]?.label).toBe('Librarian');
	});

	it('groups by gender with missing and "not stated" as one row (office only)', async () => {
		const r = await report('gender');
		expect(table(r)).toEqual([
			['female', 2, 27, 5, 4],
			['male', 2, 15, 3, 3],
			['not_stated', 2, 8, 2, 2]
		]);
		expect(r.rows[2]?.label).toBe('Not stated');
		await expect(report('gender', {}, steering)).rejects.toBeInstanceOf(AccessDeniedError);
	});

	it("groups by calendar month in the programme's time zone", async () => {
		const r = await report('month');
		// S3 starts 23:30 UTC on 28 February, which is 1 March in Stockholm.
		expect(table(r)).toEqual([
			['2026-01', 2, 6, 2, 1],
			['2026-02', 3, 18, 3, 1],
			['2026-03', 5, 26, 5, 2]
		]);
		expect(r.rows[0]?.label).toBe('January 2026');
	});

	it('filters by period on local session dates, both ends inclusive', async () => {
		const fromMarch = await report('month', { from: '2026-03-01' });
		expect(fromMarch.totals).toEqual({
			participants: 5,
			hours: 26,
			attendances: 5,
			sessions: 2,
			courseDays: 3
		});
		const toFeb = await report('month', { to: '2026-02-28' });
		expect(toFeb.totals).toEqual({ participants: 4, hours: 24, attendances: 5, sessions: 2, courseDays: 2 });
		const oneDay = await report('track', { from: '2026-01-15', to: '2026-01-15' });
		expect(oneDay.totals).toMatchObject({ participants: 2, hours: 6, sessions: 1 });
		const dayBefore = await report('track', { from: '2026-01-14', to: '2026-01-14' });
		expect(dayBefore.totals).toEqual({
			participants: 0,
			hours: 0,
			attendances: 0,
			sessions: 0,
			courseDays: 0
		});
		expect(dayBefore.rows).toEqual([]);
		const after = await report('month', { from: '2026-03-22' });
		expect(after.rows).toEqual([]);
		expect(after.filters).toEqual({ from: '2026-03-22', to: null, trackId: null, unitId: null });
	});

	it('filters by track and by unit with its descendants', async () => {
		expect((await report('unit', { trackId: f.tracks.learning })).totals).toMatchObject({
			participants: 4,
			hours: 24
		});
		expect((await report('unit', { unitId: f.units.O1 })).totals).toMatchObject({
			participants: 3,
			hours: 30
		});
		const team = await report('jobCategory', { unitId: f.units.T1 });
		expect(table(team)).toEqual([['library_assistant', 1, 13, 2, 2]]);
		const both = await report('track', { unitId: f.units.W1, trackId: f.tracks.it });
		expect(both.totals).toMatchObject({ participants: 1, hours: 2, sessions: 1 });
	});

	it('refuses unknown track or unit ids (also from another programme) with field errors', async () => {
		const e = await report('unit', { unitId: f.units.otherUnit, trackId: 999_999 }).catch((x: unknown) => x);
		expect(e).toBeInstanceOf(ReportFilterError);
		expect(Object.keys((e as ReportFilterError).fieldErrors('en')).sort()).toEqual(['trackId', 'unitId']);
	});

	it('validates the query: groupBy, dates, ids, order of dates, unknown parameters', () => {
		const bad = (q: Record<string, string>) => hoursQuerySchema.safeParse(q).success;
		expect(bad({ groupBy: 'unit', from: '2026-01-01', to: '2026-12-31', trackId: '3' })).toBe(true);
		expect(bad({ groupBy: 'nope' })).toBe(false);
		expect(bad({})).toBe(false);
		expect(bad({ groupBy: 'unit', from: '2026-02-30' })).toBe(false);
		expect(bad({ groupBy: 'unit', from: '2026-03-01', to: '2026-02-01' })).toBe(false);
		expect(bad({ groupBy: 'unit', unitId: '-4' })).toBe(false);
		expect(bad({ groupBy: 'unit', unitId: 'abc' })).toBe(false);
		expect(bad({ groupBy: 'unit', extra: '1' })).toBe(false);
	});

	it('lets the steering group read every breakdown except gender; refuses others', async () => {
		const all = await allHoursReports(ctx.db, steering, f.programmeId, {}, 'en');
		expect(all.map((r) => r.groupBy)).toEqual(['unit', 'organisation', 'track', 'jobCategory', 'month']);
		const officeAll = await allHoursReports(ctx.db, office, f.programmeId, {}, 'en');
		expect(officeAll.map((r) => r.groupBy)).toContain('gender');
		for (const id of [f.people.p1, f.people.trainer, f.people.outsider]) {
			await expect(report('unit', {}, await actor(id))).rejects.toBeInstanceOf(AccessDeniedError);
		}
	});

	it('exports CSV that parses back to the same numbers, and audits the export', async () => {
		const json = await report('unit', {}, office);
		const before = await ctx.db.selectFrom('auditLog').select('id').where('action', '=', 'export').execute();
		const file = await exportHoursCsv(ctx.db, office, f.programmeId, 'unit', {}, 'sv');
		expect(file.body).toBeInstanceOf(ReadableStream);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
			await new Response(file.body).arrayBuffer()
		);
		expect(text.startsWith('\uFEFF')).toBe(true);
		expect(text).toContain('\r\n');
		const rows = parse(text, { bom: true, delimiter: ';' }) as string[][];
		expect(rows[0]).toEqual(['Arbetsplats', 'Unika deltagare', 'Timmar', 'Närvarotillfällen', 'Tillfällen']);
		const svJson = await hoursReport(ctx.db, office, f.programmeId, 'unit', {}, 'sv');
		expect(rows.slice(1, -1)).toEqual(
			svJson.rows.map((r) => [
				r.label,
				String(r.participants),
				String(r.hours),
				String(r.attendances),
				String(r.sessions)
			])
		);
		expect(rows.at(-1)).toEqual(['Summa', '6', '50', '10', '4']);
		expect(rows.slice(1, -1).map((r) => r[2])).toEqual(json.rows.map((r) => String(r.hours)));
		const after = await ctx.db
			.selectFrom('auditLog')
			.selectAll()
			.where('action', '=', 'export')
			.orderBy('id', 'desc')
			.execute();
		expect(after.length).toBe(before.length + 1);
		expect(after[0]).toMatchObject({
			entityType: 'report',
			actorId: f.people.office,
			programmeId: f.programmeId
		});
		expect(JSON.parse(after[0]!.after!)).toMatchObject({ report: 'hours', format: 'csv', groupBy: ['unit'] });
	});

	it('exports XLSX with one sheet per grouping, bold headers and numbers as numbers', async () => {
		const file = await exportHoursXlsx(ctx.db, office, f.programmeId, { to: '2026-02-28' }, 'en');
		const wb = new ExcelJS.Workbook();
		expect(file.body).toBeInstanceOf(ReadableStream);
		await wb.xlsx.load(Buffer.from(await new Response(file.body).arrayBuffer()) as unknown as ArrayBuffer);
		const reports = await allHoursReports(ctx.db, office, f.programmeId, { to: '2026-02-28' }, 'en');
		expect(wb.worksheets.map((s) => s.name)).toEqual([
			'Workplace',
			'Organisation',
			'Track',
			'Job category',
			'Gender',
			'Month'
		]);
		for (const [i, sheet] of wb.worksheets.entries()) {
			const r = reports[i]!;
			expect(sheet.getRow(1).font?.bold).toBe(true);
			const values: unknown[][] = [];
			sheet.eachRow((row, n) => {
				if (n > 1) values.push((row.values as unknown[]).slice(1));
			});
			expect(values).toEqual([
				...r.rows.map((x) => [x.label, x.participants, x.hours, x.attendances, x.sessions]),
				['Total', r.totals.participants, r.totals.hours, r.totals.attendances, r.totals.sessions]
			]);
			expect(typeof sheet.getRow(2).getCell(3).value).toBe('number');
		}
		const audit = await ctx.db
			.selectFrom('auditLog')
			.select('after')
			.where('action', '=', 'export')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(audit.after!)).toMatchObject({ format: 'xlsx', filters: { to: '2026-02-28' } });
	});
});

describe('hoursCsv', () => {
	const report: HoursReport = {
		groupBy: 'track',
		filters: { from: null, to: null, trackId: null, unitId: null },
		rows: [
			{ key: '1', label: '=SUM(A1)', participants: 1, hours: 12.5, attendances: 1, sessions: 1 },
			{ key: '2', label: ' padded', participants: 2, hours: 1.25, attendances: 2, sessions: 1 }
		],
		totals: { participants: 3, hours: 13.75, attendances: 3, sessions: 2, courseDays: 2 }
	};

	it('writes decimal commas in Swedish and points in English, defusing formulas', () => {
		const sv = parse(hoursCsv(report, 'sv'), { bom: true, delimiter: ';' }) as string[][];
		expect(sv[1]).toEqual(["'=SUM(A1)", '1', '12,5', '1', '1']);
		expect(sv[2]?.[0]).toBe(' padded');
		expect(sv[3]).toEqual(['Summa', '3', '13,75', '3', '2']);
		const en = parse(hoursCsv(report, 'en'), { bom: true, delimiter: ';' }) as string[][];
		expect(en[1]?.[2]).toBe('12.5');
	});
});
