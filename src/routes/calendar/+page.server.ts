import type { Actions, PageServerLoad } from './$types';
import { config } from '#lib/server/config/config.ts';
import { getDb } from '#lib/server/db/index.ts';
import { requirePageActor } from '#lib/server/web/route.ts';
import {
	feedPath,
	hasCalendarFeed,
	issueCalendarFeedToken
} from '#lib/server/registrations/calendar.service.ts';

/** The personal calendar feed: create the link, or reset it (the old one stops working). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	return { hasFeed: await hasCalendarFeed(getDb(), actor.personId) };
};

/** Issues a new token and returns the feed URL in this response only (just its hash is stored). */
async function issue(locals: App.Locals, url: URL, done: 'created' | 'reset') {
	const actor = requirePageActor(locals, url);
	const token = await issueCalendarFeedToken(getDb(), actor.personId);
	const feedUrl = (config().ORIGIN ?? url.origin).replace(/\/+$/, '') + feedPath(token);
	return { done, feedUrl };
}

export const actions: Actions = {
	create: ({ locals, url }) => issue(locals, url, 'created'),
	reset: ({ locals, url }) => issue(locals, url, 'reset')
};
