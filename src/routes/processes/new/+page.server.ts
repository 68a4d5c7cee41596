import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { pageAction, pageNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { formToObject, parseForm } from '#lib/server/core/validation.ts';
import { PROCESS_STATUSES } from '#lib/server/db/schema.ts';
import { processSchema } from '#lib/server/processes/processes.schema.ts';
import { createProcess, processFormOptions } from '#lib/server/processes/processes.service.ts';

/** A new development process (the unit's manager, the office). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const options = await processFormOptions(getDb(), actor, programmeId);
	if (options.units.length === 0) pageNotFound(locals.locale);
	return { programmeId, options, statuses: PROCESS_STATUSES };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const parsed = await parseForm(request, processSchema, locals.locale);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const created = await pageAction(
			locals,
			() => createProcess(getDb(), actor, programmeId, parsed.data),
			(errors) => ({ errors, values: formToObject(parsed.form!) })
		);
		if (!created.ok) return created.failure;
		redirect(303, `/processes/${created.value}?notice=created`);
	}
};
