import { translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import { groupTextCounts, type TextGroup } from './free-text.ts';
import type { Db } from '../db/database.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { listUnits, programmeSurveySettings } from '../organisation/organisation.service.ts';
import {
	indexDistribution,
	percentOf,
	type IndexDistribution,
	type LearningLevel
} from './learning-index.ts';
import { isShowable, minGroupSizeOf, protectGroups } from './protection.ts';
import type { ResultsBase } from '../db/schema.ts';
import {
	invitationCounts,
	loadQuestions,
	previousWave,
	resultsSurveyRow,
	scaleQuestionRows,
	updateResultsBase,
	scaleOptionRows,
	textAnswers,
	RESULT_DIMENSIONS,
	type GroupKey,
	type ResultDimension
} from './results.repository.ts';
import {
	addCounts,
	COUNT_DIMENSIONS,
	rebuildSurveyCounts,
	recomputedCounts,
	storedCounts,
	surveysWithResponses,
	programmeResponseCount,
	type CountRow
} from './results-counts.repository.ts';
import { LEARNING_LEVELS } from './learning-index.ts';
import {
	bankQuestionInProgramme,
	programmeQuestion,
	shareCountsBySurvey,
	shareQuestionOptions,
	type ShareSource
} from './goal-share.repository.ts';
import type { ResultComparison, ResultsQuery } from './results.schema.ts';
import { listSurveysWithResults, type SurveyListItem } from './builder.service.ts';
import type { I18nText } from './i18n-text.ts';

/**
 * Survey results: per question a distribution (counts and percentages), n and the response
 * rate computed from the data, breakdowns and comparisons with small-group protection
 * (protection.ts), and the experienced-learning index. Office, steering group and evaluators
 * (`readResults`); the gender breakdown for the office only (`readSensitive`, SPEC §4).
 */

/** Below this many answers a percentage is fragile (one answer moves it ≥ 5 points): say so. */
export const SMALL_SAMPLE = 20;

/** Text of `{ en, sv, … }` JSON in the locale, falling back to English, Swedish, anything. */
export function pickText(json: string | null | undefined, locale: Locale): string {
	if (!json) return '';
	try {
		const v = JSON.parse(json) as Record<string, string> | string;
		if (typeof v === 'string') return v;
		return v[locale] || v.en || v.sv || Object.values(v).find((x) => typeof x === 'string' && x) || '';
	} catch {
		return json;
	}
}

interface ScaleOption {
	value: number;
	labels: Record<string, string>;
	dontKnow?: boolean;
}

export interface OptionShare {
	value: number;
	label: string;
	dontKnow: boolean;
	count: number;
	/** One decimal, in the chosen base; null for "don't know" when the base is `opinion`. */
	percent: number | null;
	/** Share of everyone who answered, "don't know" included (as evaluators print it). */
	percentOfAll: number;
	/** Share of those with an opinion; null for "don't know". */
	percentOfOpinion: number | null;
}

/** One statement's answers on a scale (single choice: the question itself). */
export interface Distribution {
	label: string;
	/** Everyone who answered, "don't know" included. */
	n: number;
	/** Those with an opinion: n without "don't know". */
	base: number;
	dontKnow: number;
	/** Which base `percent` uses, and its size (n or base). */
	basis: ResultsBase;
	baseN: number;
	options: OptionShare[];
	/** Fewer than SMALL_SAMPLE in the chosen base: percentages are fragile. */
	small: boolean;
}

export interface ChoiceShare {
	value: number;
	label: string;
	count: number;
	/** Share of respondents to the question (picks can add up to more than 100 %). */
	percent: number;
}

export interface NumberSummary {
	n: number;
	mean: number;
	median: number;
	min: number;
	max: number;
}

/** The figures of one question for one group of respondents (or everyone). */
export interface Figures {
	n: number;
	items?: Distribution[];
	choices?: ChoiceShare[];
	numbers?: NumberSummary;
	index?: IndexDistribution;
}

export interface QuestionResult extends Figures {
	id: number;
	type: string;
	text: string;
	section: string | null;
	bankQuestionId: number | null;
	/** Fewer than k respondents answered: nothing but n is shown. */
	suppressed: boolean;
	/**
	 * Free-text answers, only when at least k gave one (n counts every answer): identical texts
	 * grouped with a count, most frequent first (`groupTexts`).
	 */
	texts?: { n: number; shown: boolean; answers: TextGroup[] };
	breakdown?: QuestionBreakdown;
	comparison?: WaveComparison;
	/** The percentage base of this question's distributions (its chart's choice, else the survey's). */
	base: ResultsBase;
}

export interface GroupFigures extends Figures {
	key: string;
	label: string;
}

export interface QuestionBreakdown {
	groups: GroupFigures[];
	/**
	 * Hidden groups merged as "other units (n < k)" (shown only when together ≥ k). Hidden
	 * groups are never named or counted: a name would tell that a tiny group answered.
	 */
	other: GroupFigures | null;
	/** Everything hidden (fewer than k in the whole breakdown). */
	allHidden: boolean;
}

export interface WaveComparison {
	baselineSurveyId: number;
	baselineTitle: string;
	baseline: (Figures & { suppressed: boolean }) | null;
}

export interface SurveyResults {
	survey: {
		id: number;
		programmeId: number;
		title: string;
		kind: string;
		anonymous: boolean;
		status: string;
	};
	minGroupSize: number;
	invited: number;
	completed: number;
	/** Completed / invited as a fraction 0..1 (`responseRateOf`); null without invitations. */
	responseRate: number | null;
	respondents: number;
	/** The percentage base of every distribution (the query's or the survey's remembered one). */
	base: ResultsBase;
	/** The base remembered on the survey. */
	storedBase: ResultsBase;
	by: ResultDimension | null;
	compare: ResultComparison | null;
	/** Breakdowns the actor may ask for. */
	dimensions: ResultDimension[];
	baseline: { id: number; title: string } | null;
	questions: QuestionResult[];
	/** Respondents per group for the chosen breakdown, protected the same way. */
	groupSizes?: QuestionBreakdown;
}

interface Ctx {
	db: Db;
	locale: Locale;
	k: number;
	base: ResultsBase;
	/** Per-chart bases by question id, over `base`. */
	bases: Map<number, ResultsBase>;
	scales: Map<number, ScaleOption[]>;
}

const baseFor = (ctx: Ctx, questionId: number): ResultsBase => ctx.bases.get(questionId) ?? ctx.base;

type QuestionRow = {
	id: number;
	type: string;
	textJson: string;
	scaleId: number | null;
	optionsJson: string | null;
	bankQuestionId: number | null;
	sectionTitle: string | null;
};

const parseOptions = (json: string | null): ScaleOption[] => {
	if (!json) return [];
	try {
		const v = JSON.parse(json);
		return Array.isArray(v) ? (v as ScaleOption[]) : [];
	} catch {
		return [];
	}
};

const labelOf = (o: ScaleOption, locale: Locale) =>
	o.labels?.[locale] || o.labels?.en || o.labels?.sv || String(o.value);

/** The survey, authorised for `readResults`, with the programme's k. */
export async function resultsSurvey(db: Db, actor: Actor, surveyId: number) {
	const row = await resultsSurveyRow(db, surveyId);
	const settings = row ? await programmeSurveySettings(db, row.programmeId) : null;
	if (!row || !settings) throw new AccessDeniedError();
	authorize(actor, 'readResults', { type: 'survey', id: row.id, programmeId: row.programmeId });
	return { ...row, minGroupSize: settings.minGroupSize };
}

/** Breakdowns this actor may ask for (gender: office only). */
export function resultDimensions(actor: Actor, programmeId: number): ResultDimension[] {
	const sensitive = can(actor, 'readSensitive', { type: 'person', id: 0, programmeId, unitId: null });
	return RESULT_DIMENSIONS.filter((d) => d !== 'gender' || sensitive);
}

async function loadScales(db: Db, ids: number[]): Promise<Map<number, ScaleOption[]>> {
	if (ids.length === 0) return new Map();
	const rows = await scaleOptionRows(db, ids);
	return new Map(rows.map((r) => [r.id, parseOptions(r.optionsJson)]));
}

/** The scale's top value (first option that is not "don't know"). */
function topValue(scale: ScaleOption[]): number | undefined {
	return scale.find((o) => !o.dontKnow)?.value;
}

/**
 * One statement's distribution in both bases: of everyone who answered ("don't know" its own
 * share; KLURA Table 3 prints 72/13/1/0/14 %) and of those with an opinion. `percent` is the
 * chosen base's.
 */
export function distribution(
	label: string,
	scale: ScaleOption[],
	counts: Map<number, number>,
	locale: Locale,
	basis: ResultsBase = 'all'
): Distribution {
	const known = new Set(scale.map((o) => o.value));
	const options = scale.map((o) => ({
		value: o.value,
		label: labelOf(o, locale),
		dontKnow: !!o.dontKnow,
		count: counts.get(o.value) ?? 0
	}));
	// Values not on the scale (should not happen) are still counted, never dropped silently.
	for (const [value, count] of counts)
		if (!known.has(value)) options.push({ value, label: String(value), dontKnow: false, count });
	const n = options.reduce((s, o) => s + o.count, 0);
	const dontKnow = options.filter((o) => o.dontKnow).reduce((s, o) => s + o.count, 0);
	const base = n - dontKnow;
	const shares: OptionShare[] = options.map((o) => {
		const percentOfAll = percentOf(o.count, n);
		const percentOfOpinion = o.dontKnow ? null : percentOf(o.count, base);
		return {
			...o,
			percentOfAll,
			percentOfOpinion,
			percent: basis === 'all' ? percentOfAll : percentOfOpinion
		};
	});
	const baseN = basis === 'all' ? n : base;
	return { label, n, base, dontKnow, basis, baseN, options: shares, small: baseN < SMALL_SAMPLE };
}

/** Median of values given as value → count. */
function numberSummary(counts: Map<number, number> | undefined): NumberSummary | undefined {
	if (!counts || counts.size === 0) return undefined;
	const sorted = [...counts].sort((a, b) => a[0] - b[0]);
	const n = sorted.reduce((s, [, c]) => s + c, 0);
	if (n === 0) return undefined;
	const at = (i: number) => {
		let seen = 0;
		for (const [v, c] of sorted) if ((seen += c) > i) return v;
		return sorted[sorted.length - 1]![0];
	};
	const median = n % 2 ? at(n >> 1) : (at((n >> 1) - 1) + at(n >> 1)) / 2;
	const mean = sorted.reduce((s, [v, c]) => s + v * c, 0) / n;
	return {
		n,
		mean: Math.round(mean * 100) / 100,
		median,
		min: sorted[0]![0],
		max: sorted[sorted.length - 1]![0]
	};
}

/** The counts of one group (or everyone), indexed for building figures. */
interface GroupData {
	values: Map<number, Map<number, Map<number, number>>>; // question → item → value → n
	respondents: Map<number, number>;
	numbers: Map<number, Map<number, number>>; // question → value → n
	levels: Map<number, Partial<Record<LearningLevel, number>>>;
	/** Submitted responses in the group. */
	responses: number;
}

const emptyGroup = (): GroupData => ({
	values: new Map(),
	respondents: new Map(),
	numbers: new Map(),
	levels: new Map(),
	responses: 0
});

/** Indexes stored count rows by group key ('' = no value → null). */
function indexCounts(rows: readonly CountRow[]): Map<GroupKey, GroupData> {
	const groups = new Map<GroupKey, GroupData>();
	for (const r of rows) {
		const key: GroupKey = r.groupKey === '' ? null : r.groupKey;
		let d = groups.get(key);
		if (!d) groups.set(key, (d = emptyGroup()));
		switch (r.kind) {
			case 'v': {
				const items = d.values.get(r.questionId) ?? new Map<number, Map<number, number>>();
				d.values.set(r.questionId, items);
				const counts = items.get(r.item) ?? new Map<number, number>();
				items.set(r.item, counts);
				counts.set(r.value, (counts.get(r.value) ?? 0) + r.n);
				break;
			}
			case 'r':
				d.respondents.set(r.questionId, (d.respondents.get(r.questionId) ?? 0) + r.n);
				break;
			case 'x': {
				const m = d.numbers.get(r.questionId) ?? new Map<number, number>();
				d.numbers.set(r.questionId, m);
				m.set(r.value, (m.get(r.value) ?? 0) + r.n);
				break;
			}
			case 'l': {
				const c = d.levels.get(r.questionId) ?? {};
				const level = LEARNING_LEVELS[r.value] ?? 'low';
				c[level] = (c[level] ?? 0) + r.n;
				d.levels.set(r.questionId, c);
				break;
			}
			case 's':
				d.responses += r.n;
				break;
		}
	}
	return groups;
}

/** Merges several groups' counts (for "other" and for units rolled up to workplaces or types). */
function mergeGroups(parts: GroupData[]): GroupData {
	const out = emptyGroup();
	for (const p of parts) {
		for (const [q, items] of p.values) {
			const oi = out.values.get(q) ?? new Map<number, Map<number, number>>();
			out.values.set(q, oi);
			for (const [item, counts] of items) {
				const oc = oi.get(item) ?? new Map<number, number>();
				oi.set(item, oc);
				for (const [v, n] of counts) oc.set(v, (oc.get(v) ?? 0) + n);
			}
		}
		for (const [q, n] of p.respondents) out.respondents.set(q, (out.respondents.get(q) ?? 0) + n);
		for (const [q, m] of p.numbers) {
			const om = out.numbers.get(q) ?? new Map<number, number>();
			out.numbers.set(q, om);
			for (const [v, n] of m) om.set(v, (om.get(v) ?? 0) + n);
		}
		for (const [q, c] of p.levels) {
			const oc = out.levels.get(q) ?? {};
			for (const [l, n] of Object.entries(c))
				oc[l as LearningLevel] = (oc[l as LearningLevel] ?? 0) + (n ?? 0);
			out.levels.set(q, oc);
		}
		out.responses += p.responses;
	}
	return out;
}

/** Respondents to one question within a group. */
function questionN(q: QuestionRow, d: GroupData): number {
	if (q.type === 'single') {
		const counts = d.values.get(q.id)?.get(0);
		return counts ? [...counts.values()].reduce((s, n) => s + n, 0) : 0;
	}
	if (q.type === 'learning_situations') {
		const levels = d.levels.get(q.id);
		return levels ? Object.values(levels).reduce((s, n) => s + (n ?? 0), 0) : 0;
	}
	return d.respondents.get(q.id) ?? 0;
}

function figures(ctx: Ctx, q: QuestionRow, d: GroupData): Figures {
	const n = questionN(q, d);
	const scale = q.scaleId ? (ctx.scales.get(q.scaleId) ?? []) : [];
	const options = parseOptions(q.optionsJson);
	const text = pickText(q.textJson, ctx.locale);
	const base = baseFor(ctx, q.id);
	switch (q.type) {
		case 'single':
			return {
				n,
				items: [distribution(text, scale, d.values.get(q.id)?.get(0) ?? new Map(), ctx.locale, base)]
			};
		case 'matrix':
		case 'learning_situations': {
			const items = d.values.get(q.id) ?? new Map();
			const count = Math.max(options.length, ...[...items.keys()].map((i) => i + 1));
			const f: Figures = {
				n,
				items: Array.from({ length: count }, (_, i) =>
					distribution(
						options[i] ? labelOf(options[i], ctx.locale) : `#${i + 1}`,
						scale,
						items.get(i) ?? new Map(),
						ctx.locale,
						base
					)
				)
			};
			if (q.type === 'learning_situations') f.index = indexDistribution(d.levels.get(q.id) ?? {});
			return f;
		}
		case 'multi': {
			const counts = d.values.get(q.id)?.get(0) ?? new Map<number, number>();
			const known = new Set(options.map((o) => o.value));
			const choices = options.map((o) => ({
				value: o.value,
				label: labelOf(o, ctx.locale),
				count: counts.get(o.value) ?? 0
			}));
			for (const [value, count] of counts)
				if (!known.has(value)) choices.push({ value, label: String(value), count });
			return { n, choices: choices.map((c) => ({ ...c, percent: percentOf(c.count, n) })) };
		}
		case 'number':
			return { n, numbers: numberSummary(d.numbers.get(q.id)) };
		default:
			return { n };
	}
}

/** Labels of a breakdown's group keys. */
async function groupLabels(
	db: Db,
	by: ResultDimension,
	programmeId: number,
	keys: GroupKey[],
	locale: Locale
) {
	const t = (key: string) => translate(locale, key as MessageKey);
	const unknown = t('surveyResults.group.unknown');
	const labels = new Map<GroupKey, string>();
	if (by === 'unit') {
		const units = await listUnits(db, programmeId, { includeClosed: true });
		const names = new Map(units.map((u) => [String(u.id), u.name]));
		for (const k of keys) labels.set(k, k === null ? unknown : (names.get(k) ?? k));
	} else for (const k of keys) labels.set(k, k === null ? unknown : groupLabel(by, k, locale));
	return labels;
}

/** The readable label of one group key of a non-unit dimension, in the locale (never a code). */
export function groupLabel(by: Exclude<ResultDimension, 'unit'>, key: string, locale: Locale): string {
	const t = (k: string) => translate(locale, k as MessageKey);
	switch (by) {
		case 'jobCategory':
			return t(`people.jobCategory.${key}`);
		case 'gender':
			return t(`people.gender.${key}`);
		case 'track':
			return t(key === '1' ? 'surveyResults.attended.yes' : 'surveyResults.attended.no');
		case 'tenure':
			return t(`surveyResults.tenure.${key}`);
		case 'unitType':
			return t(`unitType.${key}`);
	}
}

/**
 * Unit id → the group it counts in for `by`: its workplace (the nearest unit of kind workplace
 * at or above; itself otherwise), or its workplace type (the nearest type set at or above; null
 * when none is).
 */
export async function unitRollUp(
	db: Db,
	programmeId: number,
	by: 'unit' | 'unitType'
): Promise<Map<string, string | null>> {
	const units = await listUnits(db, programmeId, { includeClosed: true });
	const byId = new Map(units.map((u) => [u.id, u]));
	const out = new Map<string, string | null>();
	for (const u of units) {
		let cur: (typeof units)[number] | undefined = u;
		let found: string | null = by === 'unit' ? String(u.id) : null;
		for (let depth = 0; cur && depth < 50; depth++) {
			if (by === 'unit' && cur.kind === 'workplace') {
				found = String(cur.id);
				break;
			}
			if (by === 'unitType' && cur.unitType) {
				found = cur.unitType;
				break;
			}
			cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
		}
		out.set(String(u.id), found);
	}
	return out;
}

/** Groups of one breakdown from the stored counts (units rolled up to their workplace or type). */
async function breakdownGroups(
	db: Db,
	surveyId: number,
	programmeId: number,
	by: ResultDimension
): Promise<Map<GroupKey, GroupData>> {
	const raw = indexCounts(await storedCounts(db, surveyId, by === 'unitType' ? 'unit' : by));
	if (by !== 'unit' && by !== 'unitType') return raw;
	const roll = await unitRollUp(db, programmeId, by);
	const parts = Map.groupBy(raw, ([k]) =>
		k === null ? null : roll.has(k) ? roll.get(k)! : by === 'unit' ? k : null
	);
	return new Map(
		[...parts].map(([k, entries]) => {
			const list = entries.map(([, d]) => d);
			return [k, list.length === 1 ? list[0]! : mergeGroups(list)];
		})
	);
}

/** "Other units (n < k)" / "Other groups (n < k)": the merged hidden groups, never named. */
function otherLabel(by: ResultDimension, k: number, locale: Locale): string {
	return translate(
		locale,
		by === 'unit' ? 'surveyResults.group.otherUnits' : 'surveyResults.group.otherGroups',
		{
			k
		}
	);
}

function protectBreakdown(
	ctx: Ctx,
	by: ResultDimension,
	q: QuestionRow,
	groups: Map<GroupKey, GroupData>,
	labels: Map<GroupKey, string>
): QuestionBreakdown {
	const sizes = [...groups].map(([key, d]) => ({ key: key ?? '', group: key, d, n: questionN(q, d) }));
	const order = (a: (typeof sizes)[number], b: (typeof sizes)[number]) =>
		a.group === null
			? 1
			: b.group === null
				? -1
				: labels.get(a.group)!.localeCompare(labels.get(b.group)!, ctx.locale);
	sizes.sort(order);
	const p = protectGroups(sizes, ctx.k);
	const other = p.otherShown
		? {
				key: 'other',
				label: otherLabel(by, ctx.k, ctx.locale),
				...figures(ctx, q, mergeGroups(p.hidden.map((h) => h.d)))
			}
		: null;
	return {
		groups: p.allHidden
			? []
			: p.shown.map((s) => ({ key: s.key || 'none', label: labels.get(s.group)!, ...figures(ctx, q, s.d) })),
		other: p.allHidden ? null : other,
		allHidden: p.allHidden
	};
}

/** The learning-situations questions' top values (the index counts answers at the top degree). */
function topValuesOf(questions: readonly QuestionRow[], scales: Map<number, ScaleOption[]>) {
	const tops = new Map<number, number>();
	for (const q of questions) {
		const top =
			q.type === 'learning_situations' && q.scaleId ? topValue(scales.get(q.scaleId) ?? []) : undefined;
		if (top !== undefined) tops.set(q.id, top);
	}
	return tops;
}

/** The percentage base to use: the query's choice, else the one remembered on the survey. */
function baseOf(query: ResultsQuery, stored: string | null | undefined): ResultsBase {
	return query.base ?? (stored === 'opinion' ? 'opinion' : 'all');
}

/** Results of one survey for the actor, with an optional breakdown or comparison. */
export async function surveyResults(
	db: Db,
	actor: Actor,
	surveyId: number,
	query: ResultsQuery,
	locale: Locale,
	/** `texts: false` skips reading the free-text answers (summaries that never show them). */
	opts: { texts?: boolean } = {}
): Promise<SurveyResults> {
	const survey = await resultsSurvey(db, actor, surveyId);
	const dimensions = resultDimensions(actor, survey.programmeId);
	// Cohorts (attended vs not) is the "track" breakdown; the comparison names it.
	const by: ResultDimension | null = query.compare === 'cohorts' ? 'track' : (query.by ?? null);
	if (by && !dimensions.includes(by)) throw new AccessDeniedError();
	const k = minGroupSizeOf(survey.minGroupSize);
	const base = baseOf(query, survey.resultsBase);
	const questions = await loadQuestions(db, surveyId);
	const ctx: Ctx = {
		db,
		locale,
		k,
		base,
		bases: new Map(Object.entries(query.bases ?? {}).map(([id, b]) => [Number(id), b])),
		scales: await loadScales(db, [
			...new Set(questions.map((q) => q.scaleId).filter((x): x is number => x !== null))
		])
	};
	// With a breakdown, the overall figures are the sum of the groups (each response is in
	// exactly one group), so only one dimension's counts are read.
	const [groups, overallRows, texts, invitations] = await Promise.all([
		by ? breakdownGroups(db, surveyId, survey.programmeId, by) : null,
		by ? null : storedCounts(db, surveyId, 'all'),
		opts.texts === false ? [] : textAnswers(db, surveyId),
		invitationCounts(db, surveyId)
	]);
	const overall = groups
		? mergeGroups([...groups.values()])
		: (indexCounts(overallRows!).get(null) ?? emptyGroup());
	// The counted texts per question (the database grouped identical ones).
	const textsBy = Map.groupBy(texts, (t) => t.questionId);

	const results: QuestionResult[] = questions.map((q) => {
		const f = figures(ctx, q, overall);
		const suppressed = !isShowable(f.n, k);
		const r: QuestionResult = {
			id: q.id,
			type: q.type,
			text: pickText(q.textJson, locale),
			section: q.sectionTitle ? pickText(q.sectionTitle, locale) : null,
			bankQuestionId: q.bankQuestionId,
			suppressed,
			base: baseFor(ctx, q.id),
			...(suppressed ? { n: f.n } : f)
		};
		if (q.type === 'text') {
			const answers = textsBy.get(q.id) ?? [];
			const n = answers.reduce((sum, a) => sum + a.count, 0);
			const shown = isShowable(n, k);
			r.n = n;
			r.suppressed = !shown;
			r.texts = { n, shown, answers: shown ? groupTextCounts(answers) : [] };
		}
		return r;
	});

	let groupSizes: QuestionBreakdown | undefined;
	if (by && groups) {
		const labels = await groupLabels(db, by, survey.programmeId, [...groups.keys()], locale);
		for (const r of results) {
			const q = questions.find((x) => x.id === r.id)!;
			// Free text is never broken down: a comment's wording can identify its writer.
			if (q.type === 'text' || r.suppressed) continue;
			r.breakdown = protectBreakdown(ctx, by, q, groups, labels);
		}
		const p = protectGroups(
			[...groups].map(([group, d]) => ({ key: group ?? 'none', group, n: d.responses })),
			k
		);
		groupSizes = {
			groups: p.allHidden
				? []
				: p.shown.map((s) => ({ key: s.key, label: labels.get(s.group) ?? s.key, n: s.n })),
			other:
				p.otherShown && !p.allHidden ? { key: 'other', label: otherLabel(by, k, locale), n: p.otherN } : null,
			allHidden: p.allHidden
		};
	}

	let baseline: SurveyResults['baseline'] = null;
	if (query.compare === 'waves' && survey.previousWaveId) {
		const prev = await previousWave(db, survey.previousWaveId, survey.programmeId);
		if (prev) {
			baseline = { id: prev.id, title: pickText(prev.titleJson, locale) };
			const prevQuestions = await loadQuestions(db, prev.id);
			for (const s of await loadScales(
				db,
				prevQuestions.map((q) => q.scaleId).filter((x): x is number => x !== null && !ctx.scales.has(x))
			))
				ctx.scales.set(s[0], s[1]);
			const prevData = indexCounts(await storedCounts(db, prev.id, 'all')).get(null) ?? emptyGroup();
			for (const r of results) {
				if (r.bankQuestionId === null || r.type === 'text') continue;
				const pq = prevQuestions.find((x) => x.bankQuestionId === r.bankQuestionId && x.type === r.type);
				const f = pq ? figures({ ...ctx, bases: new Map([[pq.id, r.base]]) }, pq, prevData) : null;
				r.comparison = {
					baselineSurveyId: prev.id,
					baselineTitle: baseline.title,
					baseline: f
						? isShowable(f.n, k)
							? { ...f, suppressed: false }
							: { n: f.n, suppressed: true }
						: null
				};
			}
		}
	}

	const completed = invitations.completed;
	return {
		survey: {
			id: survey.id,
			programmeId: survey.programmeId,
			title: pickText(survey.titleJson, locale),
			kind: survey.kind,
			anonymous: survey.anonymous === 1,
			status: survey.status
		},
		minGroupSize: k,
		invited: invitations.invited,
		completed,
		responseRate: responseRateOf(completed, invitations.invited),
		respondents: overall.responses,
		base,
		storedBase: survey.resultsBase === 'opinion' ? 'opinion' : 'all',
		by,
		compare: query.compare ?? null,
		dimensions,
		baseline,
		questions: results,
		groupSizes
	};
}

/**
 * The API's one representation of a response rate: a fraction 0..1 (completed / invited),
 * rounded to four decimals; null without invitations. Pages and exports format it as a percentage.
 */
export function responseRateOf(completed: number, invited: number): number | null {
	return invited > 0 ? Math.round((completed / invited) * 10000) / 10000 : null;
}

/** Remembers the percentage base of a survey's results and exports (who may read them may choose). */
export async function setResultsBase(
	db: Db,
	actor: Actor,
	surveyId: number,
	base: ResultsBase
): Promise<void> {
	await resultsSurvey(db, actor, surveyId);
	await updateResultsBase(db, surveyId, base);
}

// ---- Maintained counts (results-counts.repository.ts) ----

/**
 * How many responses the programme's surveys hold (from the kept counts; no permission check):
 * a stamp that changes with every submitted response, for memoised figures that show answers.
 */
export function responseStamp(db: Db, programmeId: number): Promise<number> {
	return programmeResponseCount(db, programmeId);
}

/** Top values of a survey's learning-situations questions, from its questions and scales. */
async function surveyTopValues(db: Db, surveyId: number): Promise<Map<number, number>> {
	const questions = await loadQuestions(db, surveyId);
	const scales = await loadScales(db, [
		...new Set(questions.map((q) => q.scaleId).filter((x): x is number => x !== null))
	]);
	return topValuesOf(questions, scales);
}

/** What the submit path knows about one response: its grouping attributes and answer rows. */
export interface SubmittedResponse {
	surveyId: number;
	attributes: Record<keyof typeof COUNT_DIMENSIONS, string | number | null>;
	questions: readonly { id: number; type: string }[];
	rows: readonly {
		questionId: number;
		item: number;
		value: number | null;
		numberValue: number | null;
		textValue: string | null;
	}[];
}

/**
 * The count rows one response adds: the same definitions as the bulk SQL
 * (results-counts.repository.ts `countsSelect`), which `checkResultCounts` compares them with.
 */
export function responseCountRows(r: SubmittedResponse, topValues: ReadonlyMap<number, number>): CountRow[] {
	const type = new Map(r.questions.map((q) => [q.id, q.type]));
	const facts = new Map<string, Omit<CountRow, 'dimension' | 'groupKey'>>();
	const add = (kind: CountRow['kind'], questionId: number, item: number, value: number) => {
		const key = `${kind}|${questionId}|${item}|${value}`;
		const f = facts.get(key);
		if (f) f.n++;
		else facts.set(key, { kind, questionId, item, value, n: 1 });
	};
	const answered = new Set<number>();
	const tops = new Map<number, number>();
	for (const a of r.rows) {
		const t = type.get(a.questionId);
		if (a.value !== null) add('v', a.questionId, a.item, a.value);
		if (t === 'number' && a.numberValue !== null) add('x', a.questionId, 0, a.numberValue);
		if (
			t !== 'single' &&
			t !== 'learning_situations' &&
			(a.value !== null || a.numberValue !== null || a.textValue !== null)
		)
			answered.add(a.questionId);
		const top = topValues.get(a.questionId);
		if (top !== undefined && a.value !== null)
			tops.set(a.questionId, (tops.get(a.questionId) ?? 0) + (a.value === top ? 1 : 0));
	}
	for (const q of answered) add('r', q, 0, 0);
	for (const [q, top] of tops) add('l', q, 0, top < 3 ? 0 : top <= 5 ? 1 : 2);
	add('s', 0, 0, 0);
	const out: CountRow[] = [];
	const groups: [string, string][] = [
		['all', ''],
		...Object.entries(r.attributes).map(([d, v]): [string, string] => [d, v === null ? '' : String(v)])
	];
	for (const [dimension, groupKey] of groups)
		for (const f of facts.values()) out.push({ dimension, groupKey, ...f });
	return out;
}

/**
 * Adds one submitted response to its survey's counts: one multi-row upsert, inside the submit
 * transaction; `topValues` as the form gives them (`answeringTopValues`).
 */
export async function recordResponseCounts(
	trx: Db,
	response: SubmittedResponse,
	topValues: ReadonlyMap<number, number>
): Promise<void> {
	await addCounts(trx, response.surveyId, responseCountRows(response, topValues));
}

/** Rebuilds one survey's counts from its raw answers in bulk SQL (bulk loads, demo data, repairs). */
export async function rebuildResultCounts(db: Db, surveyId: number): Promise<void> {
	const tops = await surveyTopValues(db, surveyId);
	// Delete and insert together (inside the caller's transaction when there is one, as in the demo).
	if (db.isTransaction) await rebuildSurveyCounts(db, surveyId, tops);
	else await db.transaction().execute((trx) => rebuildSurveyCounts(trx, surveyId, tops));
}

/** Rebuilds the counts of every survey with responses (of one programme, or all). */
export async function rebuildAllResultCounts(db: Db, programmeId?: number): Promise<number> {
	const ids = await surveysWithResponses(db, programmeId);
	for (const id of ids) await rebuildResultCounts(db, id);
	return ids.length;
}

export interface CountsCheck {
	surveyId: number;
	rows: number;
	/** Keys whose stored count differs from the raw answers' (first few). */
	mismatches: { key: string; stored: number; recomputed: number }[];
	mismatchCount: number;
}

/** Recomputes each survey's counts from the raw answers and compares them with the stored ones. */
export async function checkResultCounts(db: Db, options: { programmeId?: number; surveyId?: number } = {}) {
	const ids =
		options.surveyId !== undefined ? [options.surveyId] : await surveysWithResponses(db, options.programmeId);
	const out: CountsCheck[] = [];
	const keyOf = (r: CountRow) => [r.dimension, r.groupKey, r.kind, r.questionId, r.item, r.value].join('|');
	for (const surveyId of ids) {
		const [stored, fresh] = await Promise.all([
			storedCounts(db, surveyId),
			surveyTopValues(db, surveyId).then((tops) => recomputedCounts(db, surveyId, tops))
		]);
		const a = new Map(stored.filter((r) => r.n !== 0).map((r) => [keyOf(r), r.n]));
		const b = new Map(fresh.map((r) => [keyOf(r), r.n]));
		const mismatches: CountsCheck['mismatches'] = [];
		let mismatchCount = 0;
		for (const key of new Set([...a.keys(), ...b.keys()])) {
			const x = a.get(key) ?? 0;
			const y = b.get(key) ?? 0;
			if (x === y) continue;
			mismatchCount++;
			if (mismatches.length < 10) mismatches.push({ key, stored: x, recomputed: y });
		}
		out.push({ surveyId, rows: b.size, mismatches, mismatchCount });
	}
	return out;
}

// ---- for goals (issue 12): the share of respondents in chosen options, protected like results.

export type { ShareSource } from './goal-share.repository.ts';

export interface RespondentShare {
	/** Per survey: n and share only when the survey's figures may be shown (protection.ts). */
	surveys: { surveyId: number; title: string; n: number | null; share: number | null }[];
	/** Answers in total (null when protected) and in the chosen options. */
	n: number | null;
	share: number | null;
	minGroupSize: number;
	/** Fewer than k answered in total: nothing but that fact is given. */
	protected: boolean;
}

/**
 * The share of answers to a question (or to every course evaluation's question made from one
 * bank question) that fall in `values`, over all the surveys. With fewer than k answers in
 * total nothing is given; per survey, groups under k (and the next smallest, so that the total
 * cannot reveal them) show no figures. No actor: the goals service authorises its reader.
 */
export async function respondentShare(
	db: Db,
	programmeId: number,
	source: ShareSource,
	values: readonly number[],
	locale: Locale,
	item = 0
): Promise<RespondentShare> {
	const settings = await programmeSurveySettings(db, programmeId);
	const k = minGroupSizeOf(settings?.minGroupSize);
	const rows = await shareCountsBySurvey(db, programmeId, source, item);
	const bySurvey = new Map<number, { key: string; title: string; n: number; hits: number }>();
	for (const r of rows) {
		let s = bySurvey.get(r.surveyId);
		if (!s)
			bySurvey.set(
				r.surveyId,
				(s = { key: String(r.surveyId), title: pickText(r.titleJson, locale), n: 0, hits: 0 })
			);
		s.n += Number(r.n);
		if (values.includes(Number(r.value))) s.hits += Number(r.n);
	}
	const groups = [...bySurvey.values()];
	const n = groups.reduce((a, g) => a + g.n, 0);
	const hits = groups.reduce((a, g) => a + g.hits, 0);
	if (!isShowable(n, k))
		return {
			surveys: groups.map((g) => ({ surveyId: Number(g.key), title: g.title, n: null, share: null })),
			n: null,
			share: null,
			minGroupSize: k,
			protected: true
		};
	const shown = new Set(protectGroups(groups, k).shown);
	return {
		surveys: groups.map((g) => ({
			surveyId: Number(g.key),
			title: g.title,
			n: shown.has(g) ? g.n : null,
			share: shown.has(g) && g.n > 0 ? g.hits / g.n : null
		})),
		n,
		share: n > 0 ? hits / n : null,
		minGroupSize: k,
		protected: false
	};
}

/** Checks a goal's survey source belongs to the programme: the question's options, or null. */
export async function shareSourceOptions(
	db: Db,
	programmeId: number,
	source: ShareSource,
	locale: Locale
): Promise<{ value: number; label: string }[] | null> {
	if ('bankQuestionId' in source)
		return (await bankQuestionInProgramme(db, programmeId, source.bankQuestionId)) ? [] : null;
	const q = await programmeQuestion(db, programmeId, source.questionId);
	if (!q) return null;
	let options = parseOptions(q.optionsJson);
	if (options.length === 0 && q.scaleId !== null) {
		const scale = await scaleOptionRows(db, [q.scaleId]);
		options = scale.length > 0 ? parseOptions(scale[0]!.optionsJson) : [];
	}
	return options.map((o) => ({ value: o.value, label: labelOf(o, locale) }));
}

/** Questions a share goal may name (newest surveys first). */
export async function shareQuestionChoices(db: Db, programmeId: number, locale: Locale) {
	const rows = await shareQuestionOptions(db, programmeId, 300);
	return rows.map((r) => ({
		id: r.id,
		bankQuestionId: r.bankQuestionId,
		courseEvaluation: r.kind === 'course_evaluation',
		label: `${pickText(r.surveyTitleJson, locale)}: ${pickText(r.textJson, locale)}`
	}));
}

// ---- for the funder report (issue 12): a survey's response rate and its key results.

/** One key result's source: a scale question and, for a matrix, its statement (`item`; 0 for single choice). */
export interface KeyQuestionRef {
	questionId: number;
	item: number;
}

export interface KeyResult extends KeyQuestionRef {
	/** The question, and for a matrix the statement ("Question – statement"). */
	text: string;
	/** Answers in the survey's percentage base; null when fewer than k answered. */
	n: number | null;
	/** Share in the positive options (the upper half of the scale's graded options); null when protected. */
	share: number | null;
	/** The positive options' labels ("Yes, absolutely / Yes, to some extent"). */
	positive: string;
}

export interface SurveyKeyResults {
	invited: number;
	completed: number;
	responseRate: number | null;
	minGroupSize: number;
	results: KeyResult[];
}

/** At most this many key results per survey (a funder reads a summary, not the whole survey). */
export const KEY_RESULTS_PER_SURVEY = 12;

/** At most this many surveys in a report's survey summary (the newest opened in the period). */
export const REPORT_SURVEYS = 20;

const refKey = (r: KeyQuestionRef) => `${r.questionId}:${r.item}`;

/** A scale a key result can be read on: at least two graded options (the upper half is the positive one). */
const graded = (scale: ScaleOption[]) => scale.filter((o) => !o.dontKnow).length >= 2;

/**
 * A survey's summary for the funder report: the response rate from the invitations and, per
 * scale question (each statement of a matrix), the share answering in the positive options
 * (a scale lists its options from the top degree: the upper half of the graded ones), with
 * its n in the survey's percentage base. Under the same protection as the results: a
 * question or statement with fewer than k answers gives neither n nor share.
 *
 * Without `only`, the first KEY_RESULTS_PER_SURVEY rows in the survey's order. With `only`
 * (the questions and statements the office chose, a handful), exactly those of them that
 * are this survey's, in the given order; a chosen statement of a protected matrix is one
 * protected row with its statement's text.
 */
export async function surveyKeyResults(
	db: Db,
	actor: Actor,
	surveyId: number,
	locale: Locale,
	only?: readonly KeyQuestionRef[]
): Promise<SurveyKeyResults> {
	const r = await surveyResults(db, actor, surveyId, {}, locale, { texts: false });
	const k = r.minGroupSize;
	const chosen = only ? new Set(only.map(refKey)) : null;
	// Statement labels of protected matrices come from the questions (their results carry no items).
	const statements = chosen
		? new Map((await loadQuestions(db, surveyId)).map((q) => [q.id, parseOptions(q.optionsJson)]))
		: null;
	const results: KeyResult[] = [];
	for (const q of r.questions) {
		if (q.type !== 'single' && q.type !== 'matrix') continue;
		const items = q.items ?? [];
		// A suppressed question carries no items: one protected row for it (per chosen statement).
		if (q.suppressed || items.length === 0) {
			if (!chosen)
				results.push({ questionId: q.id, item: 0, text: q.text, n: null, share: null, positive: '' });
			else
				for (const ref of only!)
					if (ref.questionId === q.id) {
						const label = statements!.get(q.id)?.[ref.item];
						const text =
							q.type === 'matrix'
								? `${q.text} – ${label ? labelOf(label, locale) : `#${ref.item + 1}`}`
								: q.text;
						results.push({ ...ref, text, n: null, share: null, positive: '' });
					}
			continue;
		}
		for (const [i, d] of items.entries()) {
			const item = q.type === 'matrix' ? i : 0;
			if (chosen && !chosen.has(refKey({ questionId: q.id, item }))) continue;
			const gradedOptions = d.options.filter((o) => !o.dontKnow);
			if (gradedOptions.length < 2) continue;
			const top = gradedOptions.slice(0, Math.max(1, Math.floor(gradedOptions.length / 2)));
			const text = q.type === 'matrix' ? `${q.text} – ${d.label}` : q.text;
			const positive = top.map((o) => o.label).join(' / ');
			if (!isShowable(d.baseN, k)) {
				results.push({ questionId: q.id, item, text, n: null, share: null, positive });
				continue;
			}
			const hits = top.reduce((s, o) => s + o.count, 0);
			results.push({
				questionId: q.id,
				item,
				text,
				n: d.baseN,
				share: d.baseN > 0 ? hits / d.baseN : null,
				positive
			});
		}
	}
	let ordered: KeyResult[];
	if (only) {
		const byRef = new Map(results.map((x) => [refKey(x), x]));
		ordered = only.map((ref) => byRef.get(refKey(ref))).filter((x): x is KeyResult => x !== undefined);
	} else ordered = results.slice(0, KEY_RESULTS_PER_SURVEY);
	return {
		invited: r.invited,
		completed: r.completed,
		responseRate: r.responseRate,
		minGroupSize: k,
		results: ordered
	};
}

/**
 * The surveys a report for the period summarises: open and closed ones of the programme whose
 * results the actor may read, opened (else created) in the period, the newest REPORT_SURVEYS.
 */
export async function reportSurveys(
	db: Db,
	actor: Actor,
	programmeId: number,
	period: { from: string; to: string }
): Promise<SurveyListItem[]> {
	const list = await listSurveysWithResults(db, actor, programmeId);
	return list
		.filter((s) => {
			const day = (s.opensAt ?? s.createdAt).slice(0, 10);
			return day >= period.from && day <= period.to;
		})
		.slice(0, REPORT_SURVEYS);
}

export interface KeyQuestionChoice extends KeyQuestionRef {
	/** The question's text. */
	question: string;
	/** A matrix statement's text; null for single choice. */
	statement: string | null;
	/** As the report prints it ("Question – statement"). */
	text: string;
}

export interface KeyQuestionSurvey {
	surveyId: number;
	title: string;
	questions: KeyQuestionChoice[];
}

/**
 * The questions the office can choose as a report's key results (the chooser, and the check
 * of a choice): per survey of the period (`reportSurveys`), its single-choice and matrix
 * questions on a graded scale, each statement of a matrix on its own, in the survey's order.
 */
export async function keyResultQuestions(
	db: Db,
	actor: Actor,
	programmeId: number,
	period: { from: string; to: string },
	locale: Locale
): Promise<KeyQuestionSurvey[]> {
	authorize(actor, 'readResults', { type: 'survey', id: 0, programmeId });
	const surveys = await reportSurveys(db, actor, programmeId, period);
	const out: KeyQuestionSurvey[] = [];
	// One survey at a time: at most REPORT_SURVEYS small indexed reads, no id list sent back.
	for (const s of surveys) {
		const choices: KeyQuestionChoice[] = [];
		for (const q of await scaleQuestionRows(db, s.id)) {
			if (!graded(parseOptions(q.scaleOptionsJson))) continue;
			const question = pickText(q.textJson, locale);
			if (q.type === 'single')
				choices.push({ questionId: q.id, item: 0, question, statement: null, text: question });
			else
				parseOptions(q.optionsJson).forEach((o, item) => {
					const statement = labelOf(o, locale);
					choices.push({ questionId: q.id, item, question, statement, text: `${question} – ${statement}` });
				});
		}
		out.push({ surveyId: s.id, title: surveyTitle(s.title, locale), questions: choices });
	}
	return out;
}

/** A survey's title in the locale, falling back to English, Swedish, anything. */
export function surveyTitle(title: I18nText, locale: Locale): string {
	return (
		title[locale] ||
		title.en ||
		title.sv ||
		Object.values(title).find((x) => typeof x === 'string' && x) ||
		''
	);
}
