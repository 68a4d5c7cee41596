import { translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { listUnits, programmeSurveySettings } from '../organisation/organisation.service.ts';
import {
	indexDistribution,
	percentOf,
	type IndexDistribution,
	type LearningLevel
} from './learning-index.ts';
import { isShowable, minGroupSizeOf, protectGroups, type SuppressionReason } from './protection.ts';
import {
	invitationCounts,
	loadQuestions,
	previousWave,
	resultsSurveyRow,
	scaleOptionRows,
	learningLevels,
	numberAnswers,
	respondentCounts,
	responseCounts,
	textAnswers,
	valueCounts,
	RESULT_DIMENSIONS,
	type GroupKey,
	type LevelCount,
	type NumberAnswer,
	type ResultDimension,
	type ValueCount
} from './results.repository.ts';
import type { ResultComparison, ResultsQuery } from './results.schema.ts';

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
	/** One decimal; null for "don't know" when excluded from the base. */
	percent: number | null;
}

/** One statement's answers on a scale (single choice: the question itself). */
export interface Distribution {
	label: string;
	/** Everyone who answered, "don't know" included. */
	n: number;
	/** The percentage base: n without "don't know". */
	base: number;
	dontKnow: number;
	options: OptionShare[];
	/** Fewer than SMALL_SAMPLE in the base: percentages are fragile. */
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
	/** Free-text answers, only when at least k gave one. */
	texts?: { n: number; shown: boolean; answers: string[] };
	breakdown?: QuestionBreakdown;
	comparison?: WaveComparison;
}

export interface GroupFigures extends Figures {
	key: string;
	label: string;
}

export interface QuestionBreakdown {
	groups: GroupFigures[];
	/** Hidden groups merged (shown only when together ≥ k). */
	other: GroupFigures | null;
	hidden: { key: string; label: string; reason: SuppressionReason }[];
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
	/** Completed / invited as one-decimal percent; null without invitations. */
	responseRate: number | null;
	respondents: number;
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
	scales: Map<number, ScaleOption[]>;
}

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

function distribution(
	label: string,
	scale: ScaleOption[],
	counts: Map<number, number>,
	locale: Locale
): Distribution {
	const known = new Set(scale.map((o) => o.value));
	const options: OptionShare[] = scale.map((o) => ({
		value: o.value,
		label: labelOf(o, locale),
		dontKnow: !!o.dontKnow,
		count: counts.get(o.value) ?? 0,
		percent: null
	}));
	// Values not on the scale (should not happen) are still counted, never dropped silently.
	for (const [value, count] of counts)
		if (!known.has(value))
			options.push({ value, label: String(value), dontKnow: false, count, percent: null });
	const n = options.reduce((s, o) => s + o.count, 0);
	const dontKnow = options.filter((o) => o.dontKnow).reduce((s, o) => s + o.count, 0);
	const base = n - dontKnow;
	for (const o of options) if (!o.dontKnow) o.percent = percentOf(o.count, base);
	return { label, n, base, dontKnow, options, small: base < SMALL_SAMPLE };
}

