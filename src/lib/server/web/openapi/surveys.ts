import { z } from 'zod';
import { QUESTION_TYPES, SURVEY_KINDS, SURVEY_STATUSES } from '../../db/schema.ts';
import type { OpenApiFragment } from '../openapi.ts';
import { arrayOf, created, idParam, noContent, ok, operations, queryParam, ref } from './common.ts';
import {
	fromBankSchema,
	questionSchema,
	scaleSchema,
	surveyCreateSchema,
	surveyUpdateSchema
} from '../../surveys/surveys.schema.ts';
import { EXPORT_DIMENSIONS } from '../../surveys/survey-export.schema.ts';

/** The survey builder's part of the OpenAPI document: surveys, questions, scales, bank. */

/** A text in the programme's languages: en and sv always present (empty when not written), da and nb only when written. */
const text = z
	.object({
		en: z.string().describe('English; empty when not written'),
		sv: z.string().describe('Swedish; empty when not written'),
		da: z.string().optional().describe('Danish, optional'),
		nb: z.string().optional().describe('Norwegian (bokmål), optional')
	})
	.describe(
		'Every language is optional when writing; at least one must be given. Readers get the nearest language written.'
	);
const choice = z.object({ value: z.number().int(), labels: text });
const scale = z.object({
	id: z.number().int(),
	programmeId: z.number().int().nullable().describe('Null for the built-in scales'),
	code: z.string(),
	name: text,
	options: z
		.array(choice.extend({ dontKnow: z.literal(true).optional() }))
		.describe('Ordered from the top degree; "don\'t know" has value 0')
});
const question = z.object({
	id: z.number().int(),
	surveyId: z.number().int(),
	sectionId: z.number().int().nullable(),
	bankQuestionId: z.number().int().nullable(),
	type: z.enum(QUESTION_TYPES),
	text,
	scaleId: z.number().int().nullable(),
	scale: scale.nullable(),
	options: z
		.array(choice)
		.describe('Multi: choices (values 1..n). Matrix, learning situations: statements (value = item)'),
	maxPicks: z.number().int().nullable(),
	min: z.number().nullable(),
	max: z.number().nullable(),
	required: z.boolean(),
	condition: z.object({ questionId: z.number().int(), values: z.array(z.number().int()) }).nullable(),
	sortOrder: z.number().int(),
	position: z.number().int()
});
const survey = z.object({
	id: z.number().int(),
	programmeId: z.number().int(),
	kind: z.enum(SURVEY_KINDS),
	title: text,
	intro: text.nullable(),
	anonymous: z.boolean(),
	status: z.enum(SURVEY_STATUSES),
	opensAt: z.string().nullable(),
	closesAt: z.string().nullable(),
	previousWaveId: z.number().int().nullable(),
	sections: z.array(z.object({ id: z.number().int(), title: text, sortOrder: z.number().int() })),
	questions: z.array(question),
	responseCount: z.number().int(),
	locked: z.boolean().describe('True once answered: only wording may change')
});
const surveyListItem = survey
	.pick({
		id: true,
		kind: true,
		title: true,
		status: true,
		anonymous: true,
		opensAt: true,
		closesAt: true,
		previousWaveId: true
	})
	.extend({ createdAt: z.string(), questionCount: z.number().int(), responseCount: z.number().int() });
const bankQuestion = z.object({
	id: z.number().int(),
	programmeId: z.number().int().nullable(),
	type: z.enum(QUESTION_TYPES),
	text,
	scale: scale.nullable(),
	options: z.array(choice),
	maxPicks: z.number().int().nullable(),
	usedBy: z.number().int()
});

const programmeQuery = queryParam('programmeId', 'Programme (defaults to your own)', {
	type: 'integer',
	minimum: 1
});

const op = operations('Surveys');
const surveyParam = idParam('Survey id');
const questionParam = idParam('Question id', 'questionId');

