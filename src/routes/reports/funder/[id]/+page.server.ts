import { redirect } from '@sveltejs/kit';
import { render } from 'svelte/server';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { ContentCache } from '#lib/server/core/content-cache.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import {
	freezeReport,
	getReport,
	updateReportTexts
} from '#lib/server/funder-report/funder-report.service.ts';
import { ServerRenderedHtml } from '#lib/server-rendered.ts';
import FigureTables from '../FigureTables.svelte';

// Tables, downloads and plain forms: rendered on the server only, without the figures a second
// time as hydration data (at 100,000 people the page is 128 KB and its rendering, not its SQL,
// bounded it to ~300 views/s).
export const csr = false;

/**
 * The report's tables rendered once per distinct figures (and report and version, which their
 * CSV links name), as the PDF and XLSX are: formatting and escaping ~500 cells, and SvelteKit
 * serialising them as page data, were most of a view's time. The figures are what every reader
 * given them may see.
 */
const renderedTables = new ContentCache<ServerRenderedHtml>({
	maxEntries: 64,
	maxBytes: 32 * 1024 * 1024,
	size: (t) => t.html.length * 2
});

/** One funder report: live figures, or a frozen version (`?version=`), its texts and downloads. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const version = url.searchParams.get('version');
	const versionId = version === null ? undefined : (idParam(version) ?? -1);
	const { figures, ...view } = await orNotFound(locals.locale, () =>
		getReport(getDb(), actor, id, locals.locale, versionId)
	);
	const exportBase = `/reports/funder/${id}/export?`;
	const versionParam = view.versionId ? `&version=${view.versionId}` : '';
	const exportHref = (table: string) => `${exportBase}format=csv&table=${table}${versionParam}`;
	const tables = await renderedTables.get(`${id}:${view.versionId ?? 'live'}`, figures, () =>
		ServerRenderedHtml.fromRender(render(FigureTables, { props: { figures, exportHref } }).body)
	);
	const { title, programme, period, headings, texts } = figures;
	return {
		...view,
		exportBase,
		figures: { title, programme, period, headings, texts },
		tables,
		notice: url.searchParams.get('notice')
	};
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
