import { z } from 'zod';
import { fields } from '../core/validation.ts';
import {
	ACTIVITY_TYPES,
	DECISION_STATUSES,
	GOAL_KINDS,
	GOAL_VERDICTS,
	INDICATOR_KINDS
} from '../db/schema.ts';

/**
 * Input of the goals domain. A goal form is flat (works without JavaScript): the indicator's
 * settings are fields named by kind, checked here and stored as JSON (`indicatorJson`):
 *
 * - share: `{ questionId }` or `{ bankQuestionId }` (every course evaluation's copy), `values`
 *   (the chosen options), `item` (matrix statement); target in percent 0–100.
 * - count: `{ source, trackId?, activityType?, from?, to? }`; target ≥ 0.
 * - coverage: `{ rule, unitId? }` (everyone in the programme, or a unit and those below,
 *   managers included); target in percent.
 * - allPlanned: `{ activityIds }` — every planned activity held; no target (all of them).
 * - manual / none: no settings (manual: the office's assessment, see `manualSchema`).
 */

/** Built-in count sources; other domains add theirs with `registerGoalCountSource`. */
export const BUILT_IN_COUNT_SOURCES = [
	'participants',
	'hours',
	'sessions',
	'courseDays',
	'activities',
	'outsideParticipants'
] as const;
export const COVERAGE_RULES = ['offered', 'registered', 'attended', 'process', 'planLinked'] as const;
export type CoverageRule = (typeof COVERAGE_RULES)[number];

const optionalId = fields.id().optional();
const idList = z
	.preprocess(
		(v) =>
			v === undefined
				? []
				: Array.isArray(v)
					? v
					: String(v)
							.split(/[\s,]+/)
							.filter(Boolean),
		z.array(fields.id())
	)
	.default([]);
const valueList = z
	.preprocess(
		(v) =>
			v === undefined
				? []
				: Array.isArray(v)
					? v
					: String(v)
							.split(/[\s,]+/)
							.filter(Boolean),
		z.array(z.coerce.number({ error: 'error.number' }).int())
	)
	.default([]);

export const goalInputSchema = z
	.object({
		kind: z.enum(GOAL_KINDS),
		text_en: fields.optionalText(1000),
		text_sv: fields.optionalText(1000),
		text_da: fields.optionalText(1000),
		text_nb: fields.optionalText(1000),
		examinedBy: fields.optionalText(300),
		sortOrder: z.coerce.number({ error: 'error.number' }).int().min(0).max(10_000).optional(),
		indicatorKind: z.enum(INDICATOR_KINDS).default('none'),
		target: z.coerce
			.number({ error: 'error.number' })
			.min(0, { message: 'goals.error.targetNegative' })
			.optional(),
		// share
		questionId: optionalId,
		bankQuestionId: optionalId,
		values: valueList,
		item: z.coerce.number({ error: 'error.number' }).int().min(0).max(100).optional(),
		// count
		countSource: fields.optionalText(60),
		trackId: optionalId,
		activityType: z.enum(ACTIVITY_TYPES).optional(),
		from: fields.date().optional(),
		to: fields.date().optional(),
		// coverage
		coverageRule: z.enum(COVERAGE_RULES).optional(),
		unitId: optionalId,
		// all planned
		activityIds: idList
	})
	.superRefine((v, ctx) => {
		const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
		if (![v.text_en, v.text_sv, v.text_da, v.text_nb].some((t) => t)) issue('text_sv', 'goals.error.text');
		if (v.kind !== 'measurable' && v.indicatorKind !== 'none')
			issue('indicatorKind', 'goals.error.indicatorOnlyMeasurable');
		const percent = v.indicatorKind === 'share' || v.indicatorKind === 'coverage';
		if (percent && v.target !== undefined && v.target > 100) issue('target', 'goals.error.shareAbove100');
		if ((percent || v.indicatorKind === 'count') && v.target === undefined)
			issue('target', 'goals.error.targetRequired');
		if (v.indicatorKind === 'share') {
			if (v.questionId === undefined && v.bankQuestionId === undefined)
				issue('questionId', 'goals.error.question');
			if (v.values.length === 0) issue('values', 'goals.error.values');
		}
		if (v.indicatorKind === 'count' && !v.countSource) issue('countSource', 'error.required');
		if (v.indicatorKind === 'coverage' && !v.coverageRule) issue('coverageRule', 'error.required');
		if (v.indicatorKind === 'allPlanned' && v.activityIds.length === 0)
			issue('activityIds', 'error.required');
		if (v.from && v.to && v.to < v.from) issue('to', 'goals.error.toBeforeFrom');
	});
