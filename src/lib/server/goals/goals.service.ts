import { createHash } from 'node:crypto';
import { translate, type Locale } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { goalAttachments } from './attachments.service.ts';
import { insertAttachment } from './attachments.repository.ts';
import {
	acceptUpload,
	activityIdsInProgramme,
	findTrack,
	listActivityOptions,
	listTracks
} from '../catalogue/catalogue.service.ts';
import { FieldsRuleError, type RuleMessage } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import type { Db } from '../db/database.ts';
import {
	ACTIVITY_TYPES,
	LOCALES,
	type GoalKind,
	type GoalVerdict,
	type IndicatorKind,
	type Programme,
	type RegistrationStatus
} from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import {
	descendantUnitIds,
	getUnit,
	listUnitOptions,
	listUnits,
	programmeById
} from '../organisation/organisation.service.ts';
import { staffAndManagersOfUnitsQuery } from '../people/people.service.ts';
import { linkedPlansQuery } from '../plans/plans.service.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { coverageByUnit, coverageDataVersion, sumCoverage } from '../processes/processes.service.ts';
import { registrationsOfPersonQuery } from '../registrations/registrations.service.ts';
import { memoFigures, memoWhole, nextUtcMidnight, participationTotals } from '../reports/reports.service.ts';
import {
	respondentShare,
	responseStamp,
	shareQuestionChoices,
	shareSourceOptions,
	type RespondentShare
} from '../surveys/results.service.ts';
import { countSourceLabel } from './goals.presenter.ts';
import {
	coverageCount,
	deleteGoalRow,
	findGoal,
	findGoals,
	findSettings,
	findSnapshot,
	findSnapshots,
	goalEvents,
	insertGoal,
	insertGoalEvent,
	insertSnapshot,
	insertSnapshotRows,
	saveSettings,
	snapshotRows,
	updateGoalRow,
	type GoalRecord
} from './goals.repository.ts';
import { DEFAULT_THRESHOLDS, deriveStatus, elapsedShare, type Thresholds } from './goals.rules.ts';
import {
	BUILT_IN_COUNT_SOURCES,
	goalInputSchema,
	manualSchema,
	overrideSchema,
	snapshotSchema,
	thresholdsSchema,
	type CoverageRule,
	type GoalInput
} from './goals.schema.ts';

/**
 * Goals of a programme (issue 12, SPEC §2 "Goal"): aims, overall goals and measurable goals
 * (KLURA Table 1), each measurable goal with an indicator computed live from the owning
 * domains' data through their services, a status derived from progress against target and
 * the programme period (goals.rules.ts), an override with a reason (history in `goal_events`),
 * and snapshots at reporting dates. The office manages; steering group and evaluators read
 * (policy `goals`).
 */

// ---------------------------------------------------------------- the goal table

/** What a figure counts, for formatting ('share' is a fraction 0..1). */
export type GoalUnit = 'share' | 'count' | 'hours' | 'days' | 'people';

/** Structured evidence of a goal's status; `presentEvidence` (goals.presenter.ts) words it. */
export type GoalEvidence =
	| { kind: 'none' }
	| ({ kind: 'share'; values: number[] } & RespondentShare)
	| {
			kind: 'count';
			source: string;
			value: number;
			from: string | null;
			to: string | null;
			trackName: string | null;
			activityType: string | null;
	  }
	| { kind: 'coverage'; rule: CoverageRule; people: number; meeting: number; unitName: string | null }
	| { kind: 'allPlanned'; planned: number; held: number }
	| { kind: 'manual'; comment: string | null }
	/** The indicator could not be computed (a source no longer registered, a deleted question). */
	| { kind: 'unavailable'; reason: 'unknownSource' | 'unknownQuestion' };

export interface GoalRow {
	id: number;
	kind: GoalKind;
	/** The text in the reader's language (nearest written). */
	text: string;
	/** Every language written. */
	texts: Partial<Record<Locale, string>>;
	examinedBy: string | null;
	indicatorKind: IndicatorKind;
	/** In `unit`s: a share goal's target is a fraction 0..1 (stored as percent). */
	target: number | null;
	actual: number | null;
	unit: GoalUnit | null;
	/** actual / target, 0..∞; null when not computed. */
	progress: number | null;
	/** The status shown: the override, else the manual assessment, else the computed one. */
	status: GoalVerdict | null;
	/** What the data says, whatever the override. */
	computedStatus: GoalVerdict | null;
	statusSource: 'computed' | 'override' | 'manual';
	overrideReason: string | null;
	evidence: GoalEvidence;
	/** Why the status cannot be computed (small-group protection), in the reader's language. */
	protectedReason?: string;
}

