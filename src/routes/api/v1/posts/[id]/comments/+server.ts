import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { addComment } from '#lib/server/posts/posts.service.ts';
import { commentInputSchema } from '#lib/server/posts/posts.schema.ts';
import { api, notFound, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';

/** Comments on a visible post (programme members); markup is stripped; 201 with the comment. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	const body = await parseJsonBody(event, commentInputSchema.strict());
	return json(await apiRules(event, () => addComment(getDb(), actor, id, body)), { status: 201 });
});
