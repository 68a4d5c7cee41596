import type { RequestEvent } from '@sveltejs/kit';
import { notFound } from './api.ts';
import { idParam } from './route.ts';
import { resolveProgrammeId } from '../organisation/programme-context.service.ts';
import type { Db } from '../db/database.ts';
import type { Actor } from '../policy/policy.ts';

/** Route parameter `name` as an id, or the API's 404 (the one of the plans adapter). */
export { apiId as apiParam } from './plans.http.ts';

/** The programme of an API call (`?programme=ID` when the caller belongs to it), or 404. */
export async function apiProgramme(db: Db, event: RequestEvent, actor: Actor): Promise<number> {
	const id = await resolveProgrammeId(db, actor, idParam(event.url.searchParams.get('programme')));
	if (id === null) throw notFound(event);
	return id;
}
