import type { PageServerLoad } from './$types';
import { askedLocale } from '#lib/server/web/answering.page.ts';

/** After a submitted survey: a thank-you in the language the survey was answered in. */
export const load: PageServerLoad = ({ url, locals }) => {
	const locale = askedLocale(url) ?? locals.locale;
	locals.locale = locale;
	return { locale };
};
