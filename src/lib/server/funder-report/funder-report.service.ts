import type { ZodError } from 'zod';
import { translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { budgetForPeriod } from '../budget/budget.service.ts';
import {
	listTracks,
	localToUtc,
	nextSessionStart,
	sessionCountsByTrackAndType
} from '../catalogue/catalogue.service.ts';
import { ContentCache } from '../core/content-cache.ts';
import { FieldsRuleError } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import type { Db } from '../db/database.ts';
import { programmeById } from '../organisation/organisation.service.ts';
import { AccessDeniedError, accessKey, authorize, can, type Actor } from '../policy/policy.ts';
import { allHoursReports, memoWhole, nextUtcMidnight, type HoursReport } from '../reports/reports.service.ts';
import { goalTable, goalTableStamp, type GoalRow } from '../goals/goals.service.ts';
import {
	keyResultQuestions,
	reportSurveys,
	responseStamp,
	surveyKeyResults,
	surveyTitle,
	type KeyQuestionRef,
	type KeyQuestionSurvey
} from '../surveys/results.service.ts';
import { visitCounts } from '../visits/visits.service.ts';
import { funderCsv, funderPdf, funderXlsx } from './funder-report.export.ts';
import type { FigureTable, FunderFigures } from '#lib/funder-figures.ts';
import * as repo from './funder-report.repository.ts';
import {
	keyResultsSchema,
	reportPatchSchema,
	reportSchema,
	type ExportFormat
} from './funder-report.schema.ts';

/**
 * The report a programme sends its funder (SPEC §3.6; BESÖK's closing figures): for a period,
 * unique participants by gender ("not stated" included), job category, organisation and
 * workplace, participant hours, course days, activities per track and type, sessions held and
 * cancelled, survey response rates, budget and co-financing, and the office's texts. Every
 * figure comes from the owners' services, aggregated in SQL. A version freezes the computed
 * figures as JSON so what was sent stays reproducible after the data changes.
 */

export class FunderReportRuleError extends FieldsRuleError {}
const toError = (e: ZodError) => new FunderReportRuleError({}, e);

const resource = (programmeId: number) => ({ type: 'funderReport' as const, programmeId });

export interface FunderReportRow {
	id: number;
	programmeId: number;
	title: string;
	periodStart: string;
	periodEnd: string;
	summary: string;
	lessons: string;
	updatedAt: string;
}

export async function createReport(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<{ id: number }> {
	authorize(actor, 'create', resource(programmeId));
	const v = parseInput(reportSchema, input, toError);
	return db.transaction().execute(async (trx) => {
		const row = await repo.insertReport(trx, {
			programmeId,
			title: v.title,
			periodStart: v.periodStart,
			periodEnd: v.periodEnd,
			summary: v.summary ?? '',
			lessons: v.lessons ?? '',
			createdBy: actor.personId
		});
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'funderReport',
			entityId: row.id,
			after: v
		});
		return row;
	});
}

async function loadReport(
	db: Db,
	actor: Actor,
	id: number,
	action: 'read' | 'update'
): Promise<FunderReportRow> {
	const row = await repo.findReport(db, id);
	if (!row) throw new AccessDeniedError();
	authorize(actor, action, resource(row.programmeId));
	return row;
}

/** The office's texts (summary, lessons), written to the audit log with what they were. */
export async function updateReportTexts(db: Db, actor: Actor, id: number, input: unknown): Promise<void> {
	const report = await loadReport(db, actor, id, 'update');
	const v = parseInput(reportPatchSchema, input, toError);
	const after = { summary: v.summary ?? '', lessons: v.lessons ?? '' };
	await db.transaction().execute(async (trx) => {
		await repo.updateTexts(trx, id, after);
		await recordAudit(trx, {
			programmeId: report.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'funderReport',
			entityId: id,
			before: { summary: report.summary, lessons: report.lessons },
			after
		});
	});
}

export interface KeyResultChoice {
	report: FunderReportRow;
	/** The chosen questions and statements in the report's order; empty: the default summary. */
	chosen: KeyQuestionRef[];
	/** What may be chosen: the scale questions of the period's surveys, per survey. */
	surveys: KeyQuestionSurvey[];
	canManage: boolean;
}

/**
 * The report's key survey questions and what may be chosen (SPEC §3.6: the funder asks about
 * specific goals). Readers of the report may see the choice; the candidates need `readResults`.
 */
