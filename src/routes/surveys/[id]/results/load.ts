import { error, type ServerLoadEvent } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { chartBases, resultsQuerySchema } from '#lib/server/surveys/results.schema.ts';
import { surveyResults } from '#lib/server/surveys/results.service.ts';
import { canExportRaw } from '#lib/server/surveys/survey-export.service.ts';

/**
 * Shared by the results page and its printable version: `?by=` breakdown, `?compare=` comparison,
 * `?base=` the base of every chart, `?base.<questionId>=` one chart's base.
 */
export async function loadResults(event: ServerLoadEvent<{ id: string }>) {
	const { locals, url, params } = event;
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const raw = Object.fromEntries(
		[...url.searchParams].filter(([k, v]) => ['by', 'compare', 'base'].includes(k) && v.trim() !== '')
	);
	const query = resultsQuerySchema.safeParse(raw);
	const bases = chartBases(url.searchParams);
	if (!query.success || bases === null) error(400, translate(locals.locale, 'error.invalid'));
	const results = await orNotFound(locals.locale, () =>
		surveyResults(getDb(), actor, id, { ...query.data, bases }, locals.locale)
	);
	// The view as a query string (breakdown, comparison, bases), for the print link and the charts' switches.
	const view = new URLSearchParams(
		[...url.searchParams].filter(
			([k, v]) => (['by', 'compare', 'base'].includes(k) || k.startsWith('base.')) && v.trim() !== ''
		)
	);
	return {
		results,
		query: query.data,
		viewQuery: view.toString(),
		canExportRaw: canExportRaw(actor, { id, programmeId: results.survey.programmeId })
	};
}
