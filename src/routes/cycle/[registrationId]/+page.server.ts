import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { formToObject, parseForm } from '#lib/server/core/validation.ts';
import { afterSchema, beforeSchema } from '#lib/server/cycle/cycle.schema.ts';
import { getCycleForm, saveCycleForm } from '#lib/server/cycle/cycle.service.ts';

/** The 40-20-40 form of one registration: the person edits, their manager and the office read. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.registrationId);
	if (id === null) pageNotFound(locals.locale);
	const form = await orNotFound(locals.locale, () => getCycleForm(getDb(), actor, id));
	return { cycle: form, saved: url.searchParams.get('notice') === 'saved' };
};

function part(name: 'before' | 'after'): Actions[string] {
	return async ({ locals, url, params, request }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.registrationId);
		if (id === null) pageNotFound(locals.locale);
		const parsed = await parseForm(request, name === 'before' ? beforeSchema : afterSchema, locals.locale);
		if (!parsed.ok) return fail(400, { part: name, errors: parsed.errors, values: parsed.values });
		const done = await pageAction(
			locals,
			() => saveCycleForm(getDb(), actor, id, name, parsed.data),
			(errors) => ({ part: name, errors, values: formToObject(parsed.form!) })
		);
		if (!done.ok) return done.failure;
		redirect(303, `/cycle/${id}?notice=saved#${name}-heading`);
	};
}

export const actions: Actions = { before: part('before'), after: part('after') };
