import { error, type ServerLoadEvent } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { resultsQuerySchema } from '#lib/server/surveys/results.schema.ts';
import { surveyResults } from '#lib/server/surveys/results.service.ts';
import { canExportRaw } from '#lib/server/surveys/survey-export.service.ts';

/** Shared by the results page and its printable version: `?by=` breakdown, `?compare=` comparison. */
export async function loadResults(event: ServerLoadEvent<{ id: string }>) {
	const { locals, url, params } = event;
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const raw = Object.fromEntries(
		[...url.searchParams].filter(([k, v]) => ['by', 'compare', 'base'].includes(k) && v.trim() !== '')
	);
	const query = resultsQuerySchema.safeParse(raw);
	if (!query.success) error(400, translate(locals.locale, 'error.invalid'));
	const results = await orNotFound(locals.locale, () =>
		surveyResults(getDb(), actor, id, query.data, locals.locale)
	);
	return {
		results,
		query: query.data,
		canExportRaw: canExportRaw(actor, { id, programmeId: results.survey.programmeId })
	};
}
