import type { PageServerLoad } from './$types';
import { activityQuerySchema } from '#lib/server/catalogue/catalogue.schema.ts';
import { isCatalogueOffice, listActivities, listTracks } from '#lib/server/catalogue/catalogue.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { ACTIVITY_TYPES } from '#lib/server/db/schema.ts';
import { orNotFound, pageNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** The office's activity list: every activity, drafts and archived included. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	if (!isCatalogueOffice(actor, programmeId)) pageNotFound(locals.locale);
	const db = getDb();
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v.trim() !== ''));
	const parsed = activityQuerySchema.safeParse(raw);
	const query = parsed.success ? parsed.data : activityQuerySchema.parse({});
	const [page, tracks] = await orNotFound(locals.locale, () =>
		Promise.all([listActivities(db, actor, programmeId, query), listTracks(db, programmeId)])
	);
	return {
		page,
		tracks,
		types: ACTIVITY_TYPES,
		query: { q: query.q ?? '', trackId: query.trackId ?? null, type: query.type ?? '', status: query.status }
	};
};
