import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import {
	isResetTokenValid,
	PASSWORD_MIN,
	passwordSchema,
	resetPassword
} from '#lib/server/auth/auth.service.ts';
import { parsePasswordForm } from '#lib/server/web/auth.forms.ts';
import { getDb } from '#lib/server/db/index.ts';

const schema = z
	.object({ password: passwordSchema(), confirm: z.string().min(1) })
	.refine((v) => v.password === v.confirm, { message: 'auth.password.mismatch', path: ['confirm'] });

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The token is in the URL: keep the page out of caches (the Referer is same-origin only, see hooks).
	setHeaders({ 'cache-control': 'no-store' });
	return { valid: await isResetTokenValid(getDb(), params.token), min: PASSWORD_MIN };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const parsed = await parsePasswordForm(request, schema, locals.locale, ['password', 'confirm']);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, invalid: false });
		const result = await resetPassword(getDb(), { token: params.token, password: parsed.data.password });
		if (!result.ok) return fail(400, { errors: {}, invalid: true });
		redirect(303, '/sign-in?reset=done');
	}
};
