import type { PageServerLoad } from './$types';
import { AUDIT_ENTITY_TYPES, listAudit } from '#lib/server/audit/audit.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { auditQuery } from '#lib/server/web/audit.query.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { AUDIT_ACTIONS } from '#lib/server/audit/audit.service.ts';

const PAGE_SIZE = 50;

/** The programme's audit log (programme office and admins); anyone else gets the 404 page. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const { filter, errors, page } = auditQuery(url, locals.locale);
	const log = await orNotFound(locals.locale, () =>
		listAudit(getDb(), actor, programmeId, { ...filter, page, pageSize: PAGE_SIZE })
	);
	return {
		log,
		entityTypes: AUDIT_ENTITY_TYPES,
		actions: AUDIT_ACTIONS,
		errors,
		filter: {
			entityType: filter.entityType ?? '',
			personId: filter.personId ?? null,
			actorId: filter.actorId ?? null,
			action: filter.action ?? '',
			from: url.searchParams.get('from') ?? '',
			to: url.searchParams.get('to') ?? ''
		},
		csvQuery: url.search.replace(/^\?/, '').replace(/(^|&)page=\d*/g, '')
	};
};
