/**
 * The experienced-learning index ("Læring på jobbet", SPEC §2): per respondent, the number of
 * the eight learning situations answered at the TOP degree of the scale; fewer than 3 = low,
 * 3–5 = medium, more than 5 = high. Pure functions; the counting itself runs in SQL
 * (results.repository.ts) so a million answers never travel to the app.
 */

export const LEARNING_LEVELS = ['low', 'medium', 'high'] as const;
export type LearningLevel = (typeof LEARNING_LEVELS)[number];

/** The level of one respondent who answered `topCount` situations at the top degree. */
export function learningLevel(topCount: number): LearningLevel {
	if (topCount < 3) return 'low';
	if (topCount <= 5) return 'medium';
	return 'high';
}

export interface LevelShare {
	level: LearningLevel;
	count: number;
	/** Share of respondents, one decimal (21.4 for 21.4 %). */
	percent: number;
}

export interface IndexDistribution {
	n: number;
	levels: LevelShare[];
}

/** One decimal percentage of `count` in `base` (0 when the base is empty). */
export function percentOf(count: number, base: number): number {
	return base > 0 ? Math.round((count * 1000) / base) / 10 : 0;
}

/** Distribution over the levels from counts per level. */
export function indexDistribution(counts: Partial<Record<LearningLevel, number>>): IndexDistribution {
	const n = LEARNING_LEVELS.reduce((s, l) => s + (counts[l] ?? 0), 0);
	return {
		n,
		levels: LEARNING_LEVELS.map((level) => ({
			level,
			count: counts[level] ?? 0,
			percent: percentOf(counts[level] ?? 0, n)
		}))
	};
}

/** Distribution from each respondent's top-degree count (convenience for tests and small sets). */
export function indexFromTopCounts(topCounts: readonly number[]): IndexDistribution {
	const counts: Partial<Record<LearningLevel, number>> = {};
	for (const c of topCounts) counts[learningLevel(c)] = (counts[learningLevel(c)] ?? 0) + 1;
	return indexDistribution(counts);
}
