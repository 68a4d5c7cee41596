import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { createPost, listPosts } from '#lib/server/posts/posts.service.ts';
import { postInputSchema, postsApiQuerySchema } from '#lib/server/posts/posts.schema.ts';
import { api, parseJsonBody, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { apiProgramme } from '#lib/server/web/processes.http.ts';
import { apiRules } from '#lib/server/web/route.ts';

/** A page of the programme's posts, newest first (the archive filters: year, month, subject, track, kind). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { programme: _p, ...query } = parseQuery(event, postsApiQuerySchema);
	const db = getDb();
	const programmeId = await apiProgramme(db, event, actor);
	const page = await listPosts(db, actor, programmeId, query);
	return json({ data: page.items, page: page.page, pageSize: page.pageSize, total: page.total });
});

/** Writes a post (the office; managers and participants where the programme allows); 201. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const db = getDb();
	const programmeId = await apiProgramme(db, event, actor);
	const body = await parseJsonBody(event, postInputSchema.strict());
	const post = await apiRules(event, () => createPost(db, actor, programmeId, body));
	return json(post, { status: 201 });
});
