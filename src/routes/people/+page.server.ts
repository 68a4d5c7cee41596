import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { JOB_CATEGORIES } from '#lib/server/db/schema.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { listUnitOptions } from '#lib/server/organisation/organisation.service.ts';
import { peopleQuerySchema } from '#lib/server/people/people.schema.ts';
import { listPeople } from '#lib/server/people/people.service.ts';
import { can } from '#lib/server/policy/policy.ts';

const PAGE_SIZE = 50;

/** The people list: search, filters and paging come from the query string, so every view is a link. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v.trim() !== ''));
	// A hand-edited, invalid query falls back to the defaults rather than an error page.
	const parsed = peopleQuerySchema.safeParse({ pageSize: String(PAGE_SIZE), ...raw });
	const query = parsed.success ? parsed.data : peopleQuerySchema.parse({ pageSize: String(PAGE_SIZE) });
	const [page, units] = await orNotFound(locals.locale, () =>
		Promise.all([
			listPeople(db, actor, programmeId, query),
			listUnitOptions(db, programmeId, { includeClosed: true })
		])
	);
	return {
		page,
		units,
		jobCategories: JOB_CATEGORIES,
		query: {
			q: query.q ?? '',
			unitId: query.unitId ?? null,
			includeDescendants: query.includeDescendants,
			jobCategory: query.jobCategory ?? '',
			status: query.status
		},
		canCreate: can(actor, 'create', { type: 'person', id: 0, programmeId, unitId: null })
	};
};
