import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requirePageActor } from '#lib/server/web/route.ts';

/** My plan is the person page of the signed-in person. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	redirect(303, `/plans/${actor.personId}`);
};
