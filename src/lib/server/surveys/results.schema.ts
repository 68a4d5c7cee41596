import { z } from 'zod';
import { RESULTS_BASES } from '../db/schema.ts';
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
export type ResultsQuery = z.infer<typeof resultsQuerySchema>;

/** Export query: `format` and, for the results file, the breakdown to include. */
export const exportQuerySchema = z.object({
	format: z.enum(['csv', 'xlsx']),
	by: z.enum(RESULT_DIMENSIONS).optional(),
	base: z.enum(RESULTS_BASES).optional()
});

/** The remembered base (form action / API). */
export const resultsBaseSchema = z.object({ base: z.enum(RESULTS_BASES) });
