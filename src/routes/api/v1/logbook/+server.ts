import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { entryInputSchema, logbookQuerySchema } from '#lib/server/logbook/logbook.schema.ts';
import { createEntry, listOwnEntries, listSharedWithMe } from '#lib/server/logbook/logbook.service.ts';

/** The caller's own entries (`scope=own`, default) or other people's shared with them (`scope=shared`). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { scope } = parseQuery(event, logbookQuerySchema);
	const db = getDb();
	return json({
		data: scope === 'shared' ? await listSharedWithMe(db, actor) : await listOwnEntries(db, actor)
	});
});

/** Writes a new private entry. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const body = await parseJsonBody(event, entryInputSchema.strict());
	const entry = await apiRules(event, () => createEntry(getDb(), actor, body));
	return json(entry, { status: 201 });
});
