import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import {
	freezeReport,
	getReport,
	updateReportTexts
} from '#lib/server/funder-report/funder-report.service.ts';

// Tables, downloads and plain forms: rendered on the server only, without the figures a second
// time as hydration data (at 100,000 people the page is 128 KB and its rendering, not its SQL,
// bounded it to ~300 views/s).
export const csr = false;

/** One funder report: live figures, or a frozen version (`?version=`), its texts and downloads. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const version = url.searchParams.get('version');
	const versionId = version === null ? undefined : (idParam(version) ?? -1);
	const view = await orNotFound(locals.locale, () => getReport(getDb(), actor, id, locals.locale, versionId));
	return { ...view, notice: url.searchParams.get('notice') };
};

export const actions: Actions = {
	texts: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => updateReportTexts(getDb(), actor, id, values),
			(errors) => ({ errors, values })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/reports/funder/${id}?notice=saved`);
	},
	freeze: async ({ locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const r = await pageAction(
			locals,
			() => freezeReport(getDb(), actor, id, locals.locale),
			(errors) => ({ errors })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/reports/funder/${id}?version=${r.value.id}&notice=frozen`);
	}
};
