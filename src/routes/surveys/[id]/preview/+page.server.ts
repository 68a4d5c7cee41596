import type { PageServerLoad } from './$types';
import { isLocale, type Locale } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { getSurvey } from '#lib/server/surveys/builder.service.ts';

/** The survey as a respondent sees it, in a chosen language; nothing is saved. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const survey = await orNotFound(locals.locale, () => getSurvey(getDb(), actor, id));
	const requested = url.searchParams.get('lang');
	const lang: Locale = isLocale(requested) ? requested : locals.locale;
	return { survey, lang };
};
