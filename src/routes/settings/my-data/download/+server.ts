import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { downloadMyExport } from '#lib/server/privacy/privacy.service.ts';
import { requirePageActor } from '#lib/server/web/route.ts';

/** The export ZIP, for its owner with a valid, unexpired link; anything else is "not found". */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const key = url.searchParams.get('key') ?? '';
	const file = key.length <= 100 ? await downloadMyExport(getDb(), actor, key) : null;
	if (!file) error(404, translate(locals.locale, 'privacy.my.expired'));
	return new Response(new Uint8Array(file.content), {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="klok-my-data-${file.id}.zip"`,
			'content-length': String(file.content.length),
			'cache-control': 'private, no-store'
		}
	});
};