export const surveysOpenApi: OpenApiFragment = {
	schemas: {
		Survey: survey,
		SurveyListItem: surveyListItem,
		Question: question,
		Scale: scale,
		BankQuestion: bankQuestion
	},
	// Request bodies as clients send them: every language of a text optional (at least one).
	inputs: {
		SurveyCreate: surveyCreateSchema.extend({
			followUpOf: z.number().int().positive().optional().describe('Create a follow-up wave of this survey')
		}),
		SurveyPatch: surveyUpdateSchema,
		QuestionInput: questionSchema,
		QuestionFromBank: fromBankSchema,
		ScaleInput: scaleSchema
	},
	paths: {
		'/surveys': {
			get: op({
				summary: 'Surveys of the programme (programme office)',
				parameters: [
					programmeQuery,
					{ name: 'status', in: 'query', schema: { enum: ['draft', 'open', 'closed', 'all'] } },
					{ name: 'kind', in: 'query', schema: { enum: [...SURVEY_KINDS] } }
				],
				responses: ok('Surveys, newest first', arrayOf('SurveyListItem')),
				errors: [400, 401, 404]
			}),
			post: op({
				summary: 'Create a draft survey: blank, from a template, or a follow-up wave',
				description:
					'Templates: course_evaluation, baseline, programme, long_term, learning_situations. A follow-up wave copies the questions with the same bank question ids and points back with previousWaveId.',
				parameters: [programmeQuery],
				body: 'SurveyCreate',
				responses: created('The survey', 'Survey'),
				errors: [400, 401, 404, 422]
			})
		},
		'/surveys/{id}': {
			parameters: [surveyParam],
			get: op({
				summary: 'A survey with sections, questions in order and scales',
				responses: ok('The survey', 'Survey'),
				errors: [401, 404]
			}),
			patch: op({
				summary: 'Change title, introduction, kind or anonymity',
				body: 'SurveyPatch',
				responses: ok('The survey', 'Survey'),
				errors: [400, 401, 404, 409, 422]
			}),
			delete: op({
				summary: 'Delete a draft that was never sent or answered',
				responses: noContent('Deleted'),
				errors: [401, 404, 409]
			})
		},
		'/surveys/{id}/questions': {
			parameters: [surveyParam],
			get: op({
				summary: 'Questions in the order respondents see them',
				responses: ok('Questions', arrayOf('Question')),
				errors: [401, 404]
			}),
			post: op({
				summary: 'Add a question, or a bank question (`bankQuestionId`)',
				description:
					'Conditions may only point at earlier single or multiple choice questions. Refused with 409 once the survey has responses.',
				body: { 'application/json': { schema: { oneOf: [ref('QuestionInput'), ref('QuestionFromBank')] } } },
				responses: created('The question', 'Question'),
				errors: [400, 401, 404, 409, 422]
			})
		},
		'/surveys/{id}/questions/{questionId}': {
			parameters: [surveyParam, questionParam],
			get: op({ summary: 'One question', responses: ok('The question', 'Question'), errors: [401, 404] }),
			patch: op({
				summary: 'Move (`{"direction":"up"|"down"}`), reword (no `type`), or replace a question',
				description: 'With responses only wording may change (409 otherwise).',
				body: 'QuestionInput',
				responses: ok('The question', 'Question'),
				errors: [400, 401, 404, 409, 422]
			}),
			delete: op({
				summary: 'Remove a question (409 once answered or when another question depends on it)',
				responses: noContent('Removed'),
				errors: [401, 404, 409]
			})
		},
		'/surveys/{id}/questions/{questionId}/bank': {
			parameters: [surveyParam, questionParam],
			post: op({
				summary: 'Save the question to the question bank (idempotent)',
				responses: created('The bank question id', {
					'application/json': {
						schema: { type: 'object', properties: { bankQuestionId: { type: 'integer' } } }
					}
				}),
				errors: [401, 404]
			})
		},
		'/surveys/{id}/export': {
			parameters: [surveyParam],
			get: op({
				summary: 'Download the results (`kind=summary`) or the de-identified raw answers (`kind=raw`)',
				description:
					'CSV (UTF-8 with BOM, semicolons) or XLSX, with the protection of the results page: no group of fewer than k respondents. The raw export (office and evaluators) is refused with 409 while fewer than k answered; its grouping columns are generalised or suppressed until every combination of them holds at least k responses, and the file says what was done (the lines before the table in CSV, the second sheet in XLSX). Responses are numbered by content, never by submission order; dates at most to the day. Audited.',
				parameters: [
					queryParam('format', 'File format', { enum: ['csv', 'xlsx'], default: 'csv' }),
					queryParam('kind', 'What to export', { enum: ['summary', 'raw'], default: 'summary' }),
					queryParam('by', 'Summary only: one breakdown', { enum: [...EXPORT_DIMENSIONS] })
				],
				responses: ok('The file (Content-Disposition: attachment)', {
					'text/csv': { schema: { type: 'string' } },
					'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
						schema: { type: 'string', format: 'binary' }
					}
				}),
				errors: [400, 401, 404, 409]
			})
		},
		'/surveys/bank': {
			get: op({
				summary: 'The programme’s question bank',
				parameters: [programmeQuery],
				responses: ok('Bank questions', arrayOf('BankQuestion')),
				errors: [401, 404]
			})
		},
		'/scales': {
			get: op({
				summary: 'Built-in scales and the programme’s own',
				parameters: [programmeQuery],
				responses: ok('Scales', arrayOf('Scale')),
				errors: [401, 404]
			}),
			post: op({
				summary: 'Create a custom scale (at least two options, distinct values)',
				parameters: [programmeQuery],
				body: 'ScaleInput',
				responses: created('The scale', 'Scale'),
				errors: [400, 401, 404, 409, 422]
			})
		},
		'/scales/{id}': {
			parameters: [idParam('Scale id')],
			get: op({
				summary: 'One scale',
				parameters: [programmeQuery],
				responses: ok('The scale', 'Scale'),
				errors: [401, 404]
			})
		}
	}
};