export interface GoalTable {
	programmeId: number;
	/** The instant the figures are for (a snapshot's time when read from one). */
	asOf: string;
	snapshot: { id: number; label: string; takenAt: string } | null;
	groups: { kind: GoalKind; goals: GoalRow[] }[];
}

/**
 * The goal table in KLURA's Table 5 layout (goal · examined by · status · evidence), grouped as
 * Table 1 (aims, overall goals, measurable goals). Live unless `snapshotId` names a snapshot
 * (its figures as taken, with today's goal texts). `asOf` computes the status for another
 * instant (the period's elapsed share, counts up to that day). Used by the goals pages, the API,
 * the steering dashboard and the funder report.
 */
export async function goalTable(
	db: Db,
	actor: Actor,
	programmeId: number,
	options?: { asOf?: Date; snapshotId?: number; locale?: Locale }
): Promise<GoalTable> {
	authorize(actor, 'read', { type: 'goals', programmeId });
	const programme = await programmeById(db, programmeId);
	if (!programme) throw new AccessDeniedError();
	const locale = options?.locale ?? (isLocale(actor.locale) ? actor.locale : programme.defaultLocale);
	const goals = await findGoals(db, programmeId);
	if (options?.snapshotId !== undefined)
		return snapshotTable(db, programme, goals, options.snapshotId, locale);
	const now = new Date();
	const asOf = options?.asOf ?? now;
	const live = async (): Promise<GoalTable> => {
		const thresholds = await thresholdsOf(db, programmeId);
		const rows: GoalRow[] = [];
		// Goals over the same source and filters (participants and hours, say) share one count.
		const totals = memoTotals(db);
		for (const g of goals) rows.push(await computeRow(db, programme, g, asOf, thresholds, locale, totals));
		return { programmeId, asOf: asOf.toISOString(), snapshot: null, groups: grouped(rows) };
	};
	// At national scale the table takes seconds (coverage, counts); the same for every reader
	// (the policy has let them in), so kept whole per language and day behind the report
	// counters and the table's own stamp. The status by the period's pace is of that day.
	const stamp = await goalTableStamp(db, programmeId);
	if (stamp === null) return live();
	const key = `goals:table:${JSON.stringify([locale, stamp, asOf.toISOString().slice(0, 10)])}`;
	return memoWhole(db, programmeId, key, now, async () => ({
		value: await live(),
		until: nextUtcMidnight(now),
		keep: true
	}));
}

/**
 * What the programme's live goal table reads beyond the report counters (0026, 0031) and the
 * day, as a stamp for memoising a table computed from it (the funder report): the coverage
 * data version and the survey responses counted (share goals); null when a goal reads a source nothing stamps (coverage by 'offered',
 * 'registered' or 'planLinked', a registered count source), which must be computed each time.
 */
export async function goalTableStamp(db: Db, programmeId: number): Promise<string | null> {
	for (const g of await findGoals(db, programmeId)) {
		if (g.indicatorKind === 'coverage') {
			const rule = config<CoverageConfig>(g).rule;
			if (rule !== 'attended' && rule !== 'process') return null;
		}
		if (g.indicatorKind === 'count' && !isBuiltIn(config<CountConfig>(g).source)) return null;
	}
	const [coverage, responses] = await Promise.all([coverageDataVersion(db), responseStamp(db, programmeId)]);
	return `coverage:${coverage}:responses:${responses}`;
}

const KIND_ORDER: readonly GoalKind[] = ['aim', 'overall', 'measurable'];

function grouped(rows: GoalRow[]): GoalTable['groups'] {
	return KIND_ORDER.map((kind) => ({ kind, goals: rows.filter((r) => r.kind === kind) })).filter(
		(g) => g.goals.length > 0
	);
}

