import { z } from 'zod';
import type { OpenApiFragment } from '../openapi.ts';
import { idParam, ok, op, queryParam } from './common.ts';

const money = z.number().int().describe("Minor units (öre, øre, cent) of the programme's currency");

const budgetSchema = z.object({
	currency: z.enum(['SEK', 'DKK', 'NOK', 'EUR']),
	year: z.number().int().nullable(),
	funding: z.object({ funder: money, own: money, total: money }),
	planned: money,
	actual: money,
	remaining: money,
	coFinancing: z.object({ amount: money, costedHours: z.number(), uncostedHours: z.number() }),
	lines: z.array(
		z.object({
			id: z.number().int(),
			year: z.number().int(),
			kind: z.enum(['workplaces', 'central', 'other']),
			name: z.string(),
			planned: money,
			perWorkplace: money.nullable(),
			actual: money,
			remaining: money
		})
	),
	workplaces: z
		.array(
			z.object({
				unitId: z.number().int(),
				name: z.string(),
				allocation: money,
				spent: money,
				remaining: money,
				coFinancing: money
			})
		)
		.nullable()
		.describe('Programme office only; null for the steering group')
});

const expenseInput = z.object({
	category: z.enum(['trainer_fee', 'venue', 'travel', 'materials', 'other']),
	amount: z.union([z.number(), z.string()]).describe('Major units, at most two decimals; not negative'),
	spentOn: z.string().describe('YYYY-MM-DD'),
	supplier: z.string().optional(),
	description: z.string().optional(),
	budgetLineId: z.number().int().optional(),
	activityId: z.number().int().optional(),
	sessionId: z.number().int().optional(),
	unitId: z.number().int().optional()
});

const figureTable = z.object({
	id: z.string(),
	title: z.string(),
	columns: z.array(
		z.object({ label: z.string(), kind: z.enum(['text', 'int', 'decimal', 'money', 'percent']) })
	),
	rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
	total: z.array(z.union([z.string(), z.number(), z.null()])).optional(),
	note: z.string().optional()
});

const figures = z.object({
	reportId: z.number().int(),
	title: z.string(),
	programme: z.string(),
	period: z.object({ from: z.string(), to: z.string() }),
	locale: z.string(),
	currency: z.string(),
	computedAt: z.string(),
	headline: z.array(z.object({ label: z.string(), value: z.number(), kind: z.string() })),
	tables: z.array(figureTable),
	texts: z.object({ summary: z.string(), lessons: z.string() })
});

const keyRef = z.object({
	questionId: z
		.number()
		.int()
		.describe("A scale question (single choice or matrix) of one of the report's surveys"),
	item: z.number().int().min(0).describe('For a matrix, the statement (0 first); 0 for single choice')
});

const keyResults = z.object({
	questions: z.array(keyRef).describe("The chosen key questions in the report's order; empty: the default"),
	surveys: z.array(
		z.object({
			surveyId: z.number().int(),
			title: z.string(),
			questions: z.array(
				keyRef.extend({ question: z.string(), statement: z.string().nullable(), text: z.string() })
			)
		})
	),
	canManage: z.boolean()
});

const keyResultsInput = z.object({
	questions: z.array(keyRef.partial({ item: true })).max(60)
});

/** Budget and the funder report for the OpenAPI document. */
export const funderOpenApi: OpenApiFragment = {
	schemas: {
		Budget: budgetSchema,
		ExpenseInput: expenseInput,
		FunderReportFigures: figures,
		FunderReportKeyResults: keyResults,
		FunderReportKeyResultsInput: keyResultsInput
	},
	paths: {
		'/budget': {
			get: op('Budget', {
				summary: 'Budget against actual per line, funding, co-financing (office; steering: totals)',
				parameters: [
					queryParam('programmeId', 'The programme (default: your own)', { type: 'integer' }),
					queryParam('year', 'One calendar year (default: every year)', { type: 'integer' })
				],
				responses: ok('The budget', 'Budget'),
				errors: [400, 401, 404]
			})
		},
		'/budget/expenses': {
			get: op('Budget', {
				summary: 'Expenses, newest first, 50 a page (office)',
				parameters: [
					queryParam('programmeId', 'The programme', { type: 'integer' }),
					queryParam('year', 'One calendar year', { type: 'integer' }),
					queryParam('page', 'Page number', { type: 'integer' })
				],
				responses: ok('A page of expenses'),
				errors: [401, 404]
			}),
			post: op('Budget', {
				summary: 'Record an expense (office)',
				description:
					'Whatever the expense is linked to (line, activity, session, workplace) must belong to the programme, else 422 with a field message and nothing is stored.',
				parameters: [queryParam('programmeId', 'The programme', { type: 'integer' })],
				body: 'ExpenseInput',
				responses: ok('Created', undefined, '201'),
				errors: [401, 404, 422]
			})
		},
		'/funder-reports/{id}': {
			get: op('Reports', {
				summary: "The funder report's figures (office, steering); `version` for a frozen version",
				parameters: [
					idParam('The report'),
					queryParam('version', 'A frozen version id', { type: 'integer' })
				],
				responses: ok('The figures', 'FunderReportFigures'),
				errors: [401, 404]
			})
		},
		'/funder-reports/{id}/key-results': {
			get: op('Reports', {
				summary: "The report's key survey questions and the scale questions of its period's surveys",
				parameters: [idParam('The report')],
				responses: ok('The choice and the candidates', 'FunderReportKeyResults'),
				errors: [401, 404]
			}),
			put: op('Reports', {
				summary: "Choose the report's key survey questions, in order (office)",
				description:
					"Replaces the choice; an empty list goes back to the default (the first scale questions of each survey). A question that is not a scale question (or a matrix statement) of a survey of the report's period answers 422 with `error.fields` keyed `questions.<index>`, and nothing is stored. Frozen versions keep their figures. Audited.",
				parameters: [idParam('The report')],
				body: 'FunderReportKeyResultsInput',
				responses: ok('The choice after the change', 'FunderReportKeyResults'),
				errors: [400, 401, 404, 422]
			})
		}
	}
};
