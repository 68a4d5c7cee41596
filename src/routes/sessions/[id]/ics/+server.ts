import type { RequestHandler } from './$types';
import { config } from '#lib/server/config/config.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import {
	readableCalendarSession,
	sessionCalendar,
	sessionFileName
} from '#lib/server/registrations/calendar.service.ts';

/**
 * One session as an .ics download, for anyone who may read the session (signed-out visitors
 * are sent to sign in first). Unknown sessions and sessions the reader may not see are both 404.
 */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const session = await readableCalendarSession(getDb(), actor, id);
	if (!session) pageNotFound(locals.locale);
	return new Response(sessionCalendar({ session, origin: config().ORIGIN ?? url.origin }), {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="${sessionFileName(id)}"`,
			'cache-control': 'private, no-store'
		}
	});
};