function isLocale(v: unknown): v is Locale {
	return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

function textsOf(json: string): Partial<Record<Locale, string>> {
	try {
		const v = JSON.parse(json) as Record<string, unknown>;
		const out: Partial<Record<Locale, string>> = {};
		for (const l of LOCALES) if (typeof v[l] === 'string' && v[l]) out[l] = v[l] as string;
		return out;
	} catch {
		return {};
	}
}

const FALLBACK: Record<Locale, readonly Locale[]> = {
	en: ['en', 'sv', 'da', 'nb'],
	sv: ['sv', 'nb', 'da', 'en'],
	da: ['da', 'nb', 'sv', 'en'],
	nb: ['nb', 'da', 'sv', 'en']
};

export function pickGoalText(texts: Partial<Record<Locale, string>>, locale: Locale): string {
	for (const l of FALLBACK[locale]) if (texts[l]) return texts[l]!;
	return '';
}

async function thresholdsOf(db: Db, programmeId: number): Promise<Thresholds> {
	const s = await findSettings(db, programmeId);
	return s ? { goodProgress: Number(s.goodProgress), onTheWay: Number(s.onTheWay) } : DEFAULT_THRESHOLDS;
}

// ---- indicator settings (JSON)

type ShareConfig = { questionId?: number; bankQuestionId?: number; values: number[]; item?: number };
type CountConfig = { source: string; trackId?: number; activityType?: string; from?: string; to?: string };
type CoverageConfig = { rule: CoverageRule; unitId?: number };
type AllPlannedConfig = { activityIds: number[] };

function config<T>(g: GoalRecord): T {
	try {
		return (g.indicatorJson ? JSON.parse(g.indicatorJson) : {}) as T;
	} catch {
		return {} as T;
	}
}

// ---- count sources (extension point)

export interface GoalCountContext {
	/** The goal's period (calendar days), cut at `asOf`. */
	from?: string | undefined;
	to?: string | undefined;
	asOf: Date;
}
export type GoalCountSource = (db: Db, programmeId: number, context: GoalCountContext) => Promise<number>;

const countSources = new Map<string, { count: GoalCountSource; unit: GoalUnit }>();

/**
 * Lets another domain offer a count a goal can be measured by (knowledge sharing: "posts
 * published", "networks started"), like `registerMailRenderer`. The label is the message
 * `goals.countSource.<key>` when the domain's catalogue has it, else the key.
 */
export function registerGoalCountSource(key: string, count: GoalCountSource, unit: GoalUnit = 'count'): void {
	countSources.set(key, { count, unit });
}

/** Every count source a goal may name: the built-in ones, then the registered ones. */
export function countSourceKeys(): string[] {
	return [...BUILT_IN_COUNT_SOURCES, ...[...countSources.keys()].filter((k) => !isBuiltIn(k))];
}

function isBuiltIn(key: string): key is (typeof BUILT_IN_COUNT_SOURCES)[number] {
	return (BUILT_IN_COUNT_SOURCES as readonly string[]).includes(key);
}

const BUILT_IN_UNITS: Record<(typeof BUILT_IN_COUNT_SOURCES)[number], GoalUnit> = {
	participants: 'people',
	hours: 'hours',
	sessions: 'count',
	courseDays: 'days',
	activities: 'count',
	outsideParticipants: 'people'
};

// ---- one row

const day = (d: Date) => d.toISOString().slice(0, 10);

type TotalsOf = (
	programmeId: number,
	filter: Parameters<typeof participationTotals>[2]
) => ReturnType<typeof participationTotals>;

/** `participationTotals` remembered per filter for one goal table (the figures of one instant). */
function memoTotals(db: Db): TotalsOf {
	const seen = new Map<string, ReturnType<typeof participationTotals>>();
	return (programmeId, filter) => {
		const key = JSON.stringify([programmeId, filter]);
		let p = seen.get(key);
		if (!p) seen.set(key, (p = participationTotals(db, programmeId, filter)));
		return p;
	};
}

async function computeRow(
	db: Db,
	programme: Programme,
	g: GoalRecord,
	asOf: Date,
	thresholds: Thresholds,
	locale: Locale,
	totalsOf: TotalsOf = (id, filter) => participationTotals(db, id, filter)
): Promise<GoalRow> {
	const texts = textsOf(g.textJson);
	const base = {
		id: g.id,
		kind: g.kind,
		text: pickGoalText(texts, locale),
		texts,
		examinedBy: g.examinedBy,
		indicatorKind: g.indicatorKind,
		overrideReason: g.overrideStatus ? g.overrideReason : null
	};
	const figures = await measure(db, programme, g, asOf, locale, totalsOf);
	const elapsed = elapsedShare(programme.startsOn, programme.endsOn, asOf);
	const computedStatus =
		figures.actual !== null && figures.target !== null
			? deriveStatus(g.indicatorKind, figures.actual, figures.target, elapsed, thresholds)
			: null;
	const manual = g.indicatorKind === 'manual';
	const status = g.overrideStatus ?? (manual ? g.manualStatus : computedStatus);
	const row: GoalRow = {
		...base,
		target: figures.target,
		actual: figures.actual,
		unit: figures.unit,
		progress:
			figures.actual !== null && figures.target !== null && figures.target > 0
				? figures.actual / figures.target
				: null,
		status,
		computedStatus: manual ? g.manualStatus : computedStatus,
		statusSource: g.overrideStatus ? 'override' : manual ? 'manual' : 'computed',
		evidence: figures.evidence
	};
	if (figures.evidence.kind === 'share' && figures.evidence.protected)
		row.protectedReason = translate(locale, 'goals.protected', { k: figures.evidence.minGroupSize });
	return row;
}

interface Figures {
	actual: number | null;
	target: number | null;
	unit: GoalUnit | null;
	evidence: GoalEvidence;
}

async function measure(
	db: Db,
	programme: Programme,
	g: GoalRecord,
	asOf: Date,
	locale: Locale,
	totalsOf: TotalsOf
): Promise<Figures> {
	const target = g.target === null ? null : Number(g.target);
	switch (g.indicatorKind) {
		case 'share': {
			const c = config<ShareConfig>(g);
			const source =
				c.questionId !== undefined
					? { questionId: c.questionId }
					: { bankQuestionId: c.bankQuestionId ?? -1 };
			const share = await respondentShare(db, programme.id, source, c.values ?? [], locale, c.item ?? 0);
			return {
				actual: share.protected ? null : share.share,
				target: target === null ? null : target / 100,
				unit: 'share',
				evidence: { kind: 'share', values: c.values ?? [], ...share }
			};
		}
		case 'count': {
			const c = config<CountConfig>(g);
			const to = c.to && c.to < day(asOf) ? c.to : day(asOf);
			const evidence = {
				kind: 'count' as const,
				source: c.source,
				from: c.from ?? null,
				to: c.to ?? null,
				trackName: c.trackId !== undefined ? ((await findTrack(db, c.trackId))?.name ?? null) : null,
				activityType: c.activityType ?? null
			};
			if (isBuiltIn(c.source)) {
				const totals = await totalsOf(programme.id, {
					from: c.from,
					to,
					trackId: c.trackId,
					activityType: c.activityType
				});
				const value = totals[c.source];
				return { actual: value, target, unit: BUILT_IN_UNITS[c.source], evidence: { ...evidence, value } };
			}
			const custom = countSources.get(c.source);
			if (!custom)
				return {
					actual: null,
					target,
					unit: 'count',
					evidence: { kind: 'unavailable', reason: 'unknownSource' }
				};
			const value = await custom.count(db, programme.id, { from: c.from, to, asOf });
			return { actual: value, target, unit: custom.unit, evidence: { ...evidence, value } };
		}
		case 'coverage': {
			const c = config<CoverageConfig>(g);
			const { people, meeting, unitName } = await coverage(db, programme.id, c, day(asOf));
			return {
				actual: people > 0 ? meeting / people : 0,
				target: target === null ? null : target / 100,
				unit: 'share',
				evidence: { kind: 'coverage', rule: c.rule, people, meeting, unitName }
			};
		}
		case 'allPlanned': {
			const c = config<AllPlannedConfig>(g);
			const ids = c.activityIds ?? [];
			const totals = await totalsOf(programme.id, { to: day(asOf), activityIds: ids });
			return {
				actual: totals.activities,
				target: ids.length,
				unit: 'count',
				evidence: { kind: 'allPlanned', planned: ids.length, held: totals.activities }
			};
		}
		case 'manual':
			return { actual: null, target, unit: null, evidence: { kind: 'manual', comment: g.manualComment } };
		default:
			return { actual: null, target, unit: null, evidence: { kind: 'none' } };
	}
}

type Meets = Parameters<typeof coverageCount>[2];

const REGISTRATION_RULES: Record<'offered' | 'registered' | 'attended', RegistrationStatus[]> = {
	// Given a seat (whether they then came or not).
	offered: ['confirmed', 'attended', 'absent'],
	registered: ['requested', 'confirmed', 'waitlisted', 'attended', 'absent'],
	attended: ['attended']
};

/**
 * Coverage: the people in scope (staff of the programme's units, or of one unit and those
 * below, with the units' managers) meeting the rule, counted in one statement from the owners'
 * subqueries (people, registrations, plans); the process rule is the processes module's coverage.
 */
async function coverage(db: Db, programmeId: number, c: CoverageConfig, on: string) {
	let unitIds: number[];
	let unitName: string | null = null;
	if (c.unitId !== undefined) {
		const unit = await getUnit(db, c.unitId);
		unitName = unit?.programmeId === programmeId ? unit.name : null;
		unitIds = unit?.programmeId === programmeId ? [...(await descendantUnitIds(db, [c.unitId]))] : [];
	} else unitIds = (await listUnits(db, programmeId)).map((u) => u.id);
	if (unitIds.length === 0) return { people: 0, meeting: 0, unitName };
	const count = async (): Promise<{ people: number; meeting: number }> => {
		if (c.rule === 'process') {
			const s = sumCoverage(await coverageByUnit(db, programmeId, unitIds));
			return { people: s.people, meeting: s.covered };
		}
		const members = staffAndManagersOfUnitsQuery(db, programmeId, unitIds);
		const meets =
			c.rule === 'planLinked'
				? (personId: Parameters<Meets>[0]) => linkedPlansQuery(db, personId, on)
				: (personId: Parameters<Meets>[0]) =>
						registrationsOfPersonQuery(db, programmeId, personId, REGISTRATION_RULES[c.rule as 'offered']);
		return coverageCount(db, members, meets);
	};
	// At national scale a coverage count reads every person of the programme (~1 s). 'attended'
	// and 'process' read only what two data versions watch: attended registrations (report
	// versions, by the memo) and people, manager roles, units, plans and processes (the coverage
	// version, in the key with the units counted and, for processes, today, the day their plans
	// are read for): memoised. 'offered', 'registered' (registration statuses the report version
	// does not follow) and 'planLinked' (a plan's link to its workplace plan, which the coverage
	// version does not follow) are counted live.
	if (c.rule !== 'attended' && c.rule !== 'process') return { ...(await count()), unitName };
	const units = createHash('sha256')
		.update([...unitIds].sort((a, b) => a - b).join(','))
		.digest('base64url');
	const today = c.rule === 'process' ? nowIso().slice(0, 10) : null;
	const key = `goals:coverage:${JSON.stringify([c.rule, units, await coverageDataVersion(db), today])}`;
	return { ...(await memoFigures(db, programmeId, key, count)), unitName };
}

async function snapshotTable(
	db: Db,
	programme: Programme,
	goals: GoalRecord[],
	snapshotId: number,
	locale: Locale
): Promise<GoalTable> {
	const snapshot = await findSnapshot(db, snapshotId);
	if (!snapshot || snapshot.programmeId !== programme.id) throw new AccessDeniedError();
	const byGoal = new Map((await snapshotRows(db, snapshotId)).map((r) => [r.goalId, r]));
	const rows: GoalRow[] = [];
	for (const g of goals) {
		const s = byGoal.get(g.id);
		if (!s) continue;
		const texts = textsOf(g.textJson);
		const stored = JSON.parse(s.evidenceJson) as {
			evidence: GoalEvidence;
			unit: GoalUnit | null;
			computedStatus: GoalVerdict | null;
			overrideReason: string | null;
		};
		const actual = s.actual === null ? null : Number(s.actual);
		const target = s.target === null ? null : Number(s.target);
		const row: GoalRow = {
			id: g.id,
			kind: g.kind,
			text: pickGoalText(texts, locale),
			texts,
			examinedBy: g.examinedBy,
			indicatorKind: g.indicatorKind,
			target,
			actual,
			unit: stored.unit,
			progress: actual !== null && target !== null && target > 0 ? actual / target : null,
			status: s.status,
			computedStatus: stored.computedStatus,
			statusSource: s.statusSource as GoalRow['statusSource'],
			overrideReason: stored.overrideReason,
			evidence: stored.evidence
		};
		if (stored.evidence.kind === 'share' && stored.evidence.protected)
			row.protectedReason = translate(locale, 'goals.protected', { k: stored.evidence.minGroupSize });
		rows.push(row);
	}
	return {
		programmeId: programme.id,
		asOf: snapshot.takenAt,
		snapshot: { id: snapshot.id, label: snapshot.label, takenAt: snapshot.takenAt },
		groups: grouped(rows)
	};
}

// ---------------------------------------------------------------- managing goals

/** Input naming something outside the programme, or invalid. 422, field by field. */
export class GoalInputError extends FieldsRuleError {}

function toInputError(e: import('zod').ZodError): GoalInputError {
	return new GoalInputError({}, e);
}

export function canManageGoals(actor: Actor, programmeId: number): boolean {
	return can(actor, 'manage', { type: 'goals', programmeId });
}

export function canReadGoals(actor: Actor, programmeId: number): boolean {
	return can(actor, 'read', { type: 'goals', programmeId });
}

/** Checks what the input refers to (questions, tracks, units, activities of this programme); builds the stored columns. */
async function goalColumns(db: Db, programmeId: number, input: GoalInput) {
	const errors: Record<string, RuleMessage> = {};
	let indicator: unknown = null;
	switch (input.indicatorKind) {
		case 'share': {
			const source =
				input.questionId !== undefined
					? { questionId: input.questionId }
					: { bankQuestionId: input.bankQuestionId! };
			const options = await shareSourceOptions(db, programmeId, source, 'en');
			if (options === null)
				errors[input.questionId !== undefined ? 'questionId' : 'bankQuestionId'] =
					'goals.error.unknownQuestion';
			else if (options.length > 0 && input.values.some((v) => !options.some((o) => o.value === v)))
				errors.values = 'goals.error.unknownOption';
			indicator = { ...source, values: input.values, ...(input.item ? { item: input.item } : {}) };
			break;
		}
		case 'count':
			if (!countSourceKeys().includes(input.countSource!)) errors.countSource = 'error.choice';
			if (input.trackId !== undefined && (await findTrack(db, input.trackId))?.programmeId !== programmeId)
				errors.trackId = 'error.unknownId';
			indicator = {
				source: input.countSource,
				...(input.trackId !== undefined ? { trackId: input.trackId } : {}),
				...(input.activityType ? { activityType: input.activityType } : {}),
				...(input.from ? { from: input.from } : {}),
				...(input.to ? { to: input.to } : {})
			};
			break;
		case 'coverage':
			if (input.unitId !== undefined && (await getUnit(db, input.unitId))?.programmeId !== programmeId)
				errors.unitId = 'error.unknownId';
			indicator = {
				rule: input.coverageRule,
				...(input.unitId !== undefined ? { unitId: input.unitId } : {})
			};
			break;
		case 'allPlanned': {
			const found = await activityIdsInProgramme(db, programmeId, input.activityIds);
			if (found.length !== new Set(input.activityIds).size) errors.activityIds = 'error.unknownId';
			indicator = { activityIds: [...new Set(input.activityIds)] };
			break;
		}
	}
	if (Object.keys(errors).length > 0) throw new GoalInputError(errors);
	const texts: Record<string, string> = {};
	for (const l of LOCALES) {
		const t = input[`text_${l}`];
		if (t) texts[l] = t;
	}
	return {
		kind: input.kind,
		textJson: JSON.stringify(texts),
		examinedBy: input.examinedBy ?? null,
		indicatorKind: input.indicatorKind,
		indicatorJson: indicator === null ? null : JSON.stringify(indicator),
		target: ['share', 'count', 'coverage'].includes(input.indicatorKind) ? (input.target ?? null) : null,
		...(input.sortOrder !== undefined ? { sortOrder: input.sortOrder } : {})
	};
}

export async function createGoal(db: Db, actor: Actor, programmeId: number, input: unknown): Promise<number> {
	authorize(actor, 'manage', { type: 'goals', programmeId });
	const parsed = parseInput(goalInputSchema, input, toInputError);
	const columns = await goalColumns(db, programmeId, parsed);
	return db.transaction().execute(async (trx) => {
		const id = await insertGoal(trx, { programmeId, ...columns, updatedAt: nowIso() });
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'goal',
			entityId: id,
			after: columns
		});
		return id;
	});
}

