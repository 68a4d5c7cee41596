import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { isLocale } from '#lib/i18n/index.ts';
import { catalogueJson, messagesVersion } from '#lib/server/web/messages.ts';

/** One language's whole catalogue, for pages rendered in the browser (issue 15.15). */
export const GET: RequestHandler = ({ params, url }) => {
	if (!isLocale(params.locale)) error(404);
	// Versioned URLs never change; an old version gets today's texts, briefly cached.
	const current = url.searchParams.get('v') === messagesVersion;
	return new Response(catalogueJson(params.locale), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': current ? 'public, max-age=31536000, immutable' : 'public, max-age=60'
		}
	});
};
