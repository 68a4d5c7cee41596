import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { listPosts } from '#lib/server/posts/posts.service.ts';
import { archiveNav, pageQuery } from '#lib/server/web/posts.page.ts';
import { orNotFound, pageNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** The posts about one subject of the programme's vocabulary (BESÖK's courses-by-subject page). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	if (!/^[a-z0-9-]{1,60}$/.test(params.slug)) pageNotFound(locals.locale);
	const db = getDb();
	const [page, index] = await orNotFound(locals.locale, () =>
		Promise.all([
			listPosts(db, actor, programmeId, {
				subject: params.slug,
				page: pageQuery(url)
			}),
			archiveNav(db, actor, programmeId, locals.locale)
		])
	);
	return { page, index, programmeId, subject: page.subject! };
};