async function managedGoal(db: Db, actor: Actor, id: number): Promise<GoalRecord> {
	const g = await findGoal(db, id);
	if (!g) throw new AccessDeniedError();
	authorize(actor, 'manage', { type: 'goals', programmeId: g.programmeId });
	return g;
}

export async function updateGoal(db: Db, actor: Actor, id: number, input: unknown): Promise<void> {
	const g = await managedGoal(db, actor, id);
	const parsed = parseInput(goalInputSchema, input, toInputError);
	const columns = await goalColumns(db, g.programmeId, parsed);
	await db.transaction().execute(async (trx) => {
		await updateGoalRow(trx, id, { ...columns, updatedAt: nowIso() });
		await recordAudit(trx, {
			programmeId: g.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'goal',
			entityId: id,
			before: g,
			after: columns
		});
	});
}

export async function deleteGoal(db: Db, actor: Actor, id: number): Promise<void> {
	const g = await managedGoal(db, actor, id);
	await db.transaction().execute(async (trx) => {
		await deleteGoalRow(trx, id);
		await recordAudit(trx, {
			programmeId: g.programmeId,
			actorId: actor.personId,
			action: 'archive',
			entityType: 'goal',
			entityId: id,
			before: g
		});
	});
}

/** Overrides the status with a reason (or clears the override); the history keeps both. */
export async function overrideStatus(db: Db, actor: Actor, id: number, input: unknown): Promise<void> {
	const g = await managedGoal(db, actor, id);
	const parsed = parseInput(overrideSchema, input, toInputError);
	const now = nowIso();
	const clear = parsed.status === 'clear';
	await db.transaction().execute(async (trx) => {
		await updateGoalRow(trx, id, {
			overrideStatus: clear ? null : (parsed.status as GoalVerdict),
			overrideReason: clear ? null : (parsed.reason ?? null),
			updatedAt: now
		});
		await insertGoalEvent(trx, {
			goalId: id,
			kind: clear ? 'clearOverride' : 'override',
			status: clear ? null : (parsed.status as GoalVerdict),
			reason: parsed.reason ?? null,
			personId: actor.personId,
			at: now
		});
		await recordAudit(trx, {
			programmeId: g.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'goal',
			entityId: id,
			before: { overrideStatus: g.overrideStatus, overrideReason: g.overrideReason },
			after: {
				overrideStatus: clear ? null : parsed.status,
				overrideReason: clear ? null : (parsed.reason ?? null)
			}
		});
	});
}

