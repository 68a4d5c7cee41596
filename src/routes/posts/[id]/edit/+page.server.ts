import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { formToLists, formToObject } from '#lib/server/core/validation.ts';
import { addPostFile, postForEdit, updatePost } from '#lib/server/posts/posts.service.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';

/** Editing a post (its authors while they may write; the office), and adding images and attachments. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id) ?? pageNotFound(locals.locale);
	return {
		...(await orNotFound(locals.locale, () => postForEdit(getDb(), actor, id))),
		uploaded: url.searchParams.get('uploaded')
	};
};

export const actions: Actions = {
	save: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id) ?? pageNotFound(locals.locale);
		const form = await request.formData();
		const values = { ...formToObject(form), subjects: formToLists(form).subjects ?? [] };
		const r = await pageAction(
			locals,
			() => updatePost(getDb(), actor, id, values),
			(errors) => ({ errors, values, action: 'save' })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/posts/${id}?notice=saved`);
	},
	upload: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id) ?? pageNotFound(locals.locale);
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, {
				action: 'upload',
				errors: { file: [translate(locals.locale, 'posts.error.fileEmpty')] }
			});
		// The size is checked before the content is read (a 50 MB image is refused at once).
		const r = await pageAction(
			locals,
			async () =>
				addPostFile(getDb(), actor, id, {
					name: file.name,
					type: file.type,
					size: file.size,
					content: file.size > 20 * 1024 * 1024 ? new Uint8Array(0) : new Uint8Array(await file.arrayBuffer())
				}),
			(errors) => ({ errors, action: 'upload' })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/posts/${id}/edit?uploaded=${encodeURIComponent(r.value.url)}#upload`);
	}
};
