import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiId } from '#lib/server/web/catalogue.http.ts';
import { sessionPatchSchema } from '#lib/server/catalogue/catalogue.schema.ts';
import { cancelSession, getSession, updateSession } from '#lib/server/catalogue/catalogue.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';

/** One session with its activity, materials and the caller's own registration; 404 when not visible. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { session, activity, materials, myRegistration } = await getSession(getDb(), actor, apiId(event));
	return json({ ...session, activity, materials, myRegistration });
});

/**
 * Changes a session (programme office): time, place, capacity, … A capacity below the
 * confirmed seats is refused (422). `{ "status": "cancelled", "cancelReason": "…" }` cancels it.
 */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const { status, cancelReason, ...fields } = await parseJsonBody(event, sessionPatchSchema);
	const db = getDb();
	if (status === 'cancelled')
		return json(await apiRules(event, () => cancelSession(db, actor, id, { reason: cancelReason ?? '' })));
	return json(
		await apiRules(event, () => updateSession(db, actor, id, { ...fields, ...(status ? { status } : {}) }))
	);
});
