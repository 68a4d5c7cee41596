import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { formToLists, formToObject } from '#lib/server/core/validation.ts';
import {
	addPostAuthor,
	addPostFile,
	postForEdit,
	postPickers,
	removePostAuthor,
	setPostLink,
	updatePost
} from '#lib/server/posts/posts.service.ts';
import type { Actor } from '#lib/server/policy/policy.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';

/**
 * Editing a post (its authors while they may write; the office), adding images and
 * attachments, its co-authors and its links (the shared search pickers: GET terms `author`,
 * `activity`, `session`, `process`, `network`, then a POST with the chosen id).
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id) ?? pageNotFound(locals.locale);
	const terms = Object.fromEntries(
		['author', 'activity', 'session', 'process', 'network'].map((k) => [
			k,
			url.searchParams.get(k) ?? undefined
		])
	);
	const [edit, pickers] = await orNotFound(locals.locale, () =>
		Promise.all([postForEdit(getDb(), actor, id), postPickers(getDb(), actor, id, terms)])
	);
	return {
		...edit,
		...pickers,
		terms: Object.fromEntries(Object.entries(terms).map(([k, v]) => [k, v ?? ''])),
		uploaded: url.searchParams.get('uploaded'),
		notice: url.searchParams.get('notice')
	};
};

/** A small form action on the post: the service call, its field errors under `action`, else back to the page. */
async function change(
	event: RequestEvent,
	action: string,
	run: (actor: Actor, id: number, values: Record<string, unknown>) => Promise<unknown>,
	back: (id: number) => string
) {
	const actor = requirePageActor(event.locals, event.url);
	const id = idParam(event.params.id) ?? pageNotFound(event.locals.locale);
	const values = formToObject(await event.request.formData());
	const r = await pageAction(
		event.locals,
		() => run(actor, id, values),
		(errors) => ({ errors, values, action })
	);
	if (!r.ok) return r.failure;
	redirect(303, back(id));
}

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
	addAuthor: (event) =>
		change(
			event,
			'addAuthor',
			(actor, id, values) => addPostAuthor(getDb(), actor, id, values),
			(id) => `/posts/${id}/edit?notice=authors#authors`
		),
	removeAuthor: (event) =>
		change(
			event,
			'removeAuthor',
			(actor, id, values) => removePostAuthor(getDb(), actor, id, values),
			(id) => `/posts/${id}/edit?notice=authors#authors`
		),
	link: (event) =>
		change(
			event,
			'link',
			(actor, id, values) => setPostLink(getDb(), actor, id, values),
			(id) => `/posts/${id}/edit?notice=links#links`
		),
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
