import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToLists } from '#lib/server/core/validation.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { keyResultChoice, setKeyResults } from '#lib/server/funder-report/funder-report.service.ts';
import { keyResultsFromForm } from '#lib/server/funder-report/funder-report.schema.ts';

/** The office chooses the funder report's key survey questions and their order (issue 12). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const view = await orNotFound(locals.locale, () => keyResultChoice(getDb(), actor, id, locals.locale));
	if (!view.canManage) pageNotFound(locals.locale);
	return view;
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const lists = formToLists(await request.formData());
		const input = keyResultsFromForm(lists);
		const r = await pageAction(
			locals,
			() => setKeyResults(getDb(), actor, id, input, locals.locale),
			(errors) => ({ errors, values: lists })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/reports/funder/${id}?notice=saved`);
	}
};
