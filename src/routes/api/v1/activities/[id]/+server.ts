import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { apiId } from '#lib/server/web/catalogue.http.ts';
import {
	archiveActivity,
	getActivity,
	publishActivity,
	unpublishActivity,
	updateActivity
} from '#lib/server/catalogue/catalogue.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';

/** One activity with its sessions and materials; 404 when unknown or not visible. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { activity, sessions, materials } = await getActivity(getDb(), actor, apiId(event));
	return json({ ...activity, sessions, materials });
});

const statusSchema = z.object({ status: z.enum(['draft', 'published', 'archived']).optional() }).loose();

/**
 * Changes some fields of an activity (programme office). `status` publishes (`published`),
 * unpublishes (`draft`) or archives (`archived`) it, after the field changes.
 */
export const PATCH: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = apiId(event);
	const { status, ...fields } = await parseJsonBody(event, statusSchema);
	const db = getDb();
	let result =
		Object.keys(fields).length > 0 || !status
			? await apiRules(event, () => updateActivity(db, actor, id, fields))
			: undefined;
	if (status === 'published') result = await publishActivity(db, actor, id);
	if (status === 'draft') result = await unpublishActivity(db, actor, id);
	if (status === 'archived') result = await archiveActivity(db, actor, id);
	return json(result ?? (await getActivity(db, actor, id)).activity);
});