function median(sorted: number[]): number {
	const m = sorted.length >> 1;
	return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

function numberSummary(values: number[]): NumberSummary | undefined {
	if (values.length === 0) return undefined;
	const sorted = [...values].sort((a, b) => a - b);
	const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
	return {
		n: sorted.length,
		mean: Math.round(mean * 100) / 100,
		median: median(sorted),
		min: sorted[0]!,
		max: sorted[sorted.length - 1]!
	};
}

/** Raw rows of one group (or everyone), indexed for building figures. */
interface GroupData {
	values: Map<number, Map<number, Map<number, number>>>; // question → item → value → n
	respondents: Map<number, number>;
	numbers: Map<number, number[]>;
	levels: Map<number, Partial<Record<LearningLevel, number>>>;
}

const emptyGroup = (): GroupData => ({
	values: new Map(),
	respondents: new Map(),
	numbers: new Map(),
	levels: new Map()
});

function indexRows(
	values: ValueCount[],
	respondents: { group: GroupKey; questionId: number; n: number }[],
	numbers: NumberAnswer[],
	levels: LevelCount[]
): Map<GroupKey, GroupData> {
	const groups = new Map<GroupKey, GroupData>();
	const get = (g: GroupKey) => {
		let d = groups.get(g);
		if (!d) groups.set(g, (d = emptyGroup()));
		return d;
	};
	for (const v of values) {
		const q = get(v.group).values;
		const items = q.get(v.questionId) ?? new Map<number, Map<number, number>>();
		q.set(v.questionId, items);
		const counts = items.get(v.item) ?? new Map<number, number>();
		items.set(v.item, counts);
		counts.set(v.value, (counts.get(v.value) ?? 0) + v.n);
	}
	for (const r of respondents) {
		const m = get(r.group).respondents;
		m.set(r.questionId, (m.get(r.questionId) ?? 0) + r.n);
	}
	for (const a of numbers) {
		const m = get(a.group).numbers;
		const list = m.get(a.questionId) ?? [];
		list.push(a.value);
		m.set(a.questionId, list);
	}
	for (const l of levels) {
		const m = get(l.group).levels;
		const c = m.get(l.questionId) ?? {};
		c[l.level] = (c[l.level] ?? 0) + l.n;
		m.set(l.questionId, c);
	}
	return groups;
}

/** Merges several groups' rows (for "other" and for units rolled up to workplaces). */
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
		for (const [q, list] of p.numbers) out.numbers.set(q, [...(out.numbers.get(q) ?? []), ...list]);
		for (const [q, c] of p.levels) {
			const oc = out.levels.get(q) ?? {};
			for (const [l, n] of Object.entries(c))
				oc[l as LearningLevel] = (oc[l as LearningLevel] ?? 0) + (n ?? 0);
			out.levels.set(q, oc);
		}
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
	switch (q.type) {
		case 'single':
			return { n, items: [distribution(text, scale, d.values.get(q.id)?.get(0) ?? new Map(), ctx.locale)] };
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
						ctx.locale
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
			return { n, numbers: numberSummary(d.numbers.get(q.id) ?? []) };
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
	} else
		for (const k of keys)
			labels.set(
				k,
				k === null
					? unknown
					: by === 'jobCategory'
						? t(`people.jobCategory.${k}`)
						: by === 'gender'
							? t(`people.gender.${k}`)
							: by === 'track'
								? t(k === '1' ? 'surveyResults.attended.yes' : 'surveyResults.attended.no')
								: k
			);
	return labels;
}

/** Unit id → its workplace (the nearest unit of kind workplace at or above; itself otherwise). */
async function workplaceOf(db: Db, programmeId: number): Promise<Map<string, string>> {
	const units = await listUnits(db, programmeId, { includeClosed: true });
	const byId = new Map(units.map((u) => [u.id, u]));
	const out = new Map<string, string>();
	for (const u of units) {
		let cur: (typeof units)[number] | undefined = u;
		let found = u.id;
		for (let depth = 0; cur && depth < 50; depth++) {
			if (cur.kind === 'workplace') {
				found = cur.id;
				break;
			}
			cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
		}
		out.set(String(u.id), String(found));
	}
	return out;
}

/** Groups of one breakdown (units rolled up to their workplace). */
async function breakdownGroups(
	db: Db,
	surveyId: number,
	programmeId: number,
	by: ResultDimension,
	topValues: Map<number, number>
): Promise<Map<GroupKey, GroupData>> {
	const [values, respondents, numbers, levels] = await Promise.all([
		valueCounts(db, surveyId, by),
		respondentCounts(db, surveyId, by),
		numberAnswers(db, surveyId, by),
		learningLevels(db, topValues, by)
	]);
	const raw = indexRows(values, respondents, numbers, levels);
	if (by !== 'unit') return raw;
	const roll = await workplaceOf(db, programmeId);
	const parts = new Map<GroupKey, GroupData[]>();
	for (const [k, d] of raw) {
		const w = k === null ? null : (roll.get(k) ?? k);
		parts.set(w, [...(parts.get(w) ?? []), d]);
	}
	return new Map([...parts].map(([k, list]) => [k, list.length === 1 ? list[0]! : mergeGroups(list)]));
}

function protectBreakdown(
	ctx: Ctx,
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
				label: translate(ctx.locale, 'surveyResults.group.other'),
				...figures(ctx, q, mergeGroups(p.hidden.map((h) => h.d)))
			}
		: null;
	return {
		groups: p.allHidden
			? []
			: p.shown.map((s) => ({ key: s.key || 'none', label: labels.get(s.group)!, ...figures(ctx, q, s.d) })),
		other: p.allHidden ? null : other,
		hidden: p.hidden.map((h) => ({ key: h.key || 'none', label: labels.get(h.group)!, reason: h.reason })),
		allHidden: p.allHidden
	};
}

