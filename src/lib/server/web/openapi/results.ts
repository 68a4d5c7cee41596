import { z } from 'zod';
import type { OpenApiFragment } from '../openapi.ts';
import { ok, op, queryParams } from './common.ts';
import { resultsQuerySchema } from '../../surveys/results.schema.ts';
import { RESULTS_BASES } from '../../db/schema.ts';

/** `GET /surveys/{id}/results` for the OpenAPI document. */
const option = z.object({
	value: z.number(),
	label: z.string(),
	dontKnow: z.boolean(),
	count: z.number().int(),
	percent: z
		.number()
		.nullable()
		.describe('One decimal, in the base `basis` names; null for "don\'t know" when the base is `opinion`'),
	percentOfAll: z.number().describe('Share of everyone who answered, "don\'t know" included (one decimal)'),
	percentOfOpinion: z.number().nullable().describe('Share of those with an opinion; null for "don\'t know"')
});
const distribution = z.object({
	label: z.string(),
	n: z.number().int(),
	base: z.number().int().describe('n without "don\'t know": those with an opinion'),
	dontKnow: z.number().int(),
	basis: z
		.enum(RESULTS_BASES)
		.describe('The base of `percent`: `all` who answered or those with an `opinion`'),
	baseN: z.number().int().describe('Size of that base (n or base)'),
	options: z.array(option),
	small: z.boolean().describe('Fewer than 20 in the chosen base: percentages are fragile')
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
	other: group
		.nullable()
		.describe(
			'Hidden groups merged as "other units (n < k)"; present only when together ≥ k. Hidden groups are never named.'
		),
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
	responseRate: z
		.number()
		.min(0)
		.max(1)
		.nullable()
		.describe(
			'completed / invited as a fraction 0..1 (four decimals; 0.714 = 71.4 %), the same representation as `rate` in /surveys/{id}/distribution/rate; null without invitations'
		),
	respondents: z.number().int(),
	base: z
		.enum(RESULTS_BASES)
		.describe("The percentage base used: the `base` parameter, else the survey's remembered one"),
	storedBase: z.enum(RESULTS_BASES).describe('The base remembered on the survey'),
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
					"Per question: counts and percentages (one decimal) in both bases — of everyone who answered (`base=all`, the default: \"don't know\" is its own share, as evaluators print it) and of those with an opinion (`base=opinion`) — n, and for the survey the response rate (a fraction 0..1) computed from invitations. Without `base`, the base remembered on the survey is used. Figures are read from counts maintained at submission, never from the raw answers. `by` breaks down by workplace (teams roll up), workplace type (`unitType`, the nearest type set on the unit or above), job category, track attendance, gender (programme office only, 404 otherwise) or tenure band. `compare=waves` adds the previous wave's figures for questions from the same bank question; `compare=cohorts` breaks down by attended vs not. No group, comparison or free-text list of fewer than k respondents (the programme's minimum group size) is given; when one group is hidden, more are hidden until the hidden ones together reach k (so no group can be derived by subtraction), and they may be given merged as `other`.",
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
