import { z } from 'zod';
import { RESULT_DIMENSIONS } from './results.repository.ts';

/** The breakdowns a results export may include (those of the results page). */
export const EXPORT_DIMENSIONS = RESULT_DIMENSIONS;

/** The export formats. */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

/**
 * Query of `GET /api/v1/surveys/{id}/export`: `kind=summary` (the results: counts and
 * percentages, optionally broken down `by`) or `kind=raw` (the de-identified answers).
 */
export const surveyExportQuerySchema = z
	.object({
		format: z.enum(EXPORT_FORMATS).default('csv'),
		kind: z.enum(['summary', 'raw']).default('summary'),
		by: z.enum(EXPORT_DIMENSIONS).optional()
	})
	.strict();
export type SurveyExportQuery = z.output<typeof surveyExportQuerySchema>;
