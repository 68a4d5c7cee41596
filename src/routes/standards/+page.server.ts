import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { idParam, orNotFound, pageAction, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { updateXapiSettings, xapiOverview } from '#lib/server/xapi/xapi.service.ts';
import {
	achievementFormOptions,
	createAchievement,
	issueAchievement,
	listAchievements
} from '#lib/server/badges/badges.service.ts';

/** The office's open-standards page: xAPI setting and statement file, achievements and badges. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const [xapi, achievements, options] = await orNotFound(locals.locale, () =>
		Promise.all([
			xapiOverview(db, actor, programmeId),
			listAchievements(db, actor, programmeId, Number(url.searchParams.get('page')) || 1),
			achievementFormOptions(db, actor, programmeId)
		])
	);
	return { programmeId, xapi, achievements, options };
};

export const actions: Actions = {
	settings: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => updateXapiSettings(getDb(), actor, programmeId, values),
			(errors) => ({ form: 'settings', errors, values })
		);
		if (!r.ok) return r.failure;
		return { form: 'settings', saved: true };
	},
	create: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => createAchievement(getDb(), actor, programmeId, values),
			(errors) => ({ form: 'create', errors, values })
		);
		if (!r.ok) return r.failure;
		return { form: 'create', created: r.value };
	},
	issue: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(String((await request.formData()).get('achievementId') ?? ''));
		if (id === null)
			return fail(400, { form: 'issue', errors: { _form: [translate(locals.locale, 'error.unknownId')] } });
		const r = await pageAction(
			locals,
			() => issueAchievement(getDb(), actor, id),
			(errors) => ({ form: 'issue', errors })
		);
		if (!r.ok) return r.failure;
		return { form: 'issue', issued: r.value, achievementId: id };
	}
};
