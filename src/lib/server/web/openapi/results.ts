import { z } from 'zod';
import type { OpenApiFragment } from '../openapi.ts';
import { ok, op, queryParams } from './common.ts';
import { resultsQuerySchema } from '../../surveys/results.schema.ts';

/** `GET /surveys/{id}/results` for the OpenAPI document. */
const option = z.object({
	value: z.number(),
	label: z.string(),
	dontKnow: z.boolean(),
	count: z.number().int(),
	percent: z.number().nullable().describe('One decimal; null for "don\'t know" (not in the base)')
});
const distribution = z.object({
	label: z.string(),
	n: z.number().int(),
	base: z.number().int().describe('n without "don\'t know": the percentage base'),
	dontKnow: z.number().int(),
	options: z.array(option),
	small: z.boolean().describe('Fewer than 20 in the base: percentages are fragile')
});
const figures = {
	n: z.number().int(),
	items: z.array(distribution).optional(),
	choices: z
		.array(z.object({ value: z.number(), label: z.string(), count: z.number().int(), percent: z.number() }))
		.optional()
		.describe('Multiple choice: percent of respondents'),
	numbers: z
		.object({ n: z.number(), mean: z.number(), median: z.number(), min: z.number(), max: z.number() })
		.optional(),
	index: z
		.object({
			n: z.number().int(),
			levels: z.array(
				z.object({ level: z.enum(['low', 'medium', 'high']), count: z.number().int(), percent: z.number() })
			)
		})
		.optional()
		.describe('Experienced-learning index (learning situations)')
};
const group = z.object({ key: z.string(), label: z.string(), ...figures });
const breakdown = z.object({
	groups: z.array(group),
	other: group.nullable().describe('Hidden groups merged; present only when together ≥ k'),
	hidden: z.array(z.object({ key: z.string(), label: z.string(), reason: z.enum(['small', 'subtraction']) })),
	allHidden: z.boolean()
});
export const surveyResultsOutputSchema = z.object({
	survey: z.object({
		id: z.number().int(),
		programmeId: z.number().int(),
		title: z.string(),
		kind: z.string(),
		anonymous: z.boolean(),
		status: z.string()
	}),
	minGroupSize: z.number().int(),
	invited: z.number().int(),
	completed: z.number().int(),
	responseRate: z.number().nullable().describe('completed / invited in percent, one decimal'),
	respondents: z.number().int(),
	by: z.string().nullable(),
	compare: z.string().nullable(),
	dimensions: z.array(z.string()),
	baseline: z.object({ id: z.number().int(), title: z.string() }).nullable(),
	questions: z.array(
		z.object({
			id: z.number().int(),
			type: z.string(),
			text: z.string(),
			section: z.string().nullable(),
			bankQuestionId: z.number().int().nullable(),
			suppressed: z.boolean().describe('Fewer than k respondents: only n is given'),
			...figures,
			texts: z.object({ n: z.number().int(), shown: z.boolean(), answers: z.array(z.string()) }).optional(),
			breakdown: breakdown.optional(),
			comparison: z
				.object({
					baselineSurveyId: z.number().int(),
					baselineTitle: z.string(),
					baseline: z.object({ suppressed: z.boolean(), ...figures }).nullable()
				})
				.optional()
		})
	),
	groupSizes: breakdown.optional()
});

export const resultsOpenApi: OpenApiFragment = {
	schemas: { SurveyResults: surveyResultsOutputSchema },
	paths: {
		'/surveys/{id}/results': {
			get: op('Surveys', {
				summary: 'Survey results with small-group protection (office, steering group, evaluators)',
				description:
					"Per question: counts and percentages (one decimal; \"don't know\" counted but outside the base), n, and for the survey the response rate computed from invitations. `by` breaks down by workplace (teams roll up), job category, track attendance, gender (programme office only, 404 otherwise) or tenure band. `compare=waves` adds the previous wave's figures for questions from the same bank question; `compare=cohorts` breaks down by attended vs not. No group, comparison or free-text list of fewer than k respondents (the programme's minimum group size) is given; when one group is hidden, more are hidden until the hidden ones together reach k (so no group can be derived by subtraction), and they may be given merged as `other`.",
				parameters: [
					{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
					...queryParams(resultsQuerySchema)
				],
				responses: ok('The results', 'SurveyResults'),
				errors: [400, 401, 404]
			})
		}
	}
};
