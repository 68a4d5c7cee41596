import ExcelJS from 'exceljs';
import { translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { listUnits } from '../organisation/organisation.service.ts';
import type { Db } from '../db/database.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { CSV_SEPARATOR, csvNumber, csvText, sheetName } from '../reports/reports.export.ts';
import { KeyedRuleError } from '../core/errors.ts';
import { minGroupSizeOf } from './protection.ts';
import { kAnonymise, treeLevels, type QuasiColumn } from './survey-export.kanon.ts';
import { rawAnswers, type ResultDimension } from './results.repository.ts';
import type { ResultsBase } from '../db/schema.ts';
import {
	groupLabel,
	resultsSurvey,
	surveyResults,
	type Figures,
	type SurveyResults
} from './results.service.ts';

/**
 * Survey exports, each audited: the results (counts and percentages, what the results page
 * shows, with the same small-group protection) as CSV or XLSX, and the de-identified raw
 * answers for evaluators (`exportRaw`, see `rawRows`): no tokens, e-mails or person ids, the
 * submission date without time, response numbers that are neither database ids nor submission
 * order, the grouping columns generalised or suppressed until every combination of them holds
 * at least k responses (k-anonymity, see survey-export.kanon.ts), and nothing the results page
 * hides. The file says what was generalised and how many responses were left out. CSV conventions are those of reports.export.ts.
 */

export interface ExportFile {
	body: string | Uint8Array;
	fileName: string;
	contentType: string;
}

type Cell = string | number | null;

const CSV_TYPE = 'text/csv; charset=utf-8';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function csv(rows: Cell[][], locale: Locale): string {
	const line = (r: Cell[]) =>
		r
			.map((c) => (c === null ? '' : typeof c === 'number' ? csvNumber(c, locale) : csvText(c)))
			.join(CSV_SEPARATOR);
	return '\uFEFF' + rows.map(line).join('\r\n') + '\r\n';
}

async function xlsx(sheets: { name: string; rows: Cell[][]; header?: boolean }[]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Klok';
	const taken = new Set<string>();
	for (const s of sheets) {
		const sheet = workbook.addWorksheet(sheetName(s.name, taken));
		for (const r of s.rows) sheet.addRow(r.map((c) => (c === null ? undefined : c)));
		if (s.header !== false) {
			sheet.getRow(1).font = { bold: true };
			sheet.views = [{ state: 'frozen', ySplit: 1 }];
		}
	}
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The summary block: title, n, invited, answered, response rate, k. */
export function summaryRows(r: SurveyResults, locale: Locale): Cell[][] {
	const t = (k: MessageKey) => translate(locale, k);
	return [
		[r.survey.title, null],
		[t('surveyResults.respondents'), r.respondents],
		[t('surveyResults.invited'), r.invited],
		[t('surveyResults.completed'), r.completed],
		[
			t('surveyResults.responseRate') + ' (%)',
			r.responseRate === null ? null : Math.round(r.responseRate * 1000) / 10
		],
		[translate(locale, 'surveyResults.kLimit', { k: r.minGroupSize }), r.minGroupSize],
		[t('surveyResults.base.label'), t(`surveyResults.base.${r.base}`)]
	];
}

/** Rows of the figures of one group: answer, count, percent, n. */
function figureRows(f: Figures, locale: Locale): [string, string, Cell, Cell, Cell][] {
	const t = (k: MessageKey) => translate(locale, k);
	const out: [string, string, Cell, Cell, Cell][] = [];
	const matrix = (f.items?.length ?? 0) > 1;
	for (const item of f.items ?? [])
		for (const o of item.options) out.push([matrix ? item.label : '', o.label, o.count, o.percent, item.n]);
	for (const c of f.choices ?? []) out.push(['', c.label, c.count, c.percent, f.n]);
	if (f.numbers) {
		const s = f.numbers;
		for (const [k, v] of [
			['surveyResults.mean', s.mean],
			['surveyResults.median', s.median],
			['surveyResults.min', s.min],
			['surveyResults.max', s.max]
		] as const)
			out.push(['', t(k), v, null, s.n]);
	}
	if (f.index)
		for (const l of f.index.levels)
			out.push([
				t('surveyResults.index'),
				t(`surveyResults.level.${l.level}`),
				l.count,
				l.percent,
				f.index.n
			]);
	return out;
}

/** The results as one flat table: question, statement, group, answer, count, percent, n. */
export function resultRows(r: SurveyResults, locale: Locale): Cell[][] {
	const t = (k: MessageKey) => translate(locale, k);
	const rows: Cell[][] = [
		[
			t('surveyResults.question'),
			t('surveyResults.statement'),
			t('surveyResults.group'),
			t('surveyResults.answer'),
			t('surveyResults.count'),
			`${t('surveyResults.percent')} (${t(`surveyResults.base.${r.base}`)})`,
			t('surveyResults.n')
		]
	];
	const total = t('surveyResults.total');
	for (const q of r.questions) {
		if (q.type === 'text') continue;
		if (q.suppressed) {
			rows.push([
				q.text,
				'',
				total,
				translate(locale, 'surveyResults.suppressedFew', { k: r.minGroupSize }),
				null,
				null,
				q.n
			]);
			continue;
		}
		for (const [statement, answer, count, percent, n] of figureRows(q, locale))
			rows.push([q.text, statement, total, answer, count, percent, n]);
		const b = q.breakdown;
		if (!b) continue;
		for (const g of [...b.groups, ...(b.other ? [b.other] : [])])
			for (const [statement, answer, count, percent, n] of figureRows(g, locale))
				rows.push([q.text, statement, g.label, answer, count, percent, n]);
	}
	return rows;
}

function stem(r: SurveyResults, by?: ResultDimension | null) {
	return `survey-${r.survey.id}-results${by ? '-' + by : ''}`;
}

/** Results as CSV or XLSX (optionally with one breakdown). Audited. */
export async function exportResults(
	db: Db,
	actor: Actor,
	surveyId: number,
	options: { format: 'csv' | 'xlsx'; by?: ResultDimension; base?: ResultsBase },
	locale: Locale
): Promise<ExportFile> {
	const r = await surveyResults(db, actor, surveyId, { by: options.by, base: options.base }, locale);
	const file: ExportFile =
		options.format === 'csv'
			? {
					body: csv([...summaryRows(r, locale), [], ...resultRows(r, locale)], locale),
					fileName: stem(r, options.by) + '.csv',
					contentType: CSV_TYPE
				}
			: {
					body: await xlsx([
						{ name: translate(locale, 'surveyResults.summary'), rows: summaryRows(r, locale), header: false },
						{ name: translate(locale, 'surveyResults.heading'), rows: resultRows(r, locale) }
					]),
					fileName: stem(r, options.by) + '.xlsx',
					contentType: XLSX_TYPE
				};
	await recordAudit(db, {
		programmeId: r.survey.programmeId,
		actorId: actor.personId,
		action: 'export',
		entityType: 'survey',
		entityId: surveyId,
		after: { file: 'results', format: options.format, by: options.by ?? null, base: r.base }
	});
	return file;
}

/** May the actor download the de-identified raw answers (for links)? */
export function canExportRaw(actor: Actor, survey: { id: number; programmeId: number }): boolean {
	return can(actor, 'exportRaw', { type: 'survey', ...survey });
}

/** The raw export refused as a whole: fewer than k people answered (409, said in the user's language). */
export class RawExportRefusedError extends KeyedRuleError {}

/**
 * The de-identified raw answers as rows (header first), one row per answer value, under the
 * same minimum group size (k) as the results page: refused while fewer than k answered, and a
 * question's answers (free text included) only when the results page shows that question.
 * The grouping columns (date, workplace, job category, gender — only for the office —, tenure,
 * attendance) are k-anonymous together: generalised (day → month → year, workplace → the
 * units above, tenure bands merged, … → "any") until the responses in combinations of fewer
 * than k are few, and those are left out whole (their free text included); `notes` says so.
 * Responses are numbered 1..n in the order of their exported content, so nothing about
 * submission order survives (the same answers submitted in any order give the same file),
 * and the date is kept to the day.
 */
export async function rawRows(
	db: Db,
	actor: Actor,
	surveyId: number,
	locale: Locale
): Promise<{ rows: Cell[][]; notes: Cell[][]; programmeId: number }> {
	const survey = await resultsSurvey(db, actor, surveyId);
	authorize(actor, 'exportRaw', { type: 'survey', id: survey.id, programmeId: survey.programmeId });
	const k = minGroupSizeOf(survey.minGroupSize);
	// One rule for both views: what the results page hides, the raw export leaves out.
	const results = await surveyResults(db, actor, surveyId, {}, locale);
	if (results.respondents < k)
		throw new RawExportRefusedError('surveyResults.raw.tooFew', '_form', 409, {
			k,
			n: results.respondents
		});
	const shown = new Set(results.questions.filter((q) => !q.suppressed).map((q) => q.id));
	const withGender = can(actor, 'readSensitive', {
		type: 'person',
		id: 0,
		programmeId: survey.programmeId,
		unitId: null
	});
	const t = (key: MessageKey) => translate(locale, key);
	type Answer = Awaited<ReturnType<typeof rawAnswers>>[number];
	const answers = (await rawAnswers(db, surveyId)).filter((a) => shown.has(a.questionId));
	const units = await listUnits(db, survey.programmeId, { includeClosed: true });
	const byId = new Map(units.map((u) => [u.id, u]));
	/** The response's workplace (a team rolls up to it), then the units above, nearest first. */
	const unitChain = (id: number | null): string[] => {
		const self = id === null ? undefined : byId.get(id);
		let start = self;
		for (let d = 0; start && start.kind !== 'workplace' && d < 50; d++)
			start = start.parentId === null ? undefined : byId.get(start.parentId);
		const names: string[] = [];
		for (let cur = start ?? self, d = 0; cur && d < 50; d++) {
			names.push(cur.name);
			cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
		}
		return names;
	};
	// The exported responses (those with at least one exported answer), each with its answers.
	const responses = new Map<number, Answer[]>();
	for (const a of answers) {
		const own = responses.get(a.responseId);
		if (own) own.push(a);
		else responses.set(a.responseId, [a]);
	}
	const list = [...responses.values()];
	const any = t('surveyExport.any');
	const chains = new Map<number, string[]>();
	const chainOf = (unitId: number | null) => {
		if (unitId === null) return [];
		let c = chains.get(unitId);
		if (!c) chains.set(unitId, (c = unitChain(unitId)));
		return c;
	};
	const depth = Math.max(1, ...list.map((rows) => chainOf(rows[0]!.unitId).length));
	const TENURE_MERGED: Record<string, MessageKey> = {
		lt2: 'surveyExport.tenure.under6',
		'2_5': 'surveyExport.tenure.under6',
		'6_10': 'surveyExport.tenure.6plus',
		gt10: 'surveyExport.tenure.6plus'
	};
	type Row = Answer[];
	const first = (rows: Row) => rows[0]!;
	// Readable values in the file's language, never codes (issue 11.3); one label per code.
	const label = (by: Exclude<ResultDimension, 'unit'>, code: string | null) =>
		code === null ? null : groupLabel(by, code, locale);
	const day = (rows: Row) => first(rows).submittedAt.slice(0, 10);
	const columns: (QuasiColumn<Row> & { header: string; how: (level: number) => string })[] = [
		{
			name: 'date',
			header: t('surveyResults.raw.date'),
			levels: [day, (r) => day(r).slice(0, 7), (r) => day(r).slice(0, 4), () => any],
			how: (l) =>
				t(
					l === 1
						? 'surveyExport.level.month'
						: l === 2
							? 'surveyExport.level.year'
							: 'surveyExport.level.any'
				)
		},
		{
			name: 'unit',
			header: t('surveyResults.by.unit'),
			levels: treeLevels<Row>(
				(r) => String(first(r).unitId ?? ''),
				(v) => chainOf(v ? Number(v) : null),
				depth,
				any
			),
			how: (l) => t(l >= depth ? 'surveyExport.level.any' : 'surveyExport.level.parent')
		},
		{
			name: 'jobCategory',
			header: t('surveyResults.by.jobCategory'),
			levels: [(r) => label('jobCategory', first(r).jobCategory), () => any],
			how: () => t('surveyExport.level.any')
		},
		...(withGender
			? [
					{
						name: 'gender',
						header: t('surveyResults.by.gender'),
						levels: [(r: Row) => label('gender', first(r).gender), () => any],
						how: () => t('surveyExport.level.any')
					}
				]
			: []),
		{
			name: 'tenure',
			header: t('surveyResults.by.tenure'),
			levels: [
				(r) => label('tenure', first(r).tenureBand),
				(r) => {
					const band = first(r).tenureBand;
					const merged = band === null ? undefined : TENURE_MERGED[band];
					return merged ? t(merged) : band === null ? null : any;
				},
				() => any
			],
			how: (l) => t(l === 1 ? 'surveyExport.level.bands' : 'surveyExport.level.any')
		},
		{
			name: 'attended',
			header: t('surveyResults.by.track'),
			levels: [
				(r) => label('track', first(r).attended === null ? null : String(first(r).attended)),
				() => any
			],
			how: () => t('surveyExport.level.any')
		}
	];
	// Every combination of the exported grouping columns holds at least k responses.
	const anon = kAnonymise(list, columns, k);
	const exported = anon.kept.map(({ row, values: group }) => {
		const values: Cell[][] = row.map((r) => [r.questionId, r.item, r.value, r.numberValue, r.textValue]);
		// Sorted by what the file shows, answers first: the order adds nothing to the content.
		return { group: group as Cell[], values, key: JSON.stringify([values, group]) };
	});
	exported.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
	const notes: Cell[][] = [
		[t('surveyExport.about')],
		[translate(locale, 'surveyExport.k', { k, columns: columns.map((c) => c.header).join(', ') })],
		...columns
			.map((c, i) => ({ c, level: anon.levels[i]! }))
			.filter((x) => x.level > 0)
			.map(({ c, level }) => [
				translate(locale, 'surveyExport.generalised', { column: c.header, how: c.how(level) })
			]),
		...(anon.levels.every((l) => l === 0) ? [[t('surveyExport.none')]] : []),
		[translate(locale, 'surveyExport.suppressed', { k, n: anon.suppressed.length })],
		[t('surveyExport.order')]
	];
	const header: Cell[] = [
		t('surveyResults.raw.response'),
		...columns.map((c) => c.header),
		t('surveyResults.raw.questionId'),
		t('surveyResults.raw.item'),
		t('surveyResults.raw.value'),
		t('surveyResults.raw.number'),
		t('surveyResults.raw.text')
	];
	const rows: Cell[][] = [header];
	exported.forEach((r, i) => {
		for (const v of r.values) rows.push([i + 1, ...r.group, ...v]);
	});
	return { rows, notes, programmeId: survey.programmeId };
}

/** The de-identified raw answers as CSV or XLSX (office and evaluators). Audited. */
export async function exportRawAnswers(
	db: Db,
	actor: Actor,
	surveyId: number,
	format: 'csv' | 'xlsx',
	locale: Locale
): Promise<ExportFile> {
	const { rows, notes, programmeId } = await rawRows(db, actor, surveyId, locale);
	if (!programmeId) throw new AccessDeniedError();
	const file: ExportFile =
		format === 'csv'
			? {
					body: csv([...notes, [], ...rows], locale),
					fileName: `survey-${surveyId}-answers.csv`,
					contentType: CSV_TYPE
				}
			: {
					body: await xlsx([
						{ name: translate(locale, 'surveyResults.raw.response'), rows },
						{ name: translate(locale, 'surveyExport.sheet'), rows: notes, header: false }
					]),
					fileName: `survey-${surveyId}-answers.xlsx`,
					contentType: XLSX_TYPE
				};
	await recordAudit(db, {
		programmeId,
		actorId: actor.personId,
		action: 'export',
		entityType: 'survey',
		entityId: surveyId,
		after: { file: 'raw', format }
	});
	return file;
}

/**
 * One door for the API's `GET /surveys/{id}/export`: the results (`summary`, with an optional
 * breakdown) or the de-identified raw answers (`raw`), under exactly the checks of the results
 * page's downloads (the same functions). Audited.
 */
export async function exportSurvey(
	db: Db,
	actor: Actor,
	surveyId: number,
	query: { kind: 'summary' | 'raw'; format: 'csv' | 'xlsx'; by?: ResultDimension },
	locale: Locale
): Promise<ExportFile> {
	if (query.kind === 'raw') return exportRawAnswers(db, actor, surveyId, query.format, locale);
	return exportResults(db, actor, surveyId, { format: query.format, by: query.by }, locale);
}
