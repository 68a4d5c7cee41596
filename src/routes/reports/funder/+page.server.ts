import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { orNotFound, pageAction, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { createReport, listReports } from '#lib/server/funder-report/funder-report.service.ts';

/** The programme's funder reports and a form to start one (office); steering reads. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	return orNotFound(locals.locale, () => listReports(getDb(), actor, programmeId));
};

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => createReport(getDb(), actor, programmeId, values),
			(errors) => ({ errors, values })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/reports/funder/${r.value.id}`);
	}
};
