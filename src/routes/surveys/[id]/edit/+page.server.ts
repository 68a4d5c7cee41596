import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { formToObject, nestFormValues } from '#lib/server/core/validation.ts';
import { addFromBank, listBank, saveToBank } from '#lib/server/surveys/question-bank.service.ts';
import {
	addQuestion,
	addSection,
	authorizeSurvey,
	builderLanguages,
	deleteQuestion,
	deleteSection,
	getSurvey,
	moveQuestion,
	moveSection,
	updateQuestion,
	updateSurvey
} from '#lib/server/surveys/builder.service.ts';
import { listScales } from '#lib/server/surveys/scales.service.ts';
import { collapseErrors, editForm, questionInput, questionValues } from './forms.ts';

/** The builder: details, sections, questions in order (up/down without JavaScript), bank. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const db = getDb();
	const survey = await orNotFound(locals.locale, () => getSurvey(db, actor, id, 'update'));
	const [scales, bank, languages] = await Promise.all([
		listScales(db, actor, survey.programmeId),
		listBank(db, actor, survey.programmeId),
		builderLanguages(db, survey.programmeId)
	]);
	const editing = survey.questions.find((q) => q.id === idParam(url.searchParams.get('q'))) ?? null;
	return {
		survey,
		scales,
		bank,
		languages,
		editing: editing ? { id: editing.id, position: editing.position, values: questionValues(editing) } : null,
		notice: url.searchParams.get('notice')
	};
};

type Locals = App.Locals;

/** Runs one builder action; rule errors come back as `fail(400)` for the named form, refusals as 404. */
async function run(
	locals: Locals,
	url: URL,
	params: { id: string },
	request: Request,
	form: string,
	work: (ctx: { id: number; values: Record<string, unknown> }) => Promise<unknown>,
	notice: string
) {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	// Refuse before reading the body: nothing of a refused request is parsed.
	await orNotFound(locals.locale, () => authorizeSurvey(getDb(), actor, id));
	const values = formToObject(await request.formData());
	// A form edit without saving (add, remove or move an answer option; show a type's fields):
	// the same form comes back changed, so the builder works without JavaScript.
	if (typeof values.edit === 'string' && (form === 'addQuestion' || form === 'updateQuestion')) {
		const edited = editForm(values, values.edit);
		if (edited) return { form, errors: {}, values: edited.values, edited: true, focus: edited.focus };
	}
	const done = await pageAction(
		locals,
		() => work({ id, values }),
		(errors) => ({ form, errors: collapseErrors(errors), values })
	);
	if (!done.ok) return done.failure;
	const q = form === 'updateQuestion' && values.keepOpen ? `&q=${values.questionId}` : '';
	redirect(
		303,
		`/surveys/${id}/edit?notice=${notice}${q}#${form === 'moveQuestion' ? `q-${values.questionId}` : form}`
	);
}

const num = (v: unknown) => idParam(typeof v === 'string' ? v : undefined) ?? 0;

export const actions: Actions = {
	details: async ({ locals, url, params, request }) =>
		run(
			locals,
			url,
			params,
			request,
			'details',
			({ id, values }) => {
				const n = nestFormValues(values);
				const intro = n.intro as Record<string, string | undefined> | undefined;
				return updateSurvey(getDb(), locals.actor!, id, {
					title: n.title ?? {},
					intro: intro && Object.values(intro).some(Boolean) ? intro : null,
					anonymous: values.anonymous ?? false
				});
			},
			'saved'
		),
	addSection: async ({ locals, url, params, request }) =>
		run(
			locals,
			url,
			params,
			request,
			'addSection',
			({ id, values }) =>
				addSection(getDb(), locals.actor!, id, { title: nestFormValues(values).title ?? {} }),
			'sectionAdded'
		),
	moveSection: async ({ locals, url, params, request }) =>
		run(
			locals,
			url,
			params,
			request,
			'moveSection',
			({ id, values }) =>
				moveSection(getDb(), locals.actor!, id, num(values.sectionId), { direction: values.direction }),
			'moved'
		),
	deleteSection: async ({ locals, url, params, request }) =>
		run(
			locals,
			url,
			params,
			request,
			'deleteSection',
			({ id, values }) => deleteSection(getDb(), locals.actor!, id, num(values.sectionId)),
			'sectionRemoved'
		),
	addQuestion: async ({ locals, url, params, request }) =>
		run(
			locals,
			url,
			params,
			request,
			'addQuestion',
			({ id, values }) => addQuestion(getDb(), locals.actor!, id, questionInput(values)),
			'questionAdded'
		),
	updateQuestion: async ({ locals, url, params, request }) =>
		run(
			locals,
			url,
			params,
			request,
			'updateQuestion',
			({ id, values }) =>
				updateQuestion(getDb(), locals.actor!, id, num(values.questionId), questionInput(values)),
			'questionSaved'
		),
	moveQuestion: async ({ locals, url, params, request }) =>
		run(
			locals,
			url,
			params,
			request,
			'moveQuestion',
			({ id, values }) =>
				moveQuestion(getDb(), locals.actor!, id, num(values.questionId), { direction: values.direction }),
			'moved'
		),
	deleteQuestion: async ({ locals, url, params, request }) =>
		run(
			locals,
			url,
			params,
			request,
			'deleteQuestion',
			({ id, values }) => deleteQuestion(getDb(), locals.actor!, id, num(values.questionId)),
			'questionRemoved'
		),
	toBank: async ({ locals, url, params, request }) =>
		run(
			locals,
			url,
			params,
			request,
			'toBank',
			({ id, values }) => saveToBank(getDb(), locals.actor!, id, num(values.questionId)),
			'savedToBank'
		),
	fromBank: async ({ locals, url, params, request }) =>
		run(
			locals,
			url,
			params,
			request,
			'fromBank',
			({ id, values }) => addFromBank(getDb(), locals.actor!, id, values),
			'questionAdded'
		)
};
