import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToLists, formToObject } from '#lib/server/core/validation.ts';
import { canWritePosts, createPost, postFormOptions } from '#lib/server/posts/posts.service.ts';
import { idParam, pageAction, pageNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** A new post; `?session=` preselects the session a course report is about. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	if (!(await canWritePosts(db, actor, programmeId))) pageNotFound(locals.locale);
	return {
		options: await postFormOptions(db, programmeId),
		preset: {
			kind: idParam(url.searchParams.get('session')) ? 'course_report' : 'news',
			sessionId: idParam(url.searchParams.get('session')) ?? '',
			language: locals.locale,
			publish: 'draft'
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const form = await request.formData();
		const values = { ...formToObject(form), subjects: formToLists(form).subjects ?? [] };
		const result = await pageAction(
			locals,
			() => createPost(getDb(), actor, programmeId, values),
			(errors) => ({ errors, values })
		);
		if (!result.ok) return result.failure;
		redirect(303, `/posts/${result.value.id}?notice=created`);
	}
};
