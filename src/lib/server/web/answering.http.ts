import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '../db/index.ts';
import { ApiError, parseJsonBody } from './api.ts';
import { rawFromJson, type SurveyForm } from '../surveys/answering.model.ts';
import {
	AnswerRefusedError,
	AnswerValidationError,
	openAnswerPage,
	saveDraft,
	submitAnswers,
	type AnswerAccess
} from '../surveys/answering.service.ts';
import { askedLocale } from './answering.page.ts';
import { fields } from '../core/validation.ts';

/**
 * The answering API, by token (`/api/v1/answer/{token}`) or as the signed-in person
 * (`/api/v1/surveys/{id}/answers`, identified surveys): read the form, save a draft, submit.
 */

/** Answers keyed by question id: a value, a list of values (multi), statement → value (matrix), text or number. */
export const answersInputSchema = z.object({
	answers: z.record(
		z.string().regex(/^\d{1,9}$/),
		z.union([
			z.number(),
			fields.string().max(4000),
			z.array(z.union([z.number(), fields.string().max(20)])).max(100),
			z.record(z.string().regex(/^\d{1,3}$/), z.union([z.number(), fields.string().max(20)]))
		])
	)
});

export const draftInputSchema = answersInputSchema.extend({
	/** The section to come back to (0-based). */
	step: z.number().int().min(0).max(999).optional()
});

export const answerFormOutputSchema = z.object({
	survey: z.object({
		id: z.number(),
		title: z.string(),
		intro: z.string(),
		anonymous: z.boolean(),
		closesAt: z.string().nullable(),
		locale: z.string()
	}),
	sections: z.array(
		z.object({
			title: z.string(),
			questions: z.array(
				z.object({
					id: z.number(),
					type: z.string(),
					text: z.string(),
					required: z.boolean(),
					options: z.array(z.object({ value: z.number(), label: z.string(), dontKnow: z.boolean() })),
					statements: z.array(z.string()),
					maxPicks: z.number().nullable(),
					min: z.number().nullable(),
					max: z.number().nullable(),
					condition: z.object({ questionId: z.number(), values: z.array(z.number()) }).nullable()
				})
			)
		})
	),
	draft: z.object({
		answers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
		step: z.number()
	})
});

function present(
	form: SurveyForm,
	draft: { answers: Record<string, string | string[]>; step: number },
	locale: string
) {
	return {
		survey: {
			id: form.id,
			title: form.title,
			intro: form.intro,
			anonymous: form.anonymous,
			closesAt: form.closesAt,
			locale
		},
		sections: form.sections.map((s) => ({
			title: s.title,
			questions: s.questions.map((q) => ({
				id: q.id,
				type: q.type,
				text: q.text,
				required: q.required,
				options: q.options,
				statements: q.statements,
				maxPicks: q.maxPicks,
				min: q.min,
				max: q.max,
				condition: q.condition
			}))
		})),
		draft
	};
}

/** Maps refusals (404 forged, 409 answered / not open, 410 closed) and invalid answers (422). */
async function answering<T>(event: RequestEvent, work: () => Promise<T>): Promise<T> {
	const locale = askedLocale(event.url) ?? event.locals.locale;
	try {
		return await work();
	} catch (e) {
		if (e instanceof AnswerRefusedError)
			throw new ApiError(
				e.status,
				e.reason === 'invalidLink'
					? 'not_found'
					: e.reason === 'closed'
						? 'closed'
						: e.reason === 'notOpen'
							? 'not_open'
							: 'already_answered',
				e.messageIn(locale)
			);
		if (e instanceof AnswerValidationError)
			throw new ApiError(422, 'validation_failed', translate(locale, 'error.invalid'), e.fieldErrors(locale));
		throw e;
	}
}

/** GET: the form (in `?lang=` or the respondent's language) and the saved draft. */
export async function getAnswerForm(event: RequestEvent, access: AnswerAccess): Promise<Response> {
	return answering(event, async () => {
		const page = await openAnswerPage(getDb(), access, { locale: askedLocale(event.url) });
		return json(present(page.form, page.draft, page.locale));
	});
}

/** PUT: saves every given answer as the draft (replacing it). */
export async function putAnswerDraft(event: RequestEvent, access: AnswerAccess): Promise<Response> {
	const body = await parseJsonBody(event, draftInputSchema);
	return answering(event, async () => {
		const page = await openAnswerPage(getDb(), access);
		// All sections at once: save section by section over the same draft.
		let draft = page.draft;
		for (let i = 0; i < page.form.sections.length; i++)
			draft = await saveDraft(getDb(), access, {
				sectionIndex: i,
				raw: rawFromJson(body.answers),
				step: body.step ?? draft.step
			});
		return json({ draft });
	});
}

/** POST: submits every answer; 201 on success, nothing stored on any error. */
export async function postAnswers(event: RequestEvent, access: AnswerAccess): Promise<Response> {
	const body = await parseJsonBody(event, answersInputSchema);
	return answering(event, async () => {
		const r = await submitAnswers(getDb(), access, {
			raw: rawFromJson(body.answers),
			locale: askedLocale(event.url)
		});
		return json({ submitted: true, surveyId: r.surveyId }, { status: 201 });
	});
}
