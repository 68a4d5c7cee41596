import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { communityAction, readForm } from '#lib/server/web/community.http.ts';
import { createNetwork, listNetworks } from '#lib/server/networks/networks.service.ts';

/** The programme's networks and groups, and a form to start one. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const page = url.searchParams.get('page') ?? undefined;
	return orNotFound(locals.locale, () =>
		listNetworks(getDb(), actor, programmeId, { page: /^\d{1,6}$/.test(page ?? '') ? page : 1 })
	);
};

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const { values } = await readForm(request);
		const r = await communityAction(locals, 'network', values, () =>
			createNetwork(getDb(), actor, programmeId, values)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/networks/${r.value}?notice=created`);
	}
};
