import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { config } from '#lib/server/config/config.ts';
import { getDb } from '#lib/server/db/index.ts';
import { personalFeed, personForFeedToken } from '#lib/server/registrations/calendar.service.ts';

/**
 * A person's private iCalendar feed. The token in the URL is the only credential (calendar apps
 * send no cookie); only its hash is stored, and an unknown or reset token is a plain 404.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const db = getDb();
	const personId = await personForFeedToken(db, params.token);
	if (personId === null) error(404, translate(locals.locale, 'error.notFound'));
	const body = await personalFeed(db, personId, { origin: config().ORIGIN ?? url.origin });
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'inline; filename="klok.ics"',
			// Personal data: never stored by shared caches; apps poll on their own schedule.
			'cache-control': 'private, no-store',
			'referrer-policy': 'no-referrer'
		}
	});
};
