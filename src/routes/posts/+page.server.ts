import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { canModeratePosts, canWritePosts, listPosts } from '#lib/server/posts/posts.service.ts';
import { archiveNav, pageQuery } from '#lib/server/web/posts.page.ts';
import { idParam, orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { POST_KINDS, type PostKind } from '#lib/server/db/schema.ts';

/** The posts of the programme, newest first (own drafts and scheduled ones too), and the archive. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const kind = url.searchParams.get('kind');
	const trackId = idParam(url.searchParams.get('trackId'));
	const [page, index, canWrite, canModerate] = await orNotFound(locals.locale, () =>
		Promise.all([
			listPosts(db, actor, programmeId, {
				page: pageQuery(url),
				...(kind && (POST_KINDS as readonly string[]).includes(kind) ? { kind: kind as PostKind } : {}),
				...(trackId ? { trackId } : {})
			}),
			archiveNav(db, actor, programmeId, locals.locale),
			canWritePosts(db, actor, programmeId),
			Promise.resolve(canModeratePosts(actor, programmeId))
		])
	);
	const track = trackId ? (index.tracks.find((t) => t.id === trackId) ?? null) : null;
	return { page, index, canWrite, canModerate, programmeId, track, notice: url.searchParams.get('notice') };
};