/** Results of one survey for the actor, with an optional breakdown or comparison. */
export async function surveyResults(
	db: Db,
	actor: Actor,
	surveyId: number,
	query: ResultsQuery,
	locale: Locale
): Promise<SurveyResults> {
	const survey = await resultsSurvey(db, actor, surveyId);
	const dimensions = resultDimensions(actor, survey.programmeId);
	// Cohorts (attended vs not) is the "track" breakdown; the comparison names it.
	const by: ResultDimension | null = query.compare === 'cohorts' ? 'track' : (query.by ?? null);
	if (by && !dimensions.includes(by)) throw new AccessDeniedError();
	const k = minGroupSizeOf(survey.minGroupSize);
	const questions = await loadQuestions(db, surveyId);
	const ctx: Ctx = {
		db,
		locale,
		k,
		scales: await loadScales(db, [
			...new Set(questions.map((q) => q.scaleId).filter((x): x is number => x !== null))
		])
	};
	const topValues = new Map<number, number>();
	for (const q of questions) {
		const top =
			q.type === 'learning_situations' && q.scaleId ? topValue(ctx.scales.get(q.scaleId) ?? []) : undefined;
		if (top !== undefined) topValues.set(q.id, top);
	}
	// With a breakdown, the overall figures are the sum of the groups (each response is in
	// exactly one group), so the answers are aggregated once, not twice.
	const groups = by ? await breakdownGroups(db, surveyId, survey.programmeId, by, topValues) : null;
	const [overallRows, texts, invitations, responses] = await Promise.all([
		groups
			? null
			: Promise.all([
					valueCounts(db, surveyId),
					respondentCounts(db, surveyId),
					numberAnswers(db, surveyId),
					learningLevels(db, topValues)
				]),
		textAnswers(db, surveyId),
		invitationCounts(db, surveyId),
		responseCounts(db, surveyId)
	]);
	const overall = groups
		? mergeGroups([...groups.values()])
		: (indexRows(...overallRows!).get(null) ?? emptyGroup());
	const textsBy = new Map<number, string[]>();
	for (const t of texts) textsBy.set(t.questionId, [...(textsBy.get(t.questionId) ?? []), t.text]);

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
			...(suppressed ? { n: f.n } : f)
		};
		if (q.type === 'text') {
			const answers = textsBy.get(q.id) ?? [];
			const shown = isShowable(answers.length, k);
			r.n = answers.length;
			r.suppressed = !shown;
			r.texts = { n: answers.length, shown, answers: shown ? answers : [] };
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
			r.breakdown = protectBreakdown(ctx, q, groups, labels);
		}
		const perGroup = await responseCounts(db, surveyId, by);
		const roll = by === 'unit' ? await workplaceOf(db, survey.programmeId) : null;
		const sizes = new Map<GroupKey, number>();
		for (const g of perGroup) {
			const key = g.group === null || !roll ? g.group : (roll.get(g.group) ?? g.group);
			sizes.set(key, (sizes.get(key) ?? 0) + g.n);
		}
		const p = protectGroups(
			[...sizes].map(([group, n]) => ({ key: group ?? 'none', group, n })),
			k
		);
		groupSizes = {
			groups: p.allHidden
				? []
				: p.shown.map((s) => ({ key: s.key, label: labels.get(s.group) ?? s.key, n: s.n })),
			other:
				p.otherShown && !p.allHidden
					? { key: 'other', label: translate(locale, 'surveyResults.group.other'), n: p.otherN }
					: null,
			hidden: p.hidden.map((h) => ({ key: h.key, label: labels.get(h.group) ?? h.key, reason: h.reason })),
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
			const prevTop = new Map<number, number>();
			for (const q of prevQuestions) {
				const top =
					q.type === 'learning_situations' && q.scaleId
						? topValue(ctx.scales.get(q.scaleId) ?? [])
						: undefined;
				if (top !== undefined) prevTop.set(q.id, top);
			}
			const [pv, pr, pn, pl] = await Promise.all([
				valueCounts(db, prev.id),
				respondentCounts(db, prev.id),
				numberAnswers(db, prev.id),
				learningLevels(db, prevTop)
			]);
			const prevData = indexRows(pv, pr, pn, pl).get(null) ?? emptyGroup();
			for (const r of results) {
				if (r.bankQuestionId === null || r.type === 'text') continue;
				const pq = prevQuestions.find((x) => x.bankQuestionId === r.bankQuestionId && x.type === r.type);
				const f = pq ? figures(ctx, pq, prevData) : null;
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
		responseRate: invitations.invited > 0 ? percentOf(completed, invitations.invited) : null,
		respondents: responses[0]?.n ?? 0,
		by,
		compare: query.compare ?? null,
		dimensions,
		baseline,
		questions: results,
		groupSizes
	};
}
