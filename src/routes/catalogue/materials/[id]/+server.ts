import type { RequestHandler } from './$types';
import { getMaterialFile } from '#lib/server/catalogue/catalogue.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';

/** RFC 6266 header with an ASCII fallback and the UTF-8 name (å, ä, ö survive). */
function disposition(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Downloads a material, for whoever may read its activity; always as an attachment, never rendered inline. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const file = await orNotFound(locals.locale, () => getMaterialFile(getDb(), actor, id));
	return new Response(file.content as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': file.contentType,
			'content-length': String(file.size),
			'content-disposition': disposition(file.fileName),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
};
