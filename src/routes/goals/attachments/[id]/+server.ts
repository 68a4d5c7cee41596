import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { getAttachmentFile } from '#lib/server/goals/attachments.service.ts';
import { attachmentDisposition } from '#lib/server/web/uploads.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';

/**
 * Downloads a goal's or a steering meeting's attachment, for whoever may read that goal table
 * or decisions log (checked on every request; anyone else gets "not found"); always as an
 * attachment, never rendered inline, never cached.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const file = await orNotFound(locals.locale, () => getAttachmentFile(getDb(), actor, id));
	return new Response(file.content as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': file.contentType,
			'content-length': String(file.size),
			'content-disposition': attachmentDisposition(file.fileName),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
};
