import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { getProgramme, unitTree } from '#lib/server/organisation/organisation.service.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.service.ts';
import { can } from '#lib/server/policy/policy.ts';

/** The programme's organisation tree; closed units only when "show closed" is ticked. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const db = getDb();
	const programmeId = await resolveProgrammeId(db, actor, idParam(url.searchParams.get('programme')));
	if (programmeId === null) error(404, translate(locals.locale, 'error.notFound'));
	const includeClosed = url.searchParams.get('closed') === '1';
	const [programme, tree] = await orNotFound(locals.locale, () =>
		Promise.all([getProgramme(db, actor, programmeId), unitTree(db, actor, programmeId, { includeClosed })])
	);
	return {
		programme: { id: programme.id, name: programme.name },
		tree: tree.roots,
		count: tree.count,
		includeClosed,
		canCreate: can(actor, 'create', { type: 'unit', id: 0, programmeId })
	};
};
