import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { logbookFormAction } from '#lib/server/web/logbook.http.ts';
import { deleteSchema, shareSchema, withdrawSchema } from '#lib/server/logbook/logbook.schema.ts';
import {
	consentHistory,
	deleteOwnEntry,
	getEntry,
	shareEntry,
	withdrawShare
} from '#lib/server/logbook/logbook.service.ts';

/** One entry: the author sees sharing and consent history; a reader through a share sees the text. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id) ?? pageNotFound(locals.locale);
	const db = getDb();
	const entry = await orNotFound(locals.locale, () => getEntry(db, actor, id));
	return {
		entry,
		history: entry.own ? await consentHistory(db, actor, id) : [],
		notice: url.searchParams.get('notice'),
		audience: url.searchParams.get('audience')
	};
};

function entryId(params: { id: string }, locals: App.Locals): number {
	return idParam(params.id) ?? pageNotFound(locals.locale);
}

export const actions: Actions = {
	share: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = entryId(params, locals);
		let audience = '';
		const result = await logbookFormAction(request, locals, shareSchema, 'share', (data) => {
			audience = data.audience;
			return shareEntry(getDb(), actor, id, data.audience);
		});
		if (!result.ok) return result.failure;
		redirect(303, `/logbook/${id}?notice=shared&audience=${audience}`);
	},
	withdraw: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = entryId(params, locals);
		let audience = '';
		const result = await logbookFormAction(request, locals, withdrawSchema, 'withdraw', (data) => {
			audience = data.audience;
			return withdrawShare(getDb(), actor, id, data.audience);
		});
		if (!result.ok) return result.failure;
		redirect(303, `/logbook/${id}?notice=withdrawn&audience=${audience}`);
	},
	delete: async ({ request, locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = entryId(params, locals);
		const result = await logbookFormAction(request, locals, deleteSchema, 'delete', () =>
			deleteOwnEntry(getDb(), actor, id)
		);
		if (!result.ok) return result.failure;
		redirect(303, '/logbook?notice=deleted');
	}
};