/**
 * The office's assessment of a manual goal, kept in the history, with an optional file as its
 * evidence (the attachments' rules: `acceptUpload`), stored in the same transaction.
 */
export async function assessGoal(
	db: Db,
	actor: Actor,
	id: number,
	input: unknown,
	file?: { name: string; type: string; content: Uint8Array } | null
): Promise<void> {
	const g = await managedGoal(db, actor, id);
	const parsed = parseInput(manualSchema, input, toInputError);
	if (g.indicatorKind !== 'manual') throw new GoalInputError({ status: 'goals.error.notManual' });
	const accepted = file ? acceptUpload(file) : null;
	if (accepted && !accepted.ok) throw new GoalInputError({ file: accepted.error });
	const now = nowIso();
	await db.transaction().execute(async (trx) => {
		if (file && accepted?.ok) {
			await insertAttachment(trx, {
				programmeId: g.programmeId,
				goalId: id,
				fileName: accepted.fileName,
				contentType: accepted.contentType,
				size: file.content.byteLength,
				content: Buffer.from(file.content),
				uploadedBy: actor.personId
			});
			await recordAudit(trx, {
				programmeId: g.programmeId,
				actorId: actor.personId,
				action: 'update',
				entityType: 'goal',
				entityId: id,
				after: { attachmentAdded: accepted.fileName, size: file.content.byteLength }
			});
		}
		await updateGoalRow(trx, id, {
			manualStatus: parsed.status,
			manualComment: parsed.comment ?? null,
			updatedAt: now
		});
		await insertGoalEvent(trx, {
			goalId: id,
			kind: 'manual',
			status: parsed.status,
			reason: parsed.comment ?? null,
			personId: actor.personId,
			at: now
		});
		await recordAudit(trx, {
			programmeId: g.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'goal',
			entityId: id,
			before: { manualStatus: g.manualStatus, manualComment: g.manualComment },
			after: { manualStatus: parsed.status, manualComment: parsed.comment ?? null }
		});
	});
}

