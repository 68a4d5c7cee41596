import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { translate, type Locale } from '#lib/i18n/index.ts';
import { PASSWORD_MAX, signIn } from '#lib/server/auth/auth.service.ts';
import { clientIp, parsePasswordForm, safeNext } from '#lib/server/web/auth.forms.ts';
import { DEVICE_COOKIE, deviceCookieOptions } from '#lib/server/auth/device.service.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '#lib/server/auth/session.service.ts';
import { config } from '#lib/server/config/config.ts';
import { getDb } from '#lib/server/db/index.ts';
import { fields } from '#lib/server/core/validation.ts';

// The sign-in page is one plain form: it ships no JavaScript at all, so the first page of a
// visit is light (issue 15.15; the form posts and shows its errors without scripts).
export const csr = false;

const schema = z.object({
	email: fields.email(),
	password: z.string().min(1).max(PASSWORD_MAX),
	next: z.string().optional()
});

/** "Wait 5 seconds" under a minute, else whole minutes. */
function throttledMessage(locale: Locale, seconds: number): string {
	if (seconds < 60)
		return seconds === 1
			? translate(locale, 'auth.signIn.throttled.second')
			: translate(locale, 'auth.signIn.throttled.seconds', { seconds });
	const minutes = Math.ceil(seconds / 60);
	return minutes === 1
		? translate(locale, 'auth.signIn.throttled.minute')
		: translate(locale, 'auth.signIn.throttled.minutes', { minutes });
}

export const load: PageServerLoad = ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.actor) redirect(303, next);
	return { next, resetDone: url.searchParams.get('reset') === 'done' };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url, getClientAddress, setHeaders }) => {
		const parsed = await parsePasswordForm(request, schema, locals.locale, ['password']);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		const { email, password, next } = parsed.data;
		const result = await signIn(getDb(), {
			email,
			password,
			ip: clientIp(getClientAddress),
			userAgent: request.headers.get('user-agent'),
			sessionDays: config().SESSION_DAYS,
			deviceToken: cookies.get(DEVICE_COOKIE)
		});
		if (!result.ok) {
			if (result.reason === 'throttled') setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			const message =
				result.reason === 'throttled'
					? throttledMessage(locals.locale, result.retryAfterSeconds)
					: translate(locals.locale, 'auth.signIn.failed');
			return fail(result.reason === 'throttled' ? 429 : 400, { errors: {}, values: { email }, message });
		}
		cookies.set(SESSION_COOKIE, result.token, sessionCookieOptions(url, result.expiresAt));
		cookies.set(DEVICE_COOKIE, result.device.token, deviceCookieOptions(url, result.device.expiresAt));
		redirect(303, safeNext(next));
	}
};
