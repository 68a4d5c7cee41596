import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { deletePost, getPost, updatePost } from '#lib/server/posts/posts.service.ts';
import { postInputSchema } from '#lib/server/posts/posts.schema.ts';
import { api, notFound, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';

function postId(event: Parameters<RequestHandler>[0]): number {
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	return id;
}

/** One post with its neighbours and first page of comments (404 when unknown or not readable). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const view = await getPost(
		getDb(),
		actor,
		postId(event),
		Number(event.url.searchParams.get('commentsPage')) || 1
	);
	return json(view);
});

/** Replaces a post (the whole post is sent, as the form does). */
export const PUT: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = postId(event);
	const body = await parseJsonBody(event, postInputSchema.strict());
	return json(await apiRules(event, () => updatePost(getDb(), actor, id, body)));
});

export const DELETE: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	await deletePost(getDb(), actor, postId(event));
	return new Response(null, { status: 204 });
});
