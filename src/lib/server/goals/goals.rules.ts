import type { GoalVerdict, IndicatorKind } from '../db/schema.ts';

/**
 * How a measurable goal's status follows from its figures (pure, no I/O).
 *
 * progress = actual / target (1 = target reached). A cumulative indicator (count, all planned)
 * is expected to grow over the programme period, so it is compared with the share of the period
 * elapsed: pace = progress / elapsed. A share of respondents or a coverage is a level, expected
 * in full at any time: pace = progress.
 *
 * - achieved: progress ≥ 1;
 * - good progress: pace ≥ goodProgress (office setting, default 90 %);
 * - on the way: pace ≥ onTheWay (default 50 %);
 * - not achieved: otherwise. After the period every indicator is expected in full (elapsed = 1).
 */

export interface Thresholds {
	/** Fractions 0..1 of the expected progress. */
	goodProgress: number;
	onTheWay: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { goodProgress: 0.9, onTheWay: 0.5 };

/** Share of the period [startsOn, endsOn] (inclusive days) elapsed at `asOf`, 0..1. */
export function elapsedShare(startsOn: string, endsOn: string, asOf: Date): number {
	const start = Date.parse(startsOn + 'T00:00:00Z');
	const end = Date.parse(endsOn + 'T00:00:00Z') + 86_400_000;
	if (!(end > start)) return 1;
	return Math.min(1, Math.max(0, (asOf.getTime() - start) / (end - start)));
}

export function isCumulative(kind: IndicatorKind): boolean {
	return kind === 'count' || kind === 'allPlanned';
}

export function deriveStatus(
	kind: IndicatorKind,
	actual: number,
	target: number,
	elapsed: number,
	thresholds: Thresholds
): GoalVerdict {
	const progress = target <= 0 ? 1 : actual / target;
	if (progress >= 1) return 'achieved';
	const expected = isCumulative(kind) ? Math.max(elapsed, 0.01) : 1;
	const pace = progress / expected;
	if (pace >= thresholds.goodProgress) return 'good';
	if (pace >= thresholds.onTheWay) return 'onTheWay';
	return 'notAchieved';
}

/** Ranks verdicts so a trend can say better / worse (achieved best). */
export function verdictRank(v: GoalVerdict | null): number {
	return v === null ? -1 : { notAchieved: 0, onTheWay: 1, good: 2, achieved: 3 }[v];
}
