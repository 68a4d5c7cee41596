import type { Actions } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { pageAction } from '#lib/server/web/route.ts';
import { verifyPasted } from '#lib/server/badges/badges.service.ts';

/** Anyone may check a credential they were given (no sign-in). */
export const actions: Actions = {
	default: async ({ request, locals }) => {
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => verifyPasted(getDb(), values),
			(errors) => ({ errors, values })
		);
		if (!r.ok) return r.failure;
		return { verification: r.value, values };
	}
};
