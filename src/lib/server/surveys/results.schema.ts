import { z } from 'zod';
import { RESULTS_BASES, type ResultsBase } from '../db/schema.ts';
import { RESULT_DIMENSIONS } from './results.repository.ts';

/** Comparisons: waves (this survey against its baseline) or cohorts (attended vs not). */
export const RESULT_COMPARISONS = ['waves', 'cohorts'] as const;
export type ResultComparison = (typeof RESULT_COMPARISONS)[number];

/** Query of the results page and `GET /api/v1/surveys/{id}/results`. */
export const resultsQuerySchema = z.object({
	by: z.enum(RESULT_DIMENSIONS).optional(),
	compare: z.enum(RESULT_COMPARISONS).optional(),
	/** Percentage base; absent = the one remembered on the survey. */
	base: z.enum(RESULTS_BASES).optional()
});
export type ResultsQuery = z.infer<typeof resultsQuerySchema> & {
	/** Per chart: the base of one question's figures (`?base.<questionId>=`), over `base`. */
	bases?: Record<number, ResultsBase>;
};

/** Per-chart bases from a page's query: `base.<questionId>=all|opinion`; invalid → error. */
export const chartBasesSchema = z.record(z.string().regex(/^base\.[1-9][0-9]{0,9}$/), z.enum(RESULTS_BASES));

/** The per-chart bases of a query string as `{ questionId: base }` (null when invalid). */
export function chartBases(params: URLSearchParams): Record<number, ResultsBase> | null {
	const raw = Object.fromEntries([...params].filter(([k, v]) => k.startsWith('base.') && v.trim() !== ''));
	const parsed = chartBasesSchema.safeParse(raw);
	if (!parsed.success) return null;
	return Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [Number(k.slice(5)), v]));
}

/** Export query: `format` and, for the results file, the breakdown to include. */
export const exportQuerySchema = z.object({
	format: z.enum(['csv', 'xlsx']),
	by: z.enum(RESULT_DIMENSIONS).optional(),
	base: z.enum(RESULTS_BASES).optional()
});

/** The remembered base (form action / API). */
export const resultsBaseSchema = z.object({ base: z.enum(RESULTS_BASES) });
