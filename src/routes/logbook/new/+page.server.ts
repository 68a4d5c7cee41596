import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, requirePageActor } from '#lib/server/web/route.ts';
import { logbookFormAction } from '#lib/server/web/logbook.http.ts';
import { entryInputSchema } from '#lib/server/logbook/logbook.schema.ts';
import { createEntry, linkOptions } from '#lib/server/logbook/logbook.service.ts';

/** A new entry; `?session=`, `?process=` or `?goal=` preselect what it is tied to. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	return {
		options: await linkOptions(getDb(), actor),
		preset: {
			sessionId: idParam(url.searchParams.get('session')),
			processId: idParam(url.searchParams.get('process')),
			individualGoalId: idParam(url.searchParams.get('goal'))
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const result = await logbookFormAction(request, locals, entryInputSchema, 'save', (data) =>
			createEntry(getDb(), actor, data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/logbook/${result.value.id}?notice=created`);
	}
};
