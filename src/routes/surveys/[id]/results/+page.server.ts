import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { resultsBaseSchema } from '#lib/server/surveys/results.schema.ts';
import { setResultsBase } from '#lib/server/surveys/results.service.ts';
import { idParam, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { loadResults } from './load.ts';

/** Survey results with an optional breakdown or comparison (a GET form, so every view is a link). */
export const load: PageServerLoad = (event) => loadResults(event, { oneAtATime: true });

export const actions: Actions = {
	/** Remembers the percentage base for this survey's results and exports. */
	base: async ({ locals, url, params, request }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const input = resultsBaseSchema.safeParse(formToObject(await request.formData()));
		if (!input.success) return fail(400, { errors: { base: [translate(locals.locale, 'error.invalid')] } });
		const done = await pageAction(
			locals,
			() => setResultsBase(getDb(), actor, id, input.data.base),
			(errors) => ({ errors })
		);
		if (!done.ok) return done.failure;
		redirect(303, `/surveys/${id}/results?base=${input.data.base}`);
	}
};
