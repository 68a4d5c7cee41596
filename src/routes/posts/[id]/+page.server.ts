import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import {
	addComment,
	deleteComment,
	deletePost,
	editComment,
	getPost,
	moderateComment
} from '#lib/server/posts/posts.service.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';

/** One post: public ones for anyone, members-only ones for the programme's people; with its comments. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const id = idParam(params.id) ?? pageNotFound(locals.locale);
	const view = await orNotFound(locals.locale, () =>
		getPost(getDb(), locals.actor, id, Number(url.searchParams.get('comments')) || 1)
	);
	return { ...view, signedIn: locals.actor !== null, notice: url.searchParams.get('notice') };
};

function ids(params: { id: string }, locals: App.Locals, form: FormData) {
	return {
		postId: idParam(params.id) ?? pageNotFound(locals.locale),
		commentId: idParam(String(form.get('commentId') ?? ''))
	};
}

export const actions: Actions = {
	comment: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const form = await request.formData();
		const { postId } = ids(params, locals, form);
		const values = formToObject(form);
		const r = await pageAction(
			locals,
			() => addComment(getDb(), actor, postId, values),
			(errors) => ({ errors, values, action: 'comment' })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/posts/${postId}?notice=commented#comment-${r.value.id}`);
	},
	editComment: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const form = await request.formData();
		const { postId, commentId } = ids(params, locals, form);
		const values = formToObject(form);
		const r = await pageAction(
			locals,
			() => editComment(getDb(), actor, commentId ?? 0, values),
			(errors) => ({ errors, values, action: 'editComment', commentId })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/posts/${postId}#comment-${commentId}`);
	},
	deleteComment: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const form = await request.formData();
		const { postId, commentId } = ids(params, locals, form);
		await orNotFound(locals.locale, () => deleteComment(getDb(), actor, commentId ?? 0));
		redirect(303, `/posts/${postId}#comments`);
	},
	hideComment: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const form = await request.formData();
		const { postId, commentId } = ids(params, locals, form);
		await orNotFound(locals.locale, () =>
			moderateComment(getDb(), actor, commentId ?? 0, form.get('hidden') !== 'false')
		);
		redirect(303, `/posts/${postId}#comment-${commentId}`);
	},
	delete: async ({ locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const postId = idParam(params.id) ?? pageNotFound(locals.locale);
		await orNotFound(locals.locale, () => deletePost(getDb(), actor, postId));
		redirect(303, '/posts?notice=deleted');
	}
};
