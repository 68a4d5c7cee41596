import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import {
	addVisitAction,
	getVisit,
	recordAnswers,
	setVisitActionDone
} from '#lib/server/visits/visits.service.ts';

/** One visit: the figures as prepared, the checklist's answers and notes, agreed actions. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	return {
		visit: await orNotFound(locals.locale, () => getVisit(getDb(), actor, id)),
		notice: url.searchParams.get('notice')
	};
};

export const actions: Actions = {
	answers: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const form = await request.formData();
		const values = formToObject(form);
		const answers: { answer: unknown; note: unknown }[] = [];
		for (let i = 0; i < 30 && form.has(`note.${i}`); i++)
			answers.push({ answer: values[`answer.${i}`], note: values[`note.${i}`] });
		const r = await pageAction(
			locals,
			() => recordAnswers(getDb(), actor, id, { answers, notes: values.notes }),
			(errors) => ({ form: 'answers', errors, values })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/visits/${id}?notice=saved`);
	},
	action: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => addVisitAction(getDb(), actor, id, values),
			(errors) => ({ form: 'action', errors, values })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/visits/${id}?notice=saved`);
	},
	actionDone: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const values = formToObject(await request.formData());
		const actionId = idParam(String(values.actionId ?? '')) ?? -1;
		const r = await pageAction(
			locals,
			() => setVisitActionDone(getDb(), actor, id, actionId, values.done !== 'false'),
			(errors) => ({ form: 'actionDone', errors, values })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/visits/${id}?notice=saved#actions`);
	}
};
