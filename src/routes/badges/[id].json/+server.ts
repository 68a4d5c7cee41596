import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { credentialDownload } from '#lib/server/badges/badges.service.ts';

/** The credential as VCDM 2.0 JSON (an EnvelopedVerifiableCredential around the VC-JWT). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const download = await credentialDownload(getDb(), params.id);
	if (!download) error(404, translate(locals.locale, 'error.notFound'));
	return json(download.json, {
		headers: {
			'content-disposition': `attachment; filename="badge-${params.id}.json"`,
			'cache-control': 'no-store'
		}
	});
};
