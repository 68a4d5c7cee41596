import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import {
	getRetentionSettings,
	previewRetention,
	updateRetentionSettings
} from '#lib/server/privacy/retention.service.ts';
import { orNotFound, pageAction, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** The programme's retention rules and erasure policy (office), with today's dry run. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const settings = await orNotFound(locals.locale, () => getRetentionSettings(db, actor, programmeId));
	return {
		settings,
		dryRun: await previewRetention(db, actor, programmeId),
		saved: url.searchParams.get('notice') === 'saved'
	};
};

export const actions: Actions = {
	save: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		const done = await pageAction(
			locals,
			() => updateRetentionSettings(getDb(), actor, programmeId, values),
			(errors) => ({ errors, values })
		);
		if (!done.ok) return done.failure;
		redirect(303, '/privacy?notice=saved');
	}
};
