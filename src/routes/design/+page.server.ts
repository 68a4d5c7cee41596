import type { PageServerLoad } from './$types';
import { requirePageActor } from '#lib/server/web/route.ts';

/** The design system's showcase: for anyone signed in (it shows no data). */
export const load: PageServerLoad = ({ locals, url }) => {
	requirePageActor(locals, url);
	return { shownAt: url.searchParams.get('posted') === '1' };
};