/** One goal for its page: the stored settings (for the form), its live row and history. */
export async function goalDetail(db: Db, actor: Actor, id: number, locale: Locale) {
	const g = await findGoal(db, id);
	if (!g) throw new AccessDeniedError();
	authorize(actor, 'read', { type: 'goals', programmeId: g.programmeId });
	const table = await goalTable(db, actor, g.programmeId, { locale });
	const row = table.groups.flatMap((x) => x.goals).find((r) => r.id === id)!;
	const settings = config<Record<string, unknown>>(g);
	return {
		goal: g,
		row,
		settings,
		history: await goalEvents(db, id),
		attachments: await goalAttachments(db, id),
		canManage: canManageGoals(actor, g.programmeId)
	};
}

// ---------------------------------------------------------------- thresholds and snapshots

/** Thresholds in percent, for the form. */
export async function goalThresholds(db: Db, actor: Actor, programmeId: number) {
	authorize(actor, 'read', { type: 'goals', programmeId });
	const t = await thresholdsOf(db, programmeId);
	return { goodProgress: Math.round(t.goodProgress * 100), onTheWay: Math.round(t.onTheWay * 100) };
}

export async function setThresholds(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<void> {
	authorize(actor, 'manage', { type: 'goals', programmeId });
	const parsed = parseInput(thresholdsSchema, input, toInputError);
	const before = await thresholdsOf(db, programmeId);
	await db.transaction().execute(async (trx) => {
		await saveSettings(trx, programmeId, parsed.goodProgress / 100, parsed.onTheWay / 100, nowIso());
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'goalSettings',
			entityId: programmeId,
			before: { goodProgress: before.goodProgress, onTheWay: before.onTheWay },
			after: { goodProgress: parsed.goodProgress / 100, onTheWay: parsed.onTheWay / 100 }
		});
	});
}

