import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { getHome } from '#lib/server/home/home.service.ts';

// The home page is links, cards and plain forms: it is rendered on the server only and ships
// no JavaScript (issue 15.15: the first page stays light; the next page starts the app).
export const csr = false;

/** The home page: what exists for the signed-in person, by role. Visitors go to sign-in. */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, '/sign-in');
	const requested = Number(url.searchParams.get('programme'));
	return {
		home: await getHome(
			getDb(),
			locals.actor,
			Number.isSafeInteger(requested) ? requested : null,
			locals.locale
		)
	};
};