export type GoalInput = z.output<typeof goalInputSchema>;

/** A status override: a verdict with a reason, or `clear` (back to the computed status). */
export const overrideSchema = z
	.object({
		status: z.enum([...GOAL_VERDICTS, 'clear']),
		reason: fields.optionalText(1000)
	})
	.superRefine((v, ctx) => {
		if (v.status !== 'clear' && !v.reason)
			ctx.addIssue({ code: 'custom', path: ['reason'], message: 'goals.error.reason' });
	});

/** The office's assessment of a manual goal. */
export const manualSchema = z.object({
	status: z.enum(GOAL_VERDICTS),
	comment: fields.optionalText(2000)
});

/** Status thresholds in percent of the expected progress. */
export const thresholdsSchema = z
	.object({
		goodProgress: z.coerce
			.number({ error: 'error.number' })
			.min(0)
			.max(100, { message: 'goals.error.shareAbove100' }),
		onTheWay: z.coerce
			.number({ error: 'error.number' })
			.min(0)
			.max(100, { message: 'goals.error.shareAbove100' })
	})
	.refine((v) => v.onTheWay <= v.goodProgress, { path: ['onTheWay'], message: 'goals.error.thresholdOrder' });

export const snapshotSchema = z.object({ label: fields.text(120) });

export const meetingSchema = z.object({
	heldOn: fields.date(),
	title: fields.text(200),
	notes: fields.optionalText(10_000)
});

export const decisionSchema = z.object({
	text: fields.text(2000),
	responsibleId: optionalId,
	followUpOn: fields.date().optional(),
	status: z.enum(DECISION_STATUSES).default('open')
});

export const decisionStatusSchema = z.object({ status: z.enum(DECISION_STATUSES) });

/** `GET /api/v1/goals` query. */
export const goalsQuerySchema = z
	.object({ programmeId: fields.id().optional(), snapshotId: fields.id().optional() })
	.strict();

/** `GET /api/v1/decisions` query. */
export const decisionsQuerySchema = z
	.object({
		programmeId: fields.id().optional(),
		page: z.coerce.number().int().min(1).max(1_000_000).optional()
	})
	.strict();

const verdict = z.enum(GOAL_VERDICTS).nullable();

/** What `GET /api/v1/goals` returns (the goal table, `goalTable` in goals.service.ts). */
export const goalTableOutputSchema = z.object({
	programmeId: z.number().int(),
	asOf: z.string().describe('The instant the figures are for (UTC)'),
	snapshot: z.object({ id: z.number().int(), label: z.string(), takenAt: z.string() }).nullable(),
	groups: z.array(
		z.object({
			kind: z.enum(GOAL_KINDS),
			goals: z.array(
				z.object({
					id: z.number().int(),
					kind: z.enum(GOAL_KINDS),
					text: z.string(),
					texts: z.record(z.string(), z.string()),
					examinedBy: z.string().nullable(),
					indicatorKind: z.enum(INDICATOR_KINDS),
					target: z.number().nullable().describe('Shares as fractions 0..1'),
					actual: z.number().nullable(),
					unit: z.enum(['share', 'count', 'hours', 'days', 'people']).nullable(),
					progress: z.number().nullable(),
					status: verdict,
					computedStatus: verdict,
					statusSource: z.enum(['computed', 'override', 'manual']),
					overrideReason: z.string().nullable(),
					evidence: z.looseObject({ kind: z.string() }).describe('Structured evidence by indicator kind'),
					evidenceText: z.string().describe("The evidence in the reader's language"),
					protectedReason: z.string().optional()
				})
			)
		})
	)
});

const decisionOutput = z.object({
	id: z.number().int(),
	meetingId: z.number().int(),
	text: z.string(),
	responsibleId: z.number().int().nullable(),
	responsibleName: z.string().nullable(),
	followUpOn: z.string().nullable(),
	status: z.enum(DECISION_STATUSES),
	nudgedAt: z.string().nullable(),
	overdue: z.boolean()
});

/** What `GET /api/v1/decisions` returns: a page of meetings with their decisions. */
export const decisionsOutputSchema = z.object({
	page: z.number().int(),
	pageSize: z.number().int(),
	total: z.number().int(),
	data: z.array(
		z.object({
			id: z.number().int(),
			heldOn: z.string(),
			title: z.string(),
			notes: z.string().nullable(),
			decisions: z.array(decisionOutput)
		})
	)
});
