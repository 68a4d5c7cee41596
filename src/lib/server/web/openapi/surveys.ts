import { z } from 'zod';
import { QUESTION_TYPES, SURVEY_KINDS, SURVEY_STATUSES } from '../../db/schema.ts';
import { errorResponses, type OpenApiFragment } from '../openapi.ts';
import {
	fromBankSchema,
	questionSchema,
	scaleSchema,
	surveyCreateSchema,
	surveyUpdateSchema
} from '../../surveys/surveys.schema.ts';

/** The survey builder's part of the OpenAPI document: surveys, questions, scales, bank. */

const text = z.object({
	en: z.string(),
	sv: z.string(),
	da: z.string().optional(),
	nb: z.string().optional()
});
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

const ref = (name: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });
const list = (name: string) => ({
	'application/json': { schema: { type: 'array', items: { $ref: `#/components/schemas/${name}` } } }
});
const idParam = (name: string, description: string) => ({
	name,
	in: 'path',
	required: true,
	description,
	schema: { type: 'integer', minimum: 1 }
});
const programmeQuery = {
	name: 'programmeId',
	in: 'query',
	required: false,
	description: 'Programme (defaults to your own)',
	schema: { type: 'integer', minimum: 1 }
};

export const surveysOpenApi: OpenApiFragment = {
	schemas: {
		Survey: survey,
		SurveyListItem: surveyListItem,
		SurveyCreate: surveyCreateSchema.extend({
			followUpOf: z.number().int().positive().optional().describe('Create a follow-up wave of this survey')
		}),
		SurveyPatch: surveyUpdateSchema,
		Question: question,
		QuestionInput: questionSchema,
		QuestionFromBank: fromBankSchema,
		Scale: scale,
		ScaleInput: scaleSchema,
		BankQuestion: bankQuestion
	},
	paths: {
		'/surveys': {
			get: {
				tags: ['Surveys'],
				summary: 'Surveys of the programme (programme office)',
				parameters: [
					programmeQuery,
					{ name: 'status', in: 'query', schema: { enum: ['draft', 'open', 'closed', 'all'] } },
					{ name: 'kind', in: 'query', schema: { enum: [...SURVEY_KINDS] } }
				],
				responses: {
					'200': { description: 'Surveys, newest first', content: list('SurveyListItem') },
					...errorResponses(400, 401, 404)
				}
			},
			post: {
				tags: ['Surveys'],
				summary: 'Create a draft survey: blank, from a template, or a follow-up wave',
				description:
					'Templates: course_evaluation, baseline, programme, long_term, learning_situations. A follow-up wave copies the questions with the same bank question ids and points back with previousWaveId.',
				parameters: [programmeQuery],
				requestBody: { required: true, content: ref('SurveyCreate') },
				responses: {
					'201': { description: 'The survey', content: ref('Survey') },
					...errorResponses(400, 401, 404, 422)
				}
			}
		},
		'/surveys/{id}': {
			parameters: [idParam('id', 'Survey id')],
			get: {
				tags: ['Surveys'],
				summary: 'A survey with sections, questions in order and scales',
				responses: {
					'200': { description: 'The survey', content: ref('Survey') },
					...errorResponses(401, 404)
				}
			},
			patch: {
				tags: ['Surveys'],
				summary: 'Change title, introduction, kind or anonymity',
				requestBody: { required: true, content: ref('SurveyPatch') },
				responses: {
					'200': { description: 'The survey', content: ref('Survey') },
					...errorResponses(400, 401, 404, 409, 422)
				}
			},
			delete: {
				tags: ['Surveys'],
				summary: 'Delete a draft that was never sent or answered',
				responses: { '204': { description: 'Deleted' }, ...errorResponses(401, 404, 409) }
			}
		},
		'/surveys/{id}/questions': {
			parameters: [idParam('id', 'Survey id')],
			get: {
				tags: ['Surveys'],
				summary: 'Questions in the order respondents see them',
				responses: {
					'200': { description: 'Questions', content: list('Question') },
					...errorResponses(401, 404)
				}
			},
			post: {
				tags: ['Surveys'],
				summary: 'Add a question, or a bank question (`bankQuestionId`)',
				description:
					'Conditions may only point at earlier single or multiple choice questions. Refused with 409 once the survey has responses.',
				requestBody: {
					required: true,
					content: {
						'application/json': {
							schema: {
								oneOf: [
									{ $ref: '#/components/schemas/QuestionInput' },
									{ $ref: '#/components/schemas/QuestionFromBank' }
								]
							}
						}
					}
				},
				responses: {
					'201': { description: 'The question', content: ref('Question') },
					...errorResponses(400, 401, 404, 409, 422)
				}
			}
		},
		'/surveys/{id}/questions/{questionId}': {
			parameters: [idParam('id', 'Survey id'), idParam('questionId', 'Question id')],
			get: {
				tags: ['Surveys'],
				summary: 'One question',
				responses: {
					'200': { description: 'The question', content: ref('Question') },
					...errorResponses(401, 404)
				}
			},
			patch: {
				tags: ['Surveys'],
				summary: 'Move (`{"direction":"up"|"down"}`), reword (no `type`), or replace a question',
				description: 'With responses only wording may change (409 otherwise).',
				requestBody: { required: true, content: ref('QuestionInput') },
				responses: {
					'200': { description: 'The question', content: ref('Question') },
					...errorResponses(400, 401, 404, 409, 422)
				}
			},
			delete: {
				tags: ['Surveys'],
				summary: 'Remove a question (409 once answered or when another question depends on it)',
				responses: { '204': { description: 'Removed' }, ...errorResponses(401, 404, 409) }
			}
		},
		'/surveys/{id}/questions/{questionId}/bank': {
			parameters: [idParam('id', 'Survey id'), idParam('questionId', 'Question id')],
			post: {
				tags: ['Surveys'],
				summary: 'Save the question to the question bank (idempotent)',
				responses: {
					'201': {
						description: 'The bank question id',
						content: {
							'application/json': {
								schema: { type: 'object', properties: { bankQuestionId: { type: 'integer' } } }
							}
						}
					},
					...errorResponses(401, 404)
				}
			}
		},
		'/surveys/bank': {
			get: {
				tags: ['Surveys'],
				summary: 'The programme’s question bank',
				parameters: [programmeQuery],
				responses: {
					'200': { description: 'Bank questions', content: list('BankQuestion') },
					...errorResponses(401, 404)
				}
			}
		},
		'/scales': {
			get: {
				tags: ['Surveys'],
				summary: 'Built-in scales and the programme’s own',
				parameters: [programmeQuery],
				responses: { '200': { description: 'Scales', content: list('Scale') }, ...errorResponses(401, 404) }
			},
			post: {
				tags: ['Surveys'],
				summary: 'Create a custom scale (at least two options, distinct values)',
				parameters: [programmeQuery],
				requestBody: { required: true, content: ref('ScaleInput') },
				responses: {
					'201': { description: 'The scale', content: ref('Scale') },
					...errorResponses(400, 401, 404, 409, 422)
				}
			}
		},
		'/scales/{id}': {
			parameters: [idParam('id', 'Scale id')],
			get: {
				tags: ['Surveys'],
				summary: 'One scale',
				parameters: [programmeQuery],
				responses: { '200': { description: 'The scale', content: ref('Scale') }, ...errorResponses(401, 404) }
			}
		}
	}
};
