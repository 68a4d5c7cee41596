import { createHash } from 'node:crypto';
import { translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { listTracks, localToUtc, utcToLocal } from '../catalogue/catalogue.service.ts';
import type { Db } from '../db/database.ts';
import { GENDERS, JOB_CATEGORIES, type UnitKind } from '../db/schema.ts';
import { RuleError } from '../core/errors.ts';
import type { FieldErrors } from '../core/validation.ts';
import { descendantUnitIds, listUnits, programmeById } from '../organisation/organisation.service.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { hoursCsvStream, hoursXlsxStream } from './reports.export.ts';
import {
	aggregateBy,
	aggregateTotal,
	attendedActivityCount,
	attendedSessions,
	bumpReportVersion,
	cachedFigures,
	coFinancingBy,
	coFinancingPerPerson,
	genderKey,
	outsideParticipantCount,
	jobCategoryKey,
	monthGroupKey,
	reportStamp,
	reportVersion,
	storeFigures,
	trackKey,
	unitGroupKey,
	type Aggregate,
	type CoFinancingAggregate,
	type FactFilter,
	type GroupAggregate
} from './reports.repository.ts';
import { REPORT_GROUPINGS, type ReportFilter, type ReportGrouping } from './reports.schema.ts';

/**
 * Participation reports: hours and unique participants from attended registrations, for the
 * programme office and the steering group (`readReports`). The gender breakdown is for the
 * office only (`readSensitive`, SPEC §4). Periods are calendar days in the programme's time
 * zone applied to the session's start; people are grouped by their current unit.
 *
 * The aggregates (before labels, which are applied per request in the reader's language) are
 * memoised per programme data version (`memo`, migration 0026): a repeated request reads one
 * cached row instead of every attendance of the period. What an actor may see (the groupings)
 * is decided before the cache is read; cached rows hold no per-person figures.
 */

/** A filter that names a track or unit outside the programme. */
export class ReportFilterError extends RuleError {
	readonly status = 422;
	constructor(private readonly keys: Record<string, MessageKey>) {
		super('report filter: ' + Object.keys(keys).join(', '));
		this.name = 'ReportFilterError';
	}
	fieldErrors(locale: Locale): FieldErrors {
		return Object.fromEntries(Object.entries(this.keys).map(([f, k]) => [f, [translate(locale, k)]]));
	}
}

export interface HoursRow extends Aggregate {
	/** Unit/track id or code as text, 'YYYY-MM' for months; 'none' when the value is missing. */
	key: string;
	label: string;
}

export interface HoursReport {
	groupBy: ReportGrouping;
	filters: { from: string | null; to: string | null; trackId: number | null; unitId: number | null };
	rows: HoursRow[];
	totals: Aggregate & { courseDays: number };
}

/** The groupings the actor may see (gender only with `readSensitive`). */
export function reportGroupings(actor: Actor, programmeId: number): ReportGrouping[] {
	const sensitive = can(actor, 'readSensitive', { type: 'person', id: 0, programmeId, unitId: null });
	return REPORT_GROUPINGS.filter((g) => g !== 'gender' || sensitive);
}

interface Context {
	programmeId: number;
	timeZone: string;
	fact: FactFilter;
	filters: HoursReport['filters'];
	units: { id: number; parentId: number | null; kind: UnitKind; name: string }[];
	tracks: { id: number; name: string }[];
	locale: Locale;
}

/** Live computations under way, per database: an identical request (same version) joins the first. */
const computing = new WeakMap<Db, Map<string, Promise<unknown>>>();

/**
 * `compute()`'s result for `key`, memoised by the programme's report data version: the cached
 * row when it was computed at the current version, else computed now and stored at the version
 * read before computing (a write during the computation leaves the row stale, never wrong).
 * Values go through JSON, so they must be plain data.
 */
async function memo<T>(db: Db, programmeId: number, key: string, compute: () => Promise<T>): Promise<T> {
	const version = await reportVersion(db, programmeId);
	const cached = await cachedFigures(db, programmeId, key, version);
	if (cached !== undefined) {
		memoStats.hits++;
		return JSON.parse(cached) as T;
	}
	let running = computing.get(db);
	if (!running) computing.set(db, (running = new Map()));
	const id = `${programmeId}:${version}:${key}`;
	const pending = running.get(id);
	if (pending) return pending as Promise<T>;
	const work = (async () => {
		memoStats.computed++;
		const value = await compute();
		await storeFigures(db, programmeId, key, version, JSON.stringify(value), new Date().toISOString());
		return value;
	})().finally(() => running.delete(id));
	running.set(id, work);
	return work;
}

/** How often the memo answered from a cached row and how often it computed (for tests and benchmarks). */
export const memoStats = { hits: 0, computed: 0 };

/**
 * Another domain's report figures memoised like the hours report's (the funder report's and the
 * goal table's expensive counts): `compute()`'s result for `key` at the programme's report data
 * version. Only for results whose every source is a change that bumps `report_versions`
 * (migrations 0026, 0029) or whose other sources are named in `key` (another version, the day):
 * anything else would be shown stale. `key` must also name everything else the result depends
 * on (filters, period, what the reader may see); results go through JSON (plain data), hold no
 * per-person rows, and carry no labels a rename could change.
 */
export function memoFigures<T>(
	db: Db,
	programmeId: number,
	key: string,
	compute: () => Promise<T>
): Promise<T> {
	return memo(db, programmeId, `x:${key}`, compute);
}

/** The next UTC midnight after `now`: when values keyed by the UTC day go stale. */
export function nextUtcMidnight(now: Date): string {
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
}

/** How often a whole memoised result was reused and how often computed (for tests and benchmarks). */
export const wholeStats = { hits: 0, computed: 0 };

/** What a whole memoised result's computation gives back. */
export interface WholeResult<T> {
	value: T;
	/** The instant (ISO, UTC) from which the value is stale by the clock alone; null: never. */
	until: string | null;
	/** False when the value read a source no stamp follows: computed, returned, not kept. */
	keep: boolean;
}

/**
 * A whole report's figures (the funder report) memoised behind the programme's two counters:
 * the report data version (participation, 0026) and the sources' counter (everything else
 * such a report reads, 0031), both read before computing, so a write during the computation
 * leaves the row stale, never wrong. `key` must name everything else the value depends on
 * (the report row, the reader, the language, other stamps such as the survey responses or the
 * coverage version, the UTC day); a kept value is not served from its `until` on. Values go
 * through JSON and may carry labels (a rename bumps the sources' counter).
 */
export async function memoWhole<T>(
	db: Db,
	programmeId: number,
	key: string,
	now: Date,
	compute: () => Promise<WholeResult<T>>
): Promise<T> {
	const stamp = await reportStamp(db, programmeId);
	const id = `w:${stamp.sources}:${createHash('sha256').update(key).digest('base64url')}`;
	const cached = await cachedFigures(db, programmeId, id, stamp.version);
	if (cached !== undefined) {
		const kept = JSON.parse(cached) as { until: string | null; value: T };
		if (kept.until === null || now.toISOString() < kept.until) {
			wholeStats.hits++;
			return kept.value;
		}
	}
	wholeStats.computed++;
	const r = await compute();
	if (r.keep)
		await storeFigures(
			db,
			programmeId,
			id,
			stamp.version,
			JSON.stringify({ until: r.until, value: r.value }),
			new Date().toISOString()
		);
	return r.value;
}

/**
 * Makes the programme's memoised figures stale: for bulk loads that wrote registrations while
 * `cycle_totals_pause` held the triggers (the national demo). Other writes bump by trigger.
 */
export async function invalidateReports(db: Db, programmeId: number): Promise<void> {
	await bumpReportVersion(db, programmeId);
}

/** The cache key of a figure of the context's normalised filter (UTC bounds, track, chosen unit). */
function figureKey(ctx: Context, figure: string): string {
	const f = ctx.fact;
	return `hours:${figure}:${JSON.stringify([f.startsFrom ?? null, f.startsBefore ?? null, f.trackId ?? null, ctx.filters.unitId])}`;
}

/** Totals and the calendar months with an attendance (from the attended sessions). */
interface Basis {
	total: Aggregate;
	courseDays: number;
	months: string[];
}

function basis(db: Db, ctx: Context): Promise<Basis> {
	return memo(db, ctx.programmeId, figureKey(ctx, 'basis'), async () => {
		const [total, sessions] = await Promise.all([
			aggregateTotal(db, ctx.fact),
			attendedSessions(db, ctx.fact)
		]);
		return {
			total,
			courseDays: sessions.reduce((sum, s) => sum + daysSpanned(s.startsAt, s.endsAt, ctx.timeZone), 0),
			months: [...new Set(sessions.map((s) => utcToLocal(s.startsAt, ctx.timeZone).slice(0, 7)))].sort()
		};
	});
}

/** The day after a 'YYYY-MM-DD' date. */
function nextDay(date: string): string {
	const d = new Date(date + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

/** Midnight at the start of `date` in `timeZone`, as UTC ISO. */
function startOfDay(date: string, timeZone: string): string {
	return localToUtc(`${date}T00:00`, timeZone) ?? `${date}T00:00:00.000Z`;
}

/** Every unit of a programme, closed ones included (the tree, for rolling people's units up to workplaces). */
async function programmeUnits(db: Db, programmeId: number): Promise<Context['units']> {
	const units = await listUnits(db, programmeId, { includeClosed: true });
	return units.map((u) => ({ id: u.id, parentId: u.parentId, kind: u.kind, name: u.name }));
}

async function context(
	db: Db,
	actor: Actor,
	programmeId: number,
	filter: ReportFilter,
	locale: Locale
): Promise<Context> {
	authorize(actor, 'readReports', { type: 'programmeAdmin', programmeId });
	const programme = await programmeById(db, programmeId);
	if (!programme) throw new AccessDeniedError();
	const [units, tracks] = await Promise.all([programmeUnits(db, programmeId), listTracks(db, programmeId)]);
	const errors: Record<string, MessageKey> = {};
	if (filter.trackId !== undefined && !tracks.some((t) => t.id === filter.trackId))
		errors.trackId = 'error.unknownId';
	if (filter.unitId !== undefined && !units.some((u) => u.id === filter.unitId))
		errors.unitId = 'error.unknownId';
	if (Object.keys(errors).length > 0) throw new ReportFilterError(errors);
	const fact: FactFilter = {
		programmeId,
		startsFrom: filter.from ? startOfDay(filter.from, programme.timeZone) : undefined,
		startsBefore: filter.to ? startOfDay(nextDay(filter.to), programme.timeZone) : undefined,
		trackId: filter.trackId,
		unitIds: filter.unitId !== undefined ? [...(await descendantUnitIds(db, [filter.unitId]))] : undefined
	};
	return {
		programmeId,
		timeZone: programme.timeZone,
		fact,
		filters: {
			from: filter.from ?? null,
			to: filter.to ?? null,
			trackId: filter.trackId ?? null,
			unitId: filter.unitId ?? null
		},
		units,
		tracks,
		locale
	};
}

/** Unit id → the nearest unit of `kind` at or above it. */
function rollUp(units: Context['units'], kind: 'workplace' | 'organisation'): Map<number, number> {
	const byId = new Map(units.map((u) => [u.id, u]));
	const out = new Map<number, number>();
	for (const u of units) {
		let cur: (typeof units)[number] | undefined = u;
		for (let depth = 0; cur && depth < 50; depth++) {
			if (cur.kind === kind) {
				out.set(u.id, cur.id);
				break;
			}
			cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
		}
	}
	return out;
}

/** Calendar days a session touches in the programme's time zone (a one-day course is 1). */
function daysSpanned(startsAt: string, endsAt: string, timeZone: string): number {
	const first = utcToLocal(startsAt, timeZone).slice(0, 10);
	// An end at exactly midnight belongs to the day before.
	const last = utcToLocal(new Date(new Date(endsAt).getTime() - 1).toISOString(), timeZone).slice(0, 10);
	const days =
		Math.round((Date.parse(last + 'T00:00:00Z') - Date.parse(first + 'T00:00:00Z')) / 86_400_000) + 1;
	return Math.max(1, days);
}

const keyText = (key: string | number | null) => (key === null || key === '' ? 'none' : String(key));

async function grouped(db: Db, ctx: Context, groupBy: ReportGrouping): Promise<HoursRow[]> {
	const t = (key: MessageKey) => translate(ctx.locale, key);
	const none = t('reports.none');
	// The grouped aggregates are memoised; labels and order are applied to them per request.
	const build = (key: Parameters<typeof aggregateBy>[2]) =>
		memo(db, ctx.programmeId, figureKey(ctx, groupBy), () => aggregateBy(db, ctx.fact, key));
	const withLabels = (
		rows: GroupAggregate[],
		label: (key: string) => string,
		order: (key: string) => number | string
	) =>
		rows
			.map((r) => ({ ...r, key: keyText(r.key) }))
			.map((r) => ({ ...r, label: r.key === 'none' ? none : label(r.key) }))
			.sort((a, b) => {
				if (a.key === 'none' || b.key === 'none') return a.key === 'none' ? 1 : -1;
				const oa = order(a.key);
				const ob = order(b.key);
				return oa < ob ? -1 : oa > ob ? 1 : a.label.localeCompare(b.label, ctx.locale);
			})
			.map(({ key, label, participants, hours, attendances, sessions }) => ({
				key,
				label,
				participants,
				hours,
				attendances,
				sessions
			}));
	const unitName = new Map(ctx.units.map((u) => [String(u.id), u.name]));
	switch (groupBy) {
		case 'unit':
		case 'organisation': {
			const map = rollUp(ctx.units, groupBy === 'unit' ? 'workplace' : 'organisation');
			const groups = new Map<number, number[]>();
			for (const [unitId, groupId] of map) {
				const list = groups.get(groupId) ?? [];
				list.push(unitId);
				groups.set(groupId, list);
			}
			const rows = await build(unitGroupKey(groups));
			return withLabels(
				rows,
				(k) => unitName.get(k) ?? k,
				() => 0
			);
		}
		case 'track': {
			const tracks = new Map(ctx.tracks.map((tr, i) => [String(tr.id), { name: tr.name, i }]));
			const rows = await build(trackKey());
			return withLabels(
				rows,
				(k) => tracks.get(k)?.name ?? k,
				(k) => tracks.get(k)?.i ?? 0
			);
		}
		case 'jobCategory': {
			const rows = await build(jobCategoryKey());
			return withLabels(
				rows,
				(k) => t(`people.jobCategory.${k}` as MessageKey),
				(k) => (JOB_CATEGORIES as readonly string[]).indexOf(k)
			);
		}
		case 'gender': {
			const rows = await build(genderKey());
			return withLabels(
				rows,
				(k) => t(`people.gender.${k}` as MessageKey),
				(k) => (GENDERS as readonly string[]).indexOf(k)
			);
		}
		case 'month': {
			const months = (await basis(db, ctx)).months.map((month) => ({
				month,
				startsAt: startOfDay(`${month}-01`, ctx.timeZone)
			}));
			const rows = await build(monthGroupKey(months));
			const monthLabel = new Intl.DateTimeFormat(
				{ en: 'en-GB', sv: 'sv-SE', da: 'da-DK', nb: 'nb-NO' }[ctx.locale],
				{ year: 'numeric', month: 'long', timeZone: 'UTC' }
			);
			return withLabels(
				rows,
				(k) => monthLabel.format(new Date(k + '-15T12:00:00Z')),
				(k) => k
			);
		}
	}
}

async function totals(db: Db, ctx: Context): Promise<HoursReport['totals']> {
	const { total, courseDays } = await basis(db, ctx);
	return { ...total, courseDays };
}

function assertGrouping(actor: Actor, programmeId: number, groupBy: ReportGrouping): void {
	if (!reportGroupings(actor, programmeId).includes(groupBy)) throw new AccessDeniedError();
}

/**
 * Hours and unique participants per group, with a totals row (unique people counted once
 * overall, so totals are not the sum of the rows when a person is in several groups).
 */
export async function hoursReport(
	db: Db,
	actor: Actor,
	programmeId: number,
	groupBy: ReportGrouping,
	filter: ReportFilter,
	locale: Locale
): Promise<HoursReport> {
	authorize(actor, 'readReports', { type: 'programmeAdmin', programmeId });
	assertGrouping(actor, programmeId, groupBy);
	const ctx = await context(db, actor, programmeId, filter, locale);
	return {
		groupBy,
		filters: ctx.filters,
		rows: await grouped(db, ctx, groupBy),
		totals: await totals(db, ctx)
	};
}

/** Every grouping the actor may see, sharing one set of totals (the reports page and XLSX). */
export async function allHoursReports(
	db: Db,
	actor: Actor,
	programmeId: number,
	filter: ReportFilter,
	locale: Locale
): Promise<HoursReport[]> {
	const ctx = await context(db, actor, programmeId, filter, locale);
	const sum = await totals(db, ctx);
	const out: HoursReport[] = [];
	for (const groupBy of reportGroupings(actor, programmeId))
		out.push({ groupBy, filters: ctx.filters, rows: await grouped(db, ctx, groupBy), totals: sum });
	return out;
}

/** A file to download, streamed. */
export interface ExportFile {
	fileName: string;
	contentType: string;
	body: ReadableStream<Uint8Array>;
}

function fileStem(filter: ReportFilter): string {
	return ['klok-hours', filter.from, filter.to].filter(Boolean).join('_');
}

async function auditExport(
	db: Db,
	actor: Actor,
	programmeId: number,
	details: { format: 'csv' | 'xlsx'; groupBy: ReportGrouping[]; filters: HoursReport['filters'] }
): Promise<void> {
	await recordAudit(db, {
		programmeId,
		actorId: actor.personId,
		action: 'export',
		entityType: 'report',
		entityId: null,
		after: { report: 'hours', ...details }
	});
}

/** One grouping as CSV (see `hoursCsv` for the format); the export is written to the audit log. */
export async function exportHoursCsv(
	db: Db,
	actor: Actor,
	programmeId: number,
	groupBy: ReportGrouping,
	filter: ReportFilter,
	locale: Locale
): Promise<ExportFile> {
	const report = await hoursReport(db, actor, programmeId, groupBy, filter, locale);
	await auditExport(db, actor, programmeId, { format: 'csv', groupBy: [groupBy], filters: report.filters });
	return {
		fileName: `${fileStem(filter)}_${groupBy}.csv`,
		contentType: 'text/csv; charset=utf-8',
		body: hoursCsvStream(report, locale)
	};
}

/** Every grouping the actor may see as an XLSX workbook, one sheet each; audited. */
export async function exportHoursXlsx(
	db: Db,
	actor: Actor,
	programmeId: number,
	filter: ReportFilter,
	locale: Locale
): Promise<ExportFile> {
	const reports = await allHoursReports(db, actor, programmeId, filter, locale);
	await auditExport(db, actor, programmeId, {
		format: 'xlsx',
		groupBy: reports.map((r) => r.groupBy),
		filters: reports[0]?.filters ?? { from: null, to: null, trackId: null, unitId: null }
	});
	return {
		fileName: `${fileStem(filter)}.xlsx`,
		contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		body: hoursXlsxStream(reports, locale)
	};
}

/** Options for the filter form: tracks and units of the programme. */
export async function reportFilterOptions(
	db: Db,
	actor: Actor,
	programmeId: number
): Promise<{ tracks: { id: number; name: string }[]; units: { id: number; name: string; depth: number }[] }> {
	authorize(actor, 'readReports', { type: 'programmeAdmin', programmeId });
	const [units, tracks] = await Promise.all([programmeUnits(db, programmeId), listTracks(db, programmeId)]);
	// Depth-first, children by name, for an indented select.
	const children = new Map<number | null, typeof units>();
	for (const u of units) {
		const list = children.get(u.parentId) ?? [];
		list.push(u);
		children.set(u.parentId, list);
	}
	const out: { id: number; name: string; depth: number }[] = [];
	const walk = (parentId: number | null, depth: number) => {
		for (const u of (children.get(parentId) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
			out.push({ id: u.id, name: u.name, depth });
			if (depth < 50) walk(u.id, depth + 1);
		}
	};
	walk(null, 0);
	return { tracks: tracks.map((t) => ({ id: t.id, name: t.name })), units: out };
}

// ---- for goals (issue 12): totals without an actor; the goals service authorises its reader.

export interface ParticipationTotals {
	participants: number;
	hours: number;
	sessions: number;
	courseDays: number;
	activities: number;
	outsideParticipants: number;
}

/**
 * The programme's participation totals for an optional period (calendar days in the programme's
 * time zone), track and activity type: the same definitions as the hours report (attended
 * registrations; a session counts when someone attended it). `activities` counts distinct
 * activities (of `activityType` when given) with an attendance.
 */
export async function participationTotals(
	db: Db,
	programmeId: number,
	filter: {
		from?: string | undefined;
		to?: string | undefined;
		trackId?: number | undefined;
		activityType?: string | undefined;
		activityIds?: readonly number[] | undefined;
	}
): Promise<ParticipationTotals> {
	const programme = await programmeById(db, programmeId);
	if (!programme) throw new AccessDeniedError();
	const fact: FactFilter = {
		programmeId,
		startsFrom: filter.from ? startOfDay(filter.from, programme.timeZone) : undefined,
		startsBefore: filter.to ? startOfDay(nextDay(filter.to), programme.timeZone) : undefined,
		trackId: filter.trackId
	};
	const activityIds = filter.activityIds ? [...filter.activityIds].sort((a, b) => a - b) : null;
	const key = `totals:${JSON.stringify([fact.startsFrom ?? null, fact.startsBefore ?? null, fact.trackId ?? null, filter.activityType ?? null, activityIds])}`;
	// Memoised by data version (the goal table asks for several of these per request).
	return memo(db, programmeId, key, async () => {
		const [total, sessions, activities, outsideParticipants] = await Promise.all([
			aggregateTotal(db, fact),
			attendedSessions(db, fact),
			attendedActivityCount(db, fact, { activityType: filter.activityType, activityIds: filter.activityIds }),
			outsideParticipantCount(db, fact)
		]);
		return {
			participants: total.participants,
			hours: total.hours,
			sessions: total.sessions,
			courseDays: sessions.reduce((sum, s) => sum + daysSpanned(s.startsAt, s.endsAt, programme.timeZone), 0),
			activities,
			outsideParticipants
		};
	});
}

// ---- for the budget and the funder report (callers authorize)

export type { CoFinancingAggregate };

/** The fact filter of a period (calendar days in the programme's time zone) and units. */
async function periodFilter(
	db: Db,
	programmeId: number,
	period: { from?: string | undefined; to?: string | undefined },
	unitIds?: readonly number[]
): Promise<FactFilter> {
	const programme = await programmeById(db, programmeId);
	const tz = programme?.timeZone ?? 'UTC';
	return {
		programmeId,
		startsFrom: period.from ? startOfDay(period.from, tz) : undefined,
		startsBefore: period.to ? startOfDay(nextDay(period.to), tz) : undefined,
		unitIds
	};
}

/**
 * Co-financing (attended hours × each person's hourly cost) for a period: the total and per
 * workplace (people rolled up to their workplace). No permission check: the budget decides.
 */
export async function coFinancing(
	db: Db,
	programmeId: number,
	period: { from?: string | undefined; to?: string | undefined },
	unitIds?: readonly number[]
): Promise<{ total: CoFinancingAggregate; byWorkplace: Map<number, CoFinancingAggregate> }> {
	const fact = await periodFilter(db, programmeId, period, unitIds);
	if (unitIds !== undefined) return computeCoFinancing(db, programmeId, fact);
	// The whole programme's (the budget and the funder report): memoised by data version.
	const key = `coFinancing:${JSON.stringify([fact.startsFrom ?? null, fact.startsBefore ?? null])}`;
	const kept = await memo(db, programmeId, key, async () => {
		const r = await computeCoFinancing(db, programmeId, fact);
		return { total: r.total, byWorkplace: [...r.byWorkplace] };
	});
	return { total: kept.total, byWorkplace: new Map(kept.byWorkplace) };
}

async function computeCoFinancing(
	db: Db,
	programmeId: number,
	fact: FactFilter
): Promise<{ total: CoFinancingAggregate; byWorkplace: Map<number, CoFinancingAggregate> }> {
	const units = await programmeUnits(db, programmeId);
	const groups = new Map<number, number[]>();
	for (const [unitId, workplaceId] of rollUp(units, 'workplace')) {
		const list = groups.get(workplaceId) ?? [];
		list.push(unitId);
		groups.set(workplaceId, list);
	}
	const [totalRows, rows] = await Promise.all([
		coFinancingBy(db, fact),
		coFinancingBy(db, fact, unitGroupKey(groups))
	]);
	const total = totalRows[0] ?? { amount: 0, costedHours: 0, uncostedHours: 0 };
	const byWorkplace = new Map<number, CoFinancingAggregate>();
	for (const r of rows)
		if (r.key !== null)
			byWorkplace.set(Number(r.key), {
				amount: r.amount,
				costedHours: r.costedHours,
				uncostedHours: r.uncostedHours
			});
	return {
		total: { amount: total.amount, costedHours: total.costedHours, uncostedHours: total.uncostedHours },
		byWorkplace
	};
}

/** Co-financing per person, largest first, a page at a time (the budget gates it to the office). */
export async function coFinancingPeople(
	db: Db,
	programmeId: number,
	period: { from?: string | undefined; to?: string | undefined },
	page: { limit: number; offset: number }
) {
	return coFinancingPerPerson(db, await periodFilter(db, programmeId, period), page);
}

/**
 * Hours and participants of some units for a period (visit indicators), memoised per data
 * version like the reports: a big workplace's attendances (120,000 registrations) took 0.8 s a
 * view. No permission check.
 */
export async function unitHours(
	db: Db,
	programmeId: number,
	unitIds: readonly number[],
	period: { from?: string | undefined; to?: string | undefined } = {}
): Promise<Aggregate> {
	const units = [...new Set(unitIds)].sort((a, b) => a - b).join(',');
	const key = `unitHours:${createHash('sha256').update(units).digest('base64url')}:${period.from ?? ''}:${period.to ?? ''}`;
	return memo(db, programmeId, key, async () =>
		aggregateTotal(db, await periodFilter(db, programmeId, period, unitIds))
	);
}
