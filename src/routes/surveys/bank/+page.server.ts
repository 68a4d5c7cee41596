import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import {
	orNotFound,
	pageAction,
	pageNotFound,
	pageProgramme,
	requirePageActor
} from '#lib/server/web/route.ts';
import { formToObject, nestFormValues } from '#lib/server/core/validation.ts';
import { listBank } from '#lib/server/surveys/question-bank.service.ts';
import { createScale, listScales } from '#lib/server/surveys/scales.service.ts';
import { isSurveyOffice } from '#lib/server/surveys/builder.service.ts';
import { collapseErrors } from '../[id]/edit/forms.ts';

/** Rows offered for a new scale's options. */
const OPTION_ROWS = 7;

/** The question bank and the scales (built in and the programme's own), with a form for a new scale. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const [bank, scales] = await orNotFound(locals.locale, () =>
		Promise.all([listBank(db, actor, programmeId), listScales(db, actor, programmeId)])
	);
	return { bank, scales, rows: OPTION_ROWS, notice: url.searchParams.get('notice') };
};

export const actions: Actions = {
	scale: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		// Refuse before reading the body: nothing of a refused request is parsed.
		if (!isSurveyOffice(actor, programmeId)) pageNotFound(locals.locale);
		const values = formToObject(await request.formData());
		const n = nestFormValues(values) as {
			code?: string;
			name?: unknown;
			options?: Record<string, { labels?: { en?: string; sv?: string }; dontKnow?: string }>;
		};
		// Rows with no label at all are empty rows of the form, not options.
		const options = Object.entries(n.options ?? {})
			.sort(([a], [b]) => Number(a) - Number(b))
			.map(([, o]) => o)
			.filter((o) => o.labels?.en || o.labels?.sv)
			.map((o) => ({ labels: o.labels, dontKnow: o.dontKnow === 'on' }));
		const created = await pageAction(
			locals,
			() => createScale(getDb(), actor, programmeId, { code: n.code, name: n.name ?? {}, options }),
			(errors) => ({ errors: collapseErrors(errors), values })
		);
		if (!created.ok) return created.failure;
		redirect(303, '/surveys/bank?notice=scaleCreated#scales');
	}
};
