import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { publicFeed } from '#lib/server/posts/posts.service.ts';
import { atomFeed } from '#lib/server/web/posts.feed.ts';
import { idParam, orNotFound } from '#lib/server/web/route.ts';
import { firstProgrammeId } from '#lib/server/organisation/organisation.service.ts';

/** The Atom 1.0 feed of a programme's published public posts (no sign-in), `?programme=` or the first. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const db = getDb();
	const programmeId = idParam(url.searchParams.get('programme')) ?? (await firstProgrammeId(db));
	const feed = await orNotFound(locals.locale, () => publicFeed(db, programmeId ?? 0));
	return new Response(atomFeed(feed, url.origin), {
		headers: {
			'content-type': 'application/atom+xml; charset=utf-8',
			'cache-control': 'public, max-age=300'
		}
	});
};
