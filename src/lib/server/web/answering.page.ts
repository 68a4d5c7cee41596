import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { isLocale, translate, type Locale } from '#lib/i18n/index.ts';
import { getDb } from '../db/index.ts';
import { LOCALE_COOKIE } from './locale.ts';
import { rawFromForm, visibleQuestionIds, type SurveyForm } from '../surveys/answering.model.ts';
import {
	AnswerRefusedError,
	AnswerValidationError,
	openAnswerPage,
	saveDraft,
	submitAnswers,
	validateSection,
	type AnswerAccess
} from '../surveys/answering.service.ts';

/**
 * The server side of the answering page, shared by `/s/[token]` and `/answer/[surveyId]`:
 * one section at a time, so conditional questions that depend on an earlier section are
 * shown or hidden by the server after "Next" (without JavaScript); the page hides
 * same-section conditions live when JavaScript runs. Every step saves the draft.
 */

/** The language asked for on the page (`?lang=`), if any. */
export function askedLocale(url: URL): Locale | null {
	const lang = url.searchParams.get('lang');
	return isLocale(lang) ? lang : null;
}

/**
 * The language the respondent chose: `?lang=`, else the header's language switch (its cookie),
 * which must win over the invitee's stored language or the switch would seem to do nothing.
 */
function chosenLocale(event: RequestEvent): Locale | null {
	const cookie = event.cookies.get(LOCALE_COOKIE);
	return askedLocale(event.url) ?? (isLocale(cookie) ? cookie : null);
}

function refused(e: unknown, locale: Locale): never {
	if (e instanceof AnswerRefusedError) error(e.status, e.messageIn(locale));
	throw e;
}

export interface AnswerPageData {
	form: SurveyForm;
	/** Section shown (0-based). */
	step: number;
	/** Saved answers by field name. */
	answers: Record<string, string | string[]>;
	/** Question ids the server shows given the saved answers (conditions on other sections). */
	visible: number[];
	locale: Locale;
	/** `?lang=` to keep on links and form actions ('' when none was asked for). */
	langQuery: string;
}

/** Load: the form in the respondent's language, at the saved section, or a refusal page. */
export async function loadAnswer(event: RequestEvent, access: AnswerAccess): Promise<AnswerPageData> {
	const asked = askedLocale(event.url);
	const page = await openAnswerPage(getDb(), access, { locale: chosenLocale(event) }).catch((e: unknown) =>
		refused(e, asked ?? event.locals.locale)
	);
	// The whole page (layout included) in the respondent's language.
	event.locals.locale = page.locale;
	return {
		form: page.form,
		step: page.draft.step,
		answers: page.draft.answers,
		visible: [...visibleQuestionIds(page.form, page.draft.answers)],
		locale: page.locale,
		langQuery: asked ? `lang=${asked}` : ''
	};
}

function sectionIndex(form: FormData): number {
	const n = Number(form.get('section'));
	return Number.isInteger(n) && n >= 0 && n < 1000 ? n : 0;
}

/** The form actions of the answering page; `done` is where a successful submit goes. */
export function answerActions(
	accessOf: (event: RequestEvent) => AnswerAccess,
	done: (event: RequestEvent) => string
) {
	const here = (event: RequestEvent) => {
		const asked = askedLocale(event.url);
		return event.url.pathname + (asked ? `?lang=${asked}` : '');
	};
	const localeOf = (event: RequestEvent) => chosenLocale(event) ?? event.locals.locale;
	const step = async (event: RequestEvent, move: -1 | 0 | 1) => {
		const access = accessOf(event);
		const data = await event.request.formData();
		const section = sectionIndex(data);
		const raw = rawFromForm(data);
		if (move === 1) {
			// Invalid values are pointed out now; missing required answers on submit.
			const page = await openAnswerPage(getDb(), access, { locale: chosenLocale(event) }).catch(
				(e: unknown) => refused(e, localeOf(event))
			);
			const { errors } = validateSection(page.form, section, { ...page.draft.answers, ...raw });
			if (Object.keys(errors).length > 0)
				return fail(400, {
					section,
					values: raw,
					errors: Object.fromEntries(
						Object.entries(errors).map(([k, e]) => [k, [translate(page.locale, e.key, e.params)]])
					)
				});
		}
		await saveDraft(getDb(), access, { sectionIndex: section, raw, step: section + move }).catch(
			(e: unknown) => refused(e, localeOf(event))
		);
		if (move === 0) return { saved: true, section };
		redirect(303, here(event));
	};
	return {
		next: (event: RequestEvent) => step(event, 1),
		back: (event: RequestEvent) => step(event, -1),
		save: (event: RequestEvent) => step(event, 0),
		submit: async (event: RequestEvent) => {
			const data = await event.request.formData();
			const section = sectionIndex(data);
			const raw = rawFromForm(data);
			try {
				await submitAnswers(getDb(), accessOf(event), {
					raw,
					sectionIndex: section,
					locale: chosenLocale(event)
				});
			} catch (e) {
				if (e instanceof AnswerValidationError)
					return fail(400, { section: e.sectionIndex, values: null, errors: e.fieldErrors(localeOf(event)) });
				refused(e, localeOf(event));
			}
			redirect(303, done(event));
		}
	};
}
