import type { LayoutServerLoad } from './$types';
import { roleNamesOf } from '#lib/server/policy/policy.ts';
import { navigationFor } from '#lib/server/web/navigation.ts';

export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	user: locals.actor
		? {
				name: locals.actor.name,
				roles: roleNamesOf(locals.actor)
			}
		: null,
	nav: navigationFor(locals.actor)
});
