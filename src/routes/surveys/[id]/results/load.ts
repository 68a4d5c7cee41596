import { error, type ServerLoadEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { chartBases, resultsQuerySchema } from '#lib/server/surveys/results.schema.ts';
import { surveyResults, type QuestionResult } from '#lib/server/surveys/results.service.ts';
import { canExportRaw } from '#lib/server/surveys/survey-export.service.ts';

/**
 * Shared by the results page and its printable version: `?by=` breakdown, `?compare=` comparison,
 * `?base=` the base of every chart, `?base.<questionId>=` one chart's base.
 *
 * `oneAtATime` (the results page, not the printout): with a breakdown, only one question is
 * broken down (`?q=<questionId>`, else the first that has a breakdown); the others keep their
 * totals and a link to their own breakdown. 30 workplaces × 20 questions, each a chart and a
 * table, made a page of 1.28 MB; one question at a time keeps it light (and its data too, as
 * the page's data is serialised into it). Small-group protection is the service's, unchanged.
 */
const focusSchema = z.coerce.number().int().positive().max(2_147_483_647).optional();
/** Groups (workplaces, …) of the broken-down question per page (`?gp=`): a table each for multi-item questions. */
export const GROUPS_PER_PAGE = 10;
/** Free-text answers the page lists per question (75,000 at national scale); the exports hold all. */
export const TEXTS_ON_PAGE = 50;

export async function loadResults(
	event: ServerLoadEvent<{ id: string }>,
	options: { oneAtATime?: boolean } = {}
) {
	const { locals, url, params } = event;
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const raw = Object.fromEntries(
		[...url.searchParams].filter(([k, v]) => ['by', 'compare', 'base'].includes(k) && v.trim() !== '')
	);
	const query = resultsQuerySchema.safeParse(raw);
	const bases = chartBases(url.searchParams);
	const focusParam = focusSchema.safeParse(url.searchParams.get('q')?.trim() || undefined);
	const groupPageParam = focusSchema.safeParse(url.searchParams.get('gp')?.trim() || undefined);
	if (!query.success || bases === null || !focusParam.success || !groupPageParam.success)
		error(400, translate(locals.locale, 'error.invalid'));
	const full = await orNotFound(locals.locale, () =>
		surveyResults(getDb(), actor, id, { ...query.data, bases }, locals.locale)
	);
	const brokenDown = full.questions.filter((q) => q.breakdown);
	const focus =
		options.oneAtATime && full.by && brokenDown.length > 0
			? (brokenDown.find((q) => q.id === focusParam.data) ?? brokenDown[0]!)
			: null;
	// Its groups a page at a time (already protected by the service: slicing reveals nothing new).
	const groupCount = focus?.breakdown?.groups.length ?? 0;
	const groupPages = Math.max(1, Math.ceil(groupCount / GROUPS_PER_PAGE));
	const groupPage = Math.min(groupPageParam.data ?? 1, groupPages);
	const paged = (q: QuestionResult): QuestionResult =>
		q.breakdown && groupPages > 1
			? {
					...q,
					breakdown: {
						...q.breakdown,
						groups: q.breakdown.groups.slice((groupPage - 1) * GROUPS_PER_PAGE, groupPage * GROUPS_PER_PAGE)
					}
				}
			: q;
	const light = (q: QuestionResult): QuestionResult =>
		options.oneAtATime && q.texts && q.texts.answers.length > TEXTS_ON_PAGE
			? { ...q, texts: { ...q.texts, answers: q.texts.answers.slice(0, TEXTS_ON_PAGE) } }
			: q;
	const results = {
		...full,
		questions: full.questions.map((q) =>
			light(!focus ? q : q.id === focus.id ? paged(q) : { ...q, breakdown: undefined })
		)
	};
	// One question at a time: its place among those with a breakdown, for the switcher and its links.
	const focusNav = focus
		? {
				id: focus.id,
				index: brokenDown.indexOf(focus),
				choices: brokenDown.map((q) => ({ id: q.id, text: q.text })),
				groups: { page: groupPage, pages: groupPages, total: groupCount, size: GROUPS_PER_PAGE }
			}
		: null;
	// The view as a query string (breakdown, comparison, bases), for the print link and the charts' switches.
	const view = new URLSearchParams(
		[...url.searchParams].filter(
			([k, v]) =>
				(['by', 'compare', 'base', 'q', 'gp'].includes(k) || k.startsWith('base.')) && v.trim() !== ''
		)
	);
	return {
		results,
		query: query.data,
		viewQuery: view.toString(),
		focus: focusNav,
		canExportRaw: canExportRaw(actor, { id, programmeId: results.survey.programmeId })
	};
}