export async function keyResultChoice(
	db: Db,
	actor: Actor,
	id: number,
	locale: Locale
): Promise<KeyResultChoice> {
	const report = await loadReport(db, actor, id, 'read');
	const p = report.programmeId;
	const [chosen, surveys] = await Promise.all([
		repo.keyResultsOf(db, id),
		can(actor, 'readResults', { type: 'survey', id: 0, programmeId: p })
			? keyResultQuestions(db, actor, p, { from: report.periodStart, to: report.periodEnd }, locale)
			: []
	]);
	return { report, chosen, surveys, canManage: can(actor, 'manage', resource(p)) };
}

/**
 * Chooses the report's key survey questions, in order (an empty list: back to the default,
 * the first scale questions of each survey). Each must be a scale question (a matrix: one of
 * its statements) of a survey this report summarises, else a field error names it and
 * nothing is stored. Written to the audit log with the previous choice.
 */
export async function setKeyResults(
	db: Db,
	actor: Actor,
	id: number,
	input: unknown,
	locale: Locale
): Promise<void> {
	const report = await loadReport(db, actor, id, 'update');
	const v = parseInput(keyResultsSchema, input, toError);
	const candidates = await keyResultQuestions(
		db,
		actor,
		report.programmeId,
		{ from: report.periodStart, to: report.periodEnd },
		locale
	);
	const allowed = new Set(candidates.flatMap((s) => s.questions.map((q) => `${q.questionId}:${q.item}`)));
	const wrong: Record<string, MessageKey> = {};
	v.questions.forEach((q, i) => {
		if (!allowed.has(`${q.questionId}:${q.item}`)) wrong[`questions.${i}`] = 'funder.error.keyQuestion';
	});
	if (Object.keys(wrong).length > 0) throw new FunderReportRuleError(wrong);
	await db.transaction().execute(async (trx) => {
		await repo.touchReport(trx, id);
		const before = await repo.keyResultsOf(trx, id);
		await repo.replaceKeyResults(trx, id, v.questions);
		await recordAudit(trx, {
			programmeId: report.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'funderReport',
			entityId: id,
			before: { keyResults: before },
			after: { keyResults: v.questions }
		});
	});
}

export async function listReports(db: Db, actor: Actor, programmeId: number) {
	authorize(actor, 'read', resource(programmeId));
	return {
		reports: await repo.reportsOf(db, programmeId),
		canManage: can(actor, 'manage', resource(programmeId))
	};
}

const t = (locale: Locale, key: MessageKey, params?: Record<string, string | number>) =>
	translate(locale, key, params);

function participantTable(
	locale: Locale,
	id: string,
	title: MessageKey,
	column: MessageKey,
	r: HoursReport | undefined
): FigureTable | null {
	if (!r) return null;
	return {
		id,
		title: t(locale, title),
		columns: [
			{ label: t(locale, column), kind: 'text' },
			{ label: t(locale, 'reports.col.participants'), kind: 'int' },
			{ label: t(locale, 'reports.col.hours'), kind: 'decimal' }
		],
		rows: r.rows.map((x) => [x.label, x.participants, x.hours]),
		total: [t(locale, 'funder.total'), r.totals.participants, r.totals.hours],
		chart: { column: 1 }
	};
}

