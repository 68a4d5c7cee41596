import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { getPostFile } from '#lib/server/posts/posts.service.ts';
import { idParam, orNotFound, pageNotFound } from '#lib/server/web/route.ts';

function disposition(fileName: string, inline: boolean): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * A post's image or attachment for whoever may read the post (a public post's without signing
 * in). Images are shown inline (types are checked at upload; `nosniff`); documents download.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const id = idParam(params.id) ?? pageNotFound(locals.locale);
	const file = await orNotFound(locals.locale, () => getPostFile(getDb(), locals.actor, id));
	const image = file.contentType.startsWith('image/');
	return new Response(file.content as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': file.contentType,
			'content-length': String(file.size),
			'content-disposition': disposition(file.fileName, image),
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'",
			'cache-control': file.public ? 'public, max-age=3600' : 'private, no-store'
		}
	});
};
