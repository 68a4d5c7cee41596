import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { LOCALES } from '#lib/i18n/index.ts';
import { safeNext } from '#lib/server/web/auth.forms.ts';
import { LOCALE_COOKIE } from '#lib/server/web/locale.ts';
import { getDb } from '#lib/server/db/index.ts';
import { setPersonLocale } from '#lib/server/auth/auth.service.ts';

const schema = z.object({
	locale: z.enum(LOCALES),
	// Only same-site paths (the sign-in page's rule), so the switcher is no open redirect.
	redirectTo: z.unknown().transform(safeNext)
});

/** The language switcher: remembered in a cookie, and on the person when signed in. */
export const POST: RequestHandler = async ({ request, cookies, locals, url }) => {
	// A body that is no form is treated like an empty one.
	const form = await request.formData().catch(() => new FormData());
	const parsed = schema.safeParse(Object.fromEntries(form));
	if (!parsed.success) redirect(303, '/');
	const { locale, redirectTo } = parsed.data;
	cookies.set(LOCALE_COOKIE, locale, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: 60 * 60 * 24 * 365
	});
	if (locals.actor) {
		await setPersonLocale(getDb(), locals.actor.personId, locale);
	}
	redirect(303, redirectTo);
};
