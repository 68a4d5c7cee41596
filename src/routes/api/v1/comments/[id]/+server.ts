import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { deleteComment, editComment, moderateComment } from '#lib/server/posts/posts.service.ts';
import { commentPatchSchema } from '#lib/server/posts/posts.schema.ts';
import { api, notFound, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';

function commentId(event: Parameters<RequestHandler>[0]): number {
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	return id;
}

/** The author changes the text (`body`); the office hides or shows it (`hidden`). 204. */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = commentId(event);
	const body = await parseJsonBody(event, commentPatchSchema);
	const db = getDb();
	if ('hidden' in body) await moderateComment(db, actor, id, body.hidden);
	else await apiRules(event, () => editComment(db, actor, id, body));
	return json({ id });
});

/** The author or the office deletes a comment. */
export const DELETE: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	await deleteComment(getDb(), actor, commentId(event));
	return new Response(null, { status: 204 });
});
