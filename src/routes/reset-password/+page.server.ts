import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { RESET_TTL_MINUTES, requestPasswordReset } from '#lib/server/auth/auth.service.ts';
import { clientIp } from '#lib/server/web/auth.forms.ts';
import { config } from '#lib/server/config/config.ts';
import { getDb } from '#lib/server/db/index.ts';
import { fields, parseForm } from '#lib/server/core/validation.ts';

const schema = z.object({ email: fields.email() });

export const load: PageServerLoad = () => ({ minutes: RESET_TTL_MINUTES });

export const actions: Actions = {
	default: async ({ request, locals, url, getClientAddress }) => {
		const parsed = await parseForm(request, schema, locals.locale);
		if (!parsed.ok)
			return fail(400, { errors: parsed.errors, values: parsed.values, message: null, sent: false });
		const result = await requestPasswordReset(getDb(), {
			email: parsed.data.email,
			// A configured ORIGIN wins over the Host header, so links cannot be pointed elsewhere.
			origin: config().ORIGIN ?? url.origin,
			locale: locals.locale,
			ip: clientIp(getClientAddress)
		});
		if (!result.ok) {
			return fail(429, {
				errors: {},
				values: { email: parsed.data.email },
				message: translate(locals.locale, 'auth.reset.throttled', { minutes: result.retryAfterMinutes }),
				sent: false
			});
		}
		return { sent: true, errors: {}, values: {}, message: null };
	}
};
