import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { LOCALES, translate } from '#lib/i18n/index.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '#lib/server/auth/api-token.service.ts';
import {
	changePassword,
	PASSWORD_MAX,
	PASSWORD_MIN,
	passwordSchema,
	setPersonLocale
} from '#lib/server/auth/auth.service.ts';
import { parsePasswordForm } from '#lib/server/web/auth.forms.ts';
import { invalidateOtherSessions, listSessions } from '#lib/server/auth/session.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { LOCALE_COOKIE } from '#lib/server/web/locale.ts';
import { fields, parseForm } from '#lib/server/core/validation.ts';

const localeSchema = z.object({ locale: z.enum(LOCALES) });
const passwordForm = z
	.object({
		currentPassword: fields.string().min(1).max(PASSWORD_MAX),
		newPassword: passwordSchema(),
		confirm: fields.string().min(1)
	})
	.refine((v) => v.newPassword === v.confirm, { message: 'auth.password.mismatch', path: ['confirm'] });
const tokenSchema = z.object({ name: fields.text(100) });
const revokeSchema = z.object({ id: fields.id() });

/** Every action needs a signed-in person; settings are personal. */
function requireActor(locals: App.Locals, url: URL) {
	if (!locals.actor) redirect(303, '/sign-in?next=' + encodeURIComponent(url.pathname));
	return locals.actor;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	const db = getDb();
	const [tokens, sessions] = await Promise.all([
		listApiTokens(db, actor.personId),
		listSessions(db, actor.personId, locals.sessionId)
	]);
	return {
		savedLocale: actor.locale ?? locals.locale,
		tokens,
		sessions,
		hasSession: locals.sessionId !== null,
		passwordMin: PASSWORD_MIN,
		notice: url.searchParams.get('saved') === 'locale' ? ('settings.language.saved' as const) : null
	};
};

export const actions: Actions = {
	locale: async ({ request, locals, url, cookies }) => {
		const actor = requireActor(locals, url);
		const parsed = await parseForm(request, localeSchema, locals.locale);
		if (!parsed.ok) return fail(400, { section: 'locale', errors: parsed.errors });
		await setPersonLocale(getDb(), actor.personId, parsed.data.locale);
		cookies.set(LOCALE_COOKIE, parsed.data.locale, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 60 * 60 * 24 * 365
		});
		// A fresh request, so the page is rendered in the new language.
		redirect(303, '/settings?saved=locale');
	},

	password: async ({ request, locals, url }) => {
		const actor = requireActor(locals, url);
		const parsed = await parsePasswordForm(request, passwordForm, locals.locale, [
			'currentPassword',
			'newPassword',
			'confirm'
		]);
		if (!parsed.ok) return fail(400, { section: 'password', errors: parsed.errors });
		const result = await changePassword(getDb(), {
			personId: actor.personId,
			currentPassword: parsed.data.currentPassword,
			newPassword: parsed.data.newPassword,
			keepSessionId: locals.sessionId
		});
		if (!result.ok) {
			const errors =
				result.reason === 'wrongPassword'
					? { currentPassword: [translate(locals.locale, 'settings.password.wrong')] }
					: { newPassword: [translate(locals.locale, 'error.tooShort', { min: PASSWORD_MIN })] };
			return fail(400, { section: 'password', errors });
		}
		return { section: 'password', done: translate(locals.locale, 'settings.password.changed') };
	},

	createToken: async ({ request, locals, url }) => {
		const actor = requireActor(locals, url);
		const parsed = await parseForm(request, tokenSchema, locals.locale);
		if (!parsed.ok) return fail(400, { section: 'tokens', errors: parsed.errors, values: parsed.values });
		const { token } = await createApiToken(getDb(), actor.personId, parsed.data.name);
		// Shown once in this response; only its hash is stored.
		return { section: 'tokens', created: { name: parsed.data.name, token } };
	},

	revokeToken: async ({ request, locals, url }) => {
		const actor = requireActor(locals, url);
		const parsed = await parseForm(request, revokeSchema, locals.locale);
		const revoked = parsed.ok && (await revokeApiToken(getDb(), actor.personId, parsed.data.id));
		if (!revoked)
			return fail(404, {
				section: 'tokens',
				errors: { _form: [translate(locals.locale, 'error.unknownId')] }
			});
		return { section: 'tokens', done: translate(locals.locale, 'settings.tokens.revoked') };
	},

	signOutOthers: async ({ locals, url }) => {
		const actor = requireActor(locals, url);
		if (locals.sessionId) await invalidateOtherSessions(getDb(), actor.personId, locals.sessionId);
		return { section: 'sessions', done: translate(locals.locale, 'settings.sessions.signedOutOthers') };
	}
};