/** Takes a snapshot of the live goal table (a reporting date): one row per goal, in one transaction. */
export async function takeSnapshot(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<number> {
	authorize(actor, 'manage', { type: 'goals', programmeId });
	const parsed = parseInput(snapshotSchema, input, toInputError);
	const table = await goalTable(db, actor, programmeId);
	return db.transaction().execute(async (trx) => {
		const id = await insertSnapshot(trx, programmeId, parsed.label, table.asOf, actor.personId);
		await insertSnapshotRows(
			trx,
			table.groups
				.flatMap((g) => g.goals)
				.map((r) => ({
					snapshotId: id,
					goalId: r.id,
					actual: r.actual,
					target: r.target,
					status: r.status,
					statusSource: r.statusSource,
					evidenceJson: JSON.stringify({
						evidence: r.evidence,
						unit: r.unit,
						computedStatus: r.computedStatus,
						overrideReason: r.overrideReason
					})
				}))
		);
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'goalSnapshot',
			entityId: id,
			after: { label: parsed.label }
		});
		return id;
	});
}

export async function listSnapshots(db: Db, actor: Actor, programmeId: number) {
	authorize(actor, 'read', { type: 'goals', programmeId });
	return findSnapshots(db, programmeId);
}

/** Per goal: the status at the latest snapshot and whether it moved since (the dashboard's trend). */
export interface GoalTrend {
	snapshot: { id: number; label: string; takenAt: string } | null;
	byGoal: Map<number, { before: GoalVerdict | null; beforeActual: number | null }>;
}