/** The day after a `YYYY-MM-DD` date. */
function nextDay(date: string): string {
	const d = new Date(date + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

/** Live computations under way, per database and reader: a second identical request joins the first. */
const inFlight = new WeakMap<Db, Map<string, Promise<FunderFigures>>>();

/**
 * The report's figures as of `now` (the clock if not given), in `locale` (the live page,
 * exports, and what a version freezes). At national scale computing them reads every
 * attendance of the period several times, so they are memoised whole (`memoWhole`): a repeated
 * view of an unchanged report reads a few stamps and one row. Identical requests arriving while
 * one is under way (the same reader, report, texts and language) share it.
 */
export async function computeFigures(
	db: Db,
	actor: Actor,
	report: FunderReportRow,
	locale: Locale,
	now?: Date
): Promise<FunderFigures> {
	authorize(actor, 'read', resource(report.programmeId));
	// The choice is part of what is computed, so a request after it changes never joins one before.
	const keys = await repo.keyResultsOf(db, report.id);
	if (now) return memoisedFigures(db, actor, report, keys, locale, now);
	let running = inFlight.get(db);
	if (!running) inFlight.set(db, (running = new Map()));
	const key = JSON.stringify([actor.personId, report, keys, locale]);
	const pending = running.get(key);
	if (pending) return pending;
	// better-sqlite3 runs every statement synchronously, so a computation never gives the event
	// loop back and requests that arrived meanwhile would each compute after it. Yielding once
	// first lets them reach this point and join (50 readers at once: one computation, not 50).
	const work = new Promise((resolve) => setImmediate(resolve))
		.then(() => memoisedFigures(db, actor, report, keys, locale, new Date()))
		.finally(() => running.delete(key));
	running.set(key, work);
	return work;
}

/**
 * The figures from the whole-report memo. Its key: the report row (texts, period, updated_at),
 * the key-question choice, the language, the reader (their person and roles: what they may
 * see), the goal table's own stamp, the programme's counted survey responses and the UTC day;
 * the programme's counters (0026, 0031) stamp everything else. A kept value expires at the
 * next UTC midnight or the next session start of the period (a session counted held), if sooner.
 * A goal table reading an unstamped source (a live coverage rule) is computed every time.
 */
async function memoisedFigures(
	db: Db,
	actor: Actor,
	report: FunderReportRow,
	keys: readonly KeyQuestionRef[],
	locale: Locale,
	now: Date
): Promise<FunderFigures> {
	const p = report.programmeId;
	const [goals, responses] = await Promise.all([
		can(actor, 'read', { type: 'goals', programmeId: p }) ? goalTableStamp(db, p) : 'unread',
		responseStamp(db, p)
	]);
	const compute = async () => {
		const { figures, nextSession } = await computeFiguresAt(db, actor, report, keys, locale, now);
		const midnight = nextUtcMidnight(now);
		return {
			value: figures,
			until: nextSession !== null && nextSession < midnight ? nextSession : midnight,
			keep: goals !== null
		};
	};
	if (goals === null) return (await compute()).value;
	const key = JSON.stringify([
		'funder',
		report,
		keys,
		locale,
		accessKey(actor),
		goals,
		responses,
		now.toISOString().slice(0, 10)
	]);
	return memoWhole(db, p, key, now, compute);
}

async function computeFiguresAt(
	db: Db,
	actor: Actor,
	report: FunderReportRow,
	keys: readonly KeyQuestionRef[],
	locale: Locale,
	now: Date
): Promise<{ figures: FunderFigures; nextSession: string | null }> {
	const programmeId = report.programmeId;
	const programme = await programmeById(db, programmeId);
	if (!programme) throw new AccessDeniedError();
	const period = { from: report.periodStart, to: report.periodEnd };
	const tz = programme.timeZone;
	const sessionPeriod = {
		startsFrom: localToUtc(`${period.from}T00:00`, tz) ?? undefined,
		startsBefore: localToUtc(`${nextDay(period.to)}T00:00`, tz) ?? undefined,
		now: now.toISOString()
	};
	const [hours, tracks, sessionRows, nextSession, budget, visits, surveys] = await Promise.all([
		allHoursReports(db, actor, programmeId, period, locale),
		listTracks(db, programmeId),
		sessionCountsByTrackAndType(db, programmeId, sessionPeriod),
		nextSessionStart(db, programmeId, sessionPeriod),
		budgetForPeriod(db, programmeId, period),
		visitCounts(db, programmeId, period),
		surveySummary(db, actor, programmeId, period, keys, locale)
	]);
	const by = (g: HoursReport['groupBy']) => hours.find((h) => h.groupBy === g);
	const totals = hours[0]?.totals ?? {
		participants: 0,
		hours: 0,
		attendances: 0,
		sessions: 0,
		courseDays: 0
	};
	const trackName = new Map(tracks.map((tr) => [tr.id, tr.name]));
	const held = sessionRows.reduce((s, r) => s + r.held, 0);
	const cancelled = sessionRows.reduce((s, r) => s + r.cancelled, 0);
	const activities = sessionRows.reduce((s, r) => s + r.activities, 0);
	const activityRows = sessionRows
		.map((r) => [
			r.trackId === null ? t(locale, 'funder.noTrack') : (trackName.get(r.trackId) ?? String(r.trackId)),
			t(locale, `catalogue.type.${r.type}` as MessageKey),
			r.activities,
			r.held,
			r.cancelled
		])
		.sort(
			(a, b) =>
				String(a[0]).localeCompare(String(b[0]), locale) || String(a[1]).localeCompare(String(b[1]), locale)
		);

	const tables: FigureTable[] = [];
	const push = (x: FigureTable | null) => x && tables.push(x);
	push(participantTable(locale, 'gender', 'funder.table.gender', 'reports.groupBy.gender', by('gender')));
	push(
		participantTable(
			locale,
			'jobCategory',
			'funder.table.jobCategory',
			'reports.groupBy.jobCategory',
			by('jobCategory')
		)
	);
	push(
		participantTable(
			locale,
			'organisation',
			'funder.table.organisation',
			'reports.groupBy.organisation',
			by('organisation')
		)
	);
	push(participantTable(locale, 'unit', 'funder.table.unit', 'reports.groupBy.unit', by('unit')));
	tables.push({
		id: 'activities',
		title: t(locale, 'funder.table.activities'),
		columns: [
			{ label: t(locale, 'reports.groupBy.track'), kind: 'text' },
			{ label: t(locale, 'funder.col.type'), kind: 'text' },
			{ label: t(locale, 'funder.col.activities'), kind: 'int' },
			{ label: t(locale, 'funder.col.held'), kind: 'int' },
			{ label: t(locale, 'funder.col.cancelled'), kind: 'int' }
		],
		rows: activityRows,
		total: [t(locale, 'funder.total'), '', activities, held, cancelled]
	});
	const goals = await goalSection(db, actor, programmeId, period, locale, now);
	if (goals) tables.push(goals);
	tables.push(...surveys);
	const money = (label: MessageKey, value: number) => [t(locale, label), value];
	tables.push({
		id: 'budget',
		title: t(locale, 'funder.table.budget'),
		columns: [
			{ label: t(locale, 'funder.col.item'), kind: 'text' },
			{ label: t(locale, 'funder.col.amount'), kind: 'money' }
		],
		rows: [
			money('funder.budget.funder', budget.funding.funder),
			money('funder.budget.own', budget.funding.own),
			money('funder.budget.planned', budget.planned),
			...budget.byCategory.map((c) => money(`funder.category.${c.category}` as MessageKey, c.amount)),
			money('funder.budget.actual', budget.actual),
			money('funder.budget.remaining', budget.remaining),
			money('funder.budget.coFinancing', budget.coFinancing.amount)
		],
		note: t(locale, 'funder.budget.coFinancingNote', {
			hours: budget.coFinancing.costedHours,
			uncosted: budget.coFinancing.uncostedHours
		})
	});
	if (!by('gender')) tables[0] = { ...tables[0]!, note: t(locale, 'funder.genderOfficeOnly') };

	const figures: FunderFigures = {
		reportId: report.id,
		title: report.title,
		programme: programme.name,
		funder: programme.funder,
		period,
		locale,
		currency: budget.currency,
		computedAt: now.toISOString(),
		headline: [
			{ label: t(locale, 'reports.col.participants'), value: totals.participants, kind: 'int' },
			{ label: t(locale, 'funder.headline.hours'), value: totals.hours, kind: 'decimal' },
			{ label: t(locale, 'reports.courseDays'), value: totals.courseDays, kind: 'int' },
			{ label: t(locale, 'funder.col.activities'), value: activities, kind: 'int' },
			{ label: t(locale, 'funder.headline.held'), value: held, kind: 'int' },
			{ label: t(locale, 'funder.headline.cancelled'), value: cancelled, kind: 'int' },
			{ label: t(locale, 'funder.headline.visits'), value: visits.visits, kind: 'int' },
			{ label: t(locale, 'funder.budget.coFinancing'), value: budget.coFinancing.amount, kind: 'money' }
		],
		tables,
		texts: { summary: report.summary, lessons: report.lessons },
		headings: {
			figures: t(locale, 'funder.heading.figures'),
			summary: t(locale, 'funder.heading.summary'),
			lessons: t(locale, 'funder.heading.lessons'),
			page: t(locale, 'funder.page'),
			generated: t(locale, 'funder.generated')
		}
	};
	return { figures, nextSession };
}

/** How a goal's evidence reads in the table: the protection's reason, else actual against target. */
function evidenceText(g: GoalRow, locale: Locale): string {
	if (g.protectedReason) return g.protectedReason;
	const fmt = (v: number) =>
		g.unit === 'share'
			? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(v)
			: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v);
	const parts: string[] = [];
	if (g.actual !== null)
		parts.push(g.target !== null ? `${fmt(g.actual)} / ${fmt(g.target)}` : fmt(g.actual));
	const e = g.evidence;
	if (e.kind === 'share') parts.push(`n = ${e.n}`);
	if (e.kind === 'coverage') parts.push(`${e.meeting} / ${e.people}`);
	if (g.overrideReason) parts.push(g.overrideReason);
	return parts.join(' · ') || '–';
}

/**
 * The goal table (KLURA's Table 5: goal · examined by · status · evidence) from the goals
 * service, computed as of the period's last day (or today, if sooner); null for who may not read goals.
 */
async function goalSection(
	db: Db,
	actor: Actor,
	programmeId: number,
	period: { from: string; to: string },
	locale: Locale,
	now: Date
): Promise<FigureTable | null> {
	if (!can(actor, 'read', { type: 'goals', programmeId })) return null;
	const end = new Date(`${period.to}T23:59:59Z`);
	const table = await goalTable(db, actor, programmeId, {
		asOf: end < now ? end : now,
		locale
	});
	const rows = table.groups.flatMap((g) => g.goals);
	return {
		id: 'goals',
		title: t(locale, 'funder.table.goals'),
		columns: [
			{ label: t(locale, 'goals.col.goal'), kind: 'text' },
			{ label: t(locale, 'goals.col.examinedBy'), kind: 'text' },
			{ label: t(locale, 'goals.col.status'), kind: 'text' },
			{ label: t(locale, 'goals.col.evidence'), kind: 'text' }
		],
		rows: rows.map((g) => [
			g.text,
			g.examinedBy ?? '–',
			t(locale, `goals.status.${g.status ?? 'none'}` as MessageKey),
			evidenceText(g, locale)
		])
	};
}

/**
 * The survey summary: each survey opened in the period (at most 20) with its response rate
 * from the invitations, and its key results (per scale question or statement, the share in the
 * positive options with its n) under the results' small-group protection (nothing under k):
 * the questions the office chose (`keys`, in their order), else the first ones of each survey.
 */
async function surveySummary(
	db: Db,
	actor: Actor,
	programmeId: number,
	period: { from: string; to: string },
	keys: readonly KeyQuestionRef[],
	locale: Locale
): Promise<FigureTable[]> {
	const rates: FigureTable = {
		id: 'surveys',
		title: t(locale, 'funder.table.surveys'),
		columns: [
			{ label: t(locale, 'funder.col.survey'), kind: 'text' },
			{ label: t(locale, 'funder.col.invited'), kind: 'int' },
			{ label: t(locale, 'funder.col.answered'), kind: 'int' },
			{ label: t(locale, 'funder.col.rate'), kind: 'percent' }
		],
		rows: []
	};
	const keyTable: FigureTable = {
		id: 'surveyResults',
		title: t(locale, 'funder.table.surveyResults'),
		columns: [
			{ label: t(locale, 'funder.col.survey'), kind: 'text' },
			{ label: t(locale, 'funder.col.question'), kind: 'text' },
			{ label: 'n', kind: 'int' },
			{ label: t(locale, 'funder.col.positiveShare'), kind: 'percent' }
		],
		rows: []
	};
	if (!can(actor, 'readResults', { type: 'survey', id: 0, programmeId })) return [rates];
	const chosen = keys.length > 0 ? keys : undefined;
	const position = new Map(keys.map((r, i) => [`${r.questionId}:${r.item}`, i]));
	const rows: { at: number; row: FigureTable['rows'][number] }[] = [];
	let k = 0;
	let hidden = false;
	for (const s of await reportSurveys(db, actor, programmeId, period)) {
		const r = await surveyKeyResults(db, actor, s.id, locale, chosen);
		const title = surveyTitle(s.title, locale);
		rates.rows.push([title, r.invited, r.completed, r.responseRate]);
		k = r.minGroupSize;
		for (const x of r.results) {
			if (x.n === null) hidden = true;
			// Chosen rows in the office's order across surveys; default rows as the surveys come.
			rows.push({
				at: position.get(`${x.questionId}:${x.item}`) ?? rows.length,
				row: [title, x.text, x.n, x.share]
			});
		}
	}
	if (chosen) rows.sort((a, b) => a.at - b.at);
	keyTable.rows = rows.map((x) => x.row);
	const note = t(locale, chosen ? 'funder.surveyResults.chosenNote' : 'funder.surveyResults.note');
	keyTable.note = hidden ? `${note} ${t(locale, 'funder.surveyResults.protected', { k })}` : note;
	return [rates, keyTable];
}

export interface FunderReportView {
	report: FunderReportRow;
	figures: FunderFigures;
	versions: { id: number; createdAt: string; locale: string }[];
	/** The version shown instead of live figures, if one was asked for. */
	versionId: number | null;
	canManage: boolean;
}

/** The report with live figures, or a frozen version's figures exactly as they were stored. */
export async function getReport(
	db: Db,
	actor: Actor,
	id: number,
	locale: Locale,
	versionId?: number
): Promise<FunderReportView> {
	const report = await loadReport(db, actor, id, 'read');
	const versions = await repo.versionsOf(db, id);
	let figures: FunderFigures;
	if (versionId !== undefined) {
		const v = await repo.findVersion(db, id, versionId);
		if (!v) throw new AccessDeniedError();
		figures = JSON.parse(v.figures) as FunderFigures;
	} else figures = await computeFigures(db, actor, report, locale);
	return {
		report,
		figures,
		versions: versions.map((v) => ({ id: v.id, createdAt: v.createdAt, locale: v.locale })),
		versionId: versionId ?? null,
		canManage: can(actor, 'manage', resource(report.programmeId))
	};
}

/** Freezes the figures as computed now, with the date; later data changes leave it as it is. */
export async function freezeReport(
	db: Db,
	actor: Actor,
	id: number,
	locale: Locale
): Promise<{ id: number; createdAt: string }> {
	const report = await loadReport(db, actor, id, 'update');
	const figures = await computeFigures(db, actor, report, locale);
	return db.transaction().execute(async (trx) => {
		const v = await repo.insertVersion(trx, {
			reportId: id,
			frozenBy: actor.personId,
			locale,
			figures: JSON.stringify(figures)
		});
		await recordAudit(trx, {
			programmeId: report.programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'funderReport',
			entityId: id,
			after: { version: v.id, reportId: id, locale }
		});
		return v;
	});
}

export interface ReportFile {
	fileName: string;
	contentType: string;
	body: Uint8Array | string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
	pdf: 'application/pdf',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	csv: 'text/csv; charset=utf-8',
	json: 'application/json'
};

/**
 * The PDF or XLSX of `f`, rendered once per distinct figures (a PDF of the national report takes
 * about a second to lay out): keyed by everything the file shows (the figures; of `computedAt`
 * only the day, which is all the PDF prints), so any change in a figure, text or label renders
 * anew. The figures are aggregates the reader may see, the same for every reader given them.
 */
const renderedFiles = new ContentCache<Uint8Array>({
	maxEntries: 16,
	maxBytes: 32 * 1024 * 1024,
	size: (b) => b.byteLength
});
/** How often a rendered file was reused and how often one was rendered (for tests and benchmarks). */
export const renderStats = renderedFiles.stats;

function renderFile(format: 'pdf' | 'xlsx', f: FunderFigures): Promise<Uint8Array> {
	const shown = { ...f, computedAt: f.computedAt.slice(0, 10) };
	return renderedFiles.get(format, shown, () => (format === 'pdf' ? funderPdf(f) : funderXlsx(f)));
}

/**
 * The report (live, or a frozen version) as PDF, XLSX, JSON or one table as CSV; every export
 * is written to the audit log.
 */
export async function exportReport(
	db: Db,
	actor: Actor,
	id: number,
	format: ExportFormat,
	locale: Locale,
	options: { versionId?: number | undefined; table?: string | undefined } = {}
): Promise<ReportFile> {
	const view = await getReport(db, actor, id, locale, options.versionId);
	const f = view.figures;
	let body: Uint8Array | string;
	// A copy: the kept bytes stay as rendered whatever the response does with its body.
	if (format === 'pdf' || format === 'xlsx') body = (await renderFile(format, f)).slice();
	else if (format === 'json') body = JSON.stringify(f);
	else {
		const table = f.tables.find((x) => x.id === options.table);
		if (!table) throw new FunderReportRuleError({ table: 'error.choice' });
		body = funderCsv(table, f);
	}
	await recordAudit(db, {
		programmeId: view.report.programmeId,
		actorId: actor.personId,
		action: 'export',
		entityType: 'report',
		entityId: id,
		after: { report: 'funder', format, versionId: options.versionId ?? null, table: options.table ?? null }
	});
	const stem = `klok-funder-report-${view.report.periodStart}_${view.report.periodEnd}${options.versionId ? `-v${options.versionId}` : ''}`;
	return {
		fileName: `${stem}${format === 'csv' ? `_${options.table}` : ''}.${format}`,
		contentType: CONTENT_TYPES[format],
		body
	};
}
