import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { listPosts } from '#lib/server/posts/posts.service.ts';
import { archiveNav, pageQuery, monthLabel } from '#lib/server/web/posts.page.ts';
import { orNotFound, pageNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** The archive of one year or one month (BESÖK's reverse-date archive), published posts only. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const year = /^\d{4}$/.test(params.year) ? Number(params.year) : pageNotFound(locals.locale);
	const month =
		params.month === undefined
			? undefined
			: /^(0?[1-9]|1[0-2])$/.test(params.month)
				? Number(params.month)
				: pageNotFound(locals.locale);
	if (year < 1900 || year > 2199) pageNotFound(locals.locale);
	const db = getDb();
	const [page, index] = await orNotFound(locals.locale, () =>
		Promise.all([
			listPosts(db, actor, programmeId, {
				year,
				...(month ? { month } : {}),
				page: pageQuery(url)
			}),
			archiveNav(db, actor, programmeId, locals.locale)
		])
	);
	return {
		page,
		index,
		programmeId,
		year,
		month: month ?? null,
		label: month ? monthLabel(locals.locale, year, month) : String(year)
	};
};
