import type { PageServerLoad } from './$types';
import { AUDIT_ENTITY_TYPES, listAudit } from '#lib/server/audit/audit.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

const PAGE_SIZE = 50;

/** The programme's audit log (programme office and admins); anyone else gets the 404 page. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const requestedType = url.searchParams.get('type');
	const entityType = AUDIT_ENTITY_TYPES.find((type) => type === requestedType);
	const personId = idParam(url.searchParams.get('person')) ?? undefined;
	const page = Math.min(idParam(url.searchParams.get('page')) ?? 1, 1_000_000);
	const log = await orNotFound(locals.locale, () =>
		listAudit(getDb(), actor, programmeId, { entityType, personId, page, pageSize: PAGE_SIZE })
	);
	return {
		log,
		entityTypes: AUDIT_ENTITY_TYPES,
		filter: { entityType: entityType ?? '', personId: personId ?? null }
	};
};
