import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { logbookFormAction } from '#lib/server/web/logbook.http.ts';
import { entryInputSchema } from '#lib/server/logbook/logbook.schema.ts';
import { getEntry, linkOptions, updateOwnEntry } from '#lib/server/logbook/logbook.service.ts';

/** Editing one of the signed-in person's own entries; anyone else gets 404. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id) ?? pageNotFound(locals.locale);
	const entry = await orNotFound(locals.locale, () => getEntry(getDb(), actor, id));
	if (!entry.own) pageNotFound(locals.locale);
	return {
		entry,
		options: await linkOptions(getDb(), actor),
		values: {
			title: entry.title,
			body: entry.bodyHtml,
			sessionId: entry.session?.id,
			processId: entry.process?.id,
			individualGoalId: entry.goal?.id
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id) ?? pageNotFound(locals.locale);
		// A cleared select means "tied to nothing" when editing.
		const result = await logbookFormAction(request, locals, entryInputSchema, 'save', (data) =>
			updateOwnEntry(getDb(), actor, id, {
				title: data.title ?? null,
				body: data.body,
				sessionId: data.sessionId ?? null,
				processId: data.processId ?? null,
				individualGoalId: data.individualGoalId ?? null
			})
		);
		if (!result.ok) return result.failure;
		redirect(303, `/logbook/${id}?notice=updated`);
	}
};
