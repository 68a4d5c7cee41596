import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isMessageKey, translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { FIELDS } from '#lib/server/imports/imports.schema.ts';
import {
	confirmImport,
	discardImport,
	getImportJob,
	type ImportIssue
} from '#lib/server/imports/imports.service.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';

const ISSUES_PER_PAGE = 100;

function fieldLabel(locale: Locale, field: string): string {
	const key = `import.field.${field}`;
	return isMessageKey(key) ? translate(locale, key) : field;
}

/** An issue in the reader's language; a parent kind in the message is translated too. */
function presentIssue(locale: Locale, issue: ImportIssue) {
	const params = { ...issue.params };
	const kindKey = `units.kind.${params.parentKind}`;
	if (params.parentKind !== undefined && isMessageKey(kindKey))
		params.parentKind = translate(locale, kindKey);
	return {
		row: issue.row,
		field: fieldLabel(locale, issue.field),
		value: issue.value,
		message: translate(locale, issue.key as MessageKey, params)
	};
}

function jobId(params: { id: string }, locale: Locale): number {
	return idParam(params.id) ?? pageNotFound(locale);
}

/** An import job: its preview (re-validated against the data as it is now) or its outcome. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = jobId(params, locals.locale);
	const job = await orNotFound(locals.locale, () => getImportJob(getDb(), actor, id));
	const { preview, ...rest } = job;
	if (!preview) return { job: rest, preview: null };
	const pages = Math.max(1, Math.ceil(preview.issues.length / ISSUES_PER_PAGE));
	const page = Math.min(idParam(url.searchParams.get('page')) ?? 1, pages);
	const columns = FIELDS[job.kind].map((field) => ({ field, label: fieldLabel(locals.locale, field) }));
	return {
		job: rest,
		preview: {
			rowCount: preview.rowCount,
			validCount: preview.validCount,
			errorRowCount: preview.errorRowCount,
			issueCount: preview.issues.length,
			issues: preview.issues
				.slice((page - 1) * ISSUES_PER_PAGE, page * ISSUES_PER_PAGE)
				.map((issue) => presentIssue(locals.locale, issue)),
			page,
			pages,
			columns,
			sample: preview.sample.map((row) => ({ n: row.n, cells: columns.map((c) => row.v[c.field] ?? '') }))
		}
	};
};

export const actions: Actions = {
	/** Imports every row in one transaction, after validating again against the current data. */
	confirm: async ({ locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = jobId(params, locals.locale);
		const result = await orNotFound(locals.locale, () => confirmImport(getDb(), actor, id));
		if (!result.ok) return fail(409, { problem: result.reason });
		redirect(303, `/import/${id}`);
	},
	discard: async ({ locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = jobId(params, locals.locale);
		await orNotFound(locals.locale, () => discardImport(getDb(), actor, id));
		redirect(303, `/import/${id}`);
	}
};
