import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { communityAction, readForm } from '#lib/server/web/community.http.ts';
import { addSubject, listExperts } from '#lib/server/experts/experts.service.ts';
import { listUnitOptions } from '#lib/server/organisation/organisation.service.ts';
import { can } from '#lib/server/policy/policy.ts';

/** The expert directory with its filters (GET form: works without JavaScript). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const query = Object.fromEntries(url.searchParams);
	const result = await orNotFound(locals.locale, async () => {
		try {
			return await listExperts(db, actor, programmeId, query);
		} catch (e) {
			// A bad filter (a hand-typed URL) shows the unfiltered directory.
			if (e instanceof Error && 'fieldErrors' in e) return listExperts(db, actor, programmeId, {});
			throw e;
		}
	});
	return {
		...result,
		units: (await listUnitOptions(db, programmeId)).filter((u) => !u.closed),
		manage: can(actor, 'manage', { type: 'community', programmeId }),
		staff: actor.programmeId === programmeId,
		notice: url.searchParams.get('notice')
	};
};

export const actions: Actions = {
	subject: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const { values } = await readForm(request);
		const r = await communityAction(locals, 'subject', values, () =>
			addSubject(getDb(), actor, programmeId, values)
		);
		if (!r.ok) return r.failure;
		redirect(303, '/experts?notice=subject');
	}
};
