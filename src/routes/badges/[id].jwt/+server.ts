import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { credentialDownload } from '#lib/server/badges/badges.service.ts';

/** The signed credential itself (compact VC-JWT). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const download = await credentialDownload(getDb(), params.id);
	if (!download) error(404, translate(locals.locale, 'error.notFound'));
	return new Response(download.jwt, {
		headers: {
			'content-type': 'application/vc+jwt',
			'content-disposition': `attachment; filename="badge-${params.id}.jwt"`,
			'cache-control': 'no-store'
		}
	});
};
