import type { LayoutServerLoad } from './$types';
import { navigationFor } from '#lib/server/web/navigation.ts';

export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	user: locals.actor
		? {
				name: locals.actor.name,
				roles: [...new Set(locals.actor.roles.map((r) => r.role))]
			}
		: null,
	nav: navigationFor(locals.actor)
});