export async function latestTrend(db: Db, actor: Actor, programmeId: number): Promise<GoalTrend> {
	authorize(actor, 'read', { type: 'goals', programmeId });
	const [latest] = await findSnapshots(db, programmeId, 1);
	if (!latest) return { snapshot: null, byGoal: new Map() };
	const rows = await snapshotRows(db, latest.id);
	return {
		snapshot: { id: latest.id, label: latest.label, takenAt: latest.takenAt },
		byGoal: new Map(
			rows.map((r) => [
				r.goalId,
				{ before: r.status, beforeActual: r.actual === null ? null : Number(r.actual) }
			])
		)
	};
}

// ---------------------------------------------------------------- for the pages

/** What the goal form picks from: questions, tracks, units, activities, count sources. */
export async function goalFormOptions(db: Db, actor: Actor, programmeId: number, locale: Locale) {
	authorize(actor, 'manage', { type: 'goals', programmeId });
	const [questions, tracks, units, activities] = await Promise.all([
		shareQuestionChoices(db, programmeId, locale),
		listTracks(db, programmeId),
		listUnitOptions(db, programmeId),
		listActivityOptions(db, programmeId)
	]);
	return {
		questions,
		tracks: tracks.map((t) => ({ id: t.id, name: t.name })),
		units: units.map((u) => ({ id: u.id, name: `${'— '.repeat(u.depth)}${u.name}` })),
		activities,
		countSources: countSourceKeys().map((key) => ({ key, label: countSourceLabel(key, locale) })),
		activityTypes: ACTIVITY_TYPES
	};
}

/** The form's values for an existing goal (the flat shape `goalInputSchema` reads). */
export function goalFormValues(g: GoalRecord): Record<string, unknown> {
	const texts = textsOf(g.textJson);
	const c = config<Record<string, unknown>>(g);
	return {
		kind: g.kind,
		...Object.fromEntries(LOCALES.map((l) => [`text_${l}`, texts[l] ?? ''])),
		examinedBy: g.examinedBy ?? '',
		sortOrder: g.sortOrder,
		indicatorKind: g.indicatorKind,
		target: g.target ?? '',
		questionId: c.questionId ?? '',
		bankQuestionId: c.bankQuestionId ?? '',
		values: Array.isArray(c.values) ? c.values.join(', ') : '',
		item: c.item ?? '',
		countSource: c.source ?? '',
		trackId: c.trackId ?? '',
		activityType: c.activityType ?? '',
		from: c.from ?? '',
		to: c.to ?? '',
		coverageRule: c.rule ?? '',
		unitId: c.unitId ?? '',
		activityIds: Array.isArray(c.activityIds) ? c.activityIds.map(String) : []
	};
}
