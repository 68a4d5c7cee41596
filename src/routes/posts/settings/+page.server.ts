import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import {
	addSubject,
	getPostSettings,
	listSubjects,
	updatePostSettings
} from '#lib/server/posts/posts.service.ts';
import { orNotFound, pageAction, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** The office decides who may write posts, and keeps the subject vocabulary. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const settings = await orNotFound(locals.locale, () => getPostSettings(db, actor, programmeId));
	return { settings, subjects: await listSubjects(db, programmeId), notice: url.searchParams.get('notice') };
};

export const actions: Actions = {
	settings: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => updatePostSettings(getDb(), actor, programmeId, values),
			(errors) => ({ errors, action: 'settings' })
		);
		if (!r.ok) return r.failure;
		redirect(303, '/posts/settings?notice=saved');
	},
	subject: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => addSubject(getDb(), actor, programmeId, values),
			(errors) => ({ errors, values, action: 'subject' })
		);
		if (!r.ok) return r.failure;
		redirect(303, '/posts/settings?notice=subject');
	}
};
