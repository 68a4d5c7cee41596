import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { LOCALES, translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject, parseForm } from '#lib/server/core/validation.ts';
import { pageAction, requirePageActor } from '#lib/server/web/route.ts';
import { programmeCreateSchema } from '#lib/server/organisation/organisation.schema.ts';
import { createProgramme } from '#lib/server/organisation/organisation.service.ts';
import { can } from '#lib/server/policy/policy.ts';

/** A new programme (system administrators only). */
export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	if (!can(actor, 'create', { type: 'programme', id: 0 }))
		error(404, translate(locals.locale, 'error.notFound'));
	const year = new Date().getUTCFullYear();
	return {
		locales: LOCALES,
		defaults: {
			startsOn: `${year}-01-01`,
			endsOn: `${year + 1}-12-31`,
			defaultLocale: locals.locale,
			timeZone: 'Europe/Stockholm',
			minGroupSize: 5
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const parsed = await parseForm(request, programmeCreateSchema, locals.locale);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const created = await pageAction(
			locals,
			() => createProgramme(getDb(), actor, parsed.data),
			(errors) => ({ errors, values: formToObject(parsed.form ?? new FormData()) })
		);
		if (!created.ok) return created.failure;
		redirect(303, `/programme?programme=${created.value.id}&done=created`);
	}
};
