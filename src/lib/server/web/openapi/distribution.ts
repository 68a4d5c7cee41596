import { z } from 'zod';
import type { OpenApiFragment } from '../openapi.ts';
import { created, idParam, ok, op, operations, pathParam, queryParam } from './common.ts';
import { answerFormOutputSchema, answersInputSchema, draftInputSchema } from '../answering.http.ts';
import { sendInputSchema } from '../../surveys/distribution.service.ts';

/** Distribution and answering for the OpenAPI document. */
const surveyId = idParam('Survey id');
const lang = queryParam(
	'lang',
	'Language of texts and messages (en, sv, da, nb); default the respondent’s own',
	{ type: 'string', enum: ['en', 'sv', 'da', 'nb'] }
);

const sendResultSchema = z.object({ invited: z.number().int(), alreadyInvited: z.number().int() });
const rateSchema = z.object({
	surveyId: z.number().int(),
	title: z.string(),
	anonymous: z.boolean(),
	status: z.enum(['draft', 'open', 'closed']),
	invited: z.number().int(),
	completed: z.number().int(),
	rate: z
		.number()
		.min(0)
		.max(1)
		.describe('completed / invited as a fraction 0..1 (as `responseRate` in the results)'),
	minGroupSize: z.number().int().describe('k: a unit with fewer invited is not listed on its own'),
	protected: z
		.boolean()
		.describe('True when small units are combined (everyone but the office of an identified survey)'),
	byUnit: z
		.array(
			z.object({
				unitId: z.number().int().nullable(),
				unitName: z.string().nullable(),
				invited: z.number().int(),
				completed: z.number().int(),
				rate: z.number()
			})
		)
		.describe(
			'Units listed on their own: at least k invited, and enough others hidden with the small ones that subtracting from the total reveals none. Every unit only for the office of an identified survey.'
		),
	otherUnits: z
		.object({ invited: z.number().int(), completed: z.number().int(), rate: z.number() })
		.nullable()
		.describe(
			'The hidden units combined (never named); null when none are hidden or fewer than k are invited in all'
		),
	byUnitType: z
		.array(
			z.object({
				unitType: z.string().nullable(),
				label: z.string(),
				invited: z.number().int(),
				completed: z.number().int(),
				rate: z.number().min(0).max(1)
			})
		)
		.describe('By workplace type (the nearest type set on the unit or above), protected like the units'),
	otherUnitTypes: z
		.object({ invited: z.number().int(), completed: z.number().int(), rate: z.number() })
		.nullable()
		.describe('The hidden workplace types combined (never named)')
});

const answeringOps = (tag: string, who: string) => ({
	get: op(tag, {
		summary: `The survey form and the saved draft (${who})`,
		parameters: [lang],
		responses: ok('Form and draft', 'SurveyAnswerForm'),
		errors: [401, 404, 409, 410]
	}),
	put: op(tag, {
		summary: 'Save a half-finished answer (the draft); validated only on submit',
		body: 'SurveyAnswerDraft',
		responses: ok('The saved draft'),
		errors: [400, 401, 404, 409, 410, 422]
	}),
	post: op(tag, {
		summary: 'Submit every answer; single use',
		description:
			'Answers by question id: a scale/option value (single), a list of values (multiple choice), an object statement index → value (matrix, learning situations), a string (text) or a number. Every answer is validated (unknown values, too many picks, number out of range, missing required answers → 422 with `error.fields` keyed `q{id}`) and nothing is stored on error. Submitting marks the invitation completed and stores the response in one transaction; a second submit answers 409. Anonymous responses keep no link to the person or token.',
		parameters: [lang],
		body: 'SurveyAnswers',
		responses: created('Answers received'),
		errors: [400, 401, 404, 409, 410, 422]
	})
});

const distribution = operations('Survey distribution');

export const distributionOpenApi: OpenApiFragment = {
	schemas: {
		SurveySendInput: sendInputSchema,
		SurveySendResult: sendResultSchema,
		SurveyResponseRate: rateSchema,
		SurveyAnswers: answersInputSchema,
		SurveyAnswerDraft: draftInputSchema,
		SurveyAnswerForm: answerFormOutputSchema
	},
	paths: {
		'/surveys/{id}/distribution': {
			parameters: [surveyId],
			get: distribution({
				summary: 'Where the survey was sent and how many answered (office)',
				responses: ok('Distribution'),
				errors: [401, 404]
			}),
			post: distribution({
				summary: 'Send to an audience; only people not yet invited are added and mailed',
				description:
					'Audiences: `programme` (all staff), `units` (with descendants), `jobCategories`, `session` or `activity` (those marked attended), `process` (participants), `people` (e-mails or ids). Optional `opensOn`/`closesOn` (dates) set the answering window. Each invitation gets a random one-time token (only its SHA-256 is stored), mailed as a personal link in the person’s language.',
				body: 'SurveySendInput',
				responses: ok('Invitations created', 'SurveySendResult'),
				errors: [400, 401, 404, 409, 422]
			})
		},
		'/surveys/{id}/distribution/remind': {
			parameters: [surveyId],
			post: distribution({
				summary: 'Remind everyone who has not answered (a fresh link replaces the earlier one); count only',
				responses: ok('{ reminded }'),
				errors: [401, 404, 409]
			})
		},
		'/surveys/{id}/distribution/close': {
			parameters: [surveyId],
			post: distribution({ summary: 'Close the survey now', responses: ok('Closed'), errors: [401, 404] })
		},
		'/surveys/{id}/distribution/rate': {
			parameters: [surveyId],
			get: distribution({
				summary: 'Response rate overall and by unit, from invitations (office, steering, evaluators)',
				responses: ok('Rate', 'SurveyResponseRate'),
				errors: [401, 404]
			})
		},
		'/answer/{token}': {
			parameters: [
				pathParam('token', 'The one-time token from the invitation link; no sign-in needed', {
					type: 'string'
				})
			],
			...answeringOps('Survey answering', 'by token')
		},
		'/surveys/{id}/answers': {
			parameters: [surveyId],
			...answeringOps('Survey answering', 'identified surveys, as the signed-in person')
		}
	}
};
