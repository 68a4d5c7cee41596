import { z } from 'zod';
import { RESULT_DIMENSIONS } from './results.repository.ts';

/** Comparisons: waves (this survey against its baseline) or cohorts (attended vs not). */
export const RESULT_COMPARISONS = ['waves', 'cohorts'] as const;
export type ResultComparison = (typeof RESULT_COMPARISONS)[number];

/** Query of the results page and `GET /api/v1/surveys/{id}/results`. */
export const resultsQuerySchema = z.object({
	by: z.enum(RESULT_DIMENSIONS).optional(),
	compare: z.enum(RESULT_COMPARISONS).optional()
});
export type ResultsQuery = z.infer<typeof resultsQuerySchema>;

/** Export query: `format` and, for the results file, the breakdown to include. */
export const exportQuerySchema = z.object({
	format: z.enum(['csv', 'xlsx']),
	by: z.enum(RESULT_DIMENSIONS).optional()
});
