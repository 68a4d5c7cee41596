import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { config } from '#lib/server/config/config.ts';
import { getDb } from '#lib/server/db/index.ts';
import { migrateToLatest } from '#lib/server/db/migrate.ts';
import { SESSION_COOKIE, sessionCookieOptions, validateSession } from '#lib/server/auth/session.service.ts';
import { authenticateApiToken } from '#lib/server/auth/api-token.service.ts';
import { loadActor } from '#lib/server/people/actor.ts';
import { LOCALE_COOKIE, resolveLocale } from '#lib/server/http/locale.ts';
import { translate } from '#lib/i18n/index.ts';
import { startReminderTimer } from '#lib/server/registrations/reminders.ts';
import { startNudgeTimer } from '#lib/server/cycle/nudges.ts';

/** Every instance migrates on start; Kysely's migration lock makes concurrent starts safe. */
export const init: ServerInit = async () => {
	await migrateToLatest(getDb());
	// Reminders before sessions, every 10 minutes; unref'd, and safe with several instances.
	startReminderTimer(getDb);
	// Overdue 40-20-40 follow-ups, hourly; each nudge is claimed once across instances.
	startNudgeTimer(getDb);
};

/** Resolves the session or API token once per request, then the language. */
export const handle: Handle = async ({ event, resolve }) => {
	const db = getDb();
	event.locals.actor = null;
	event.locals.sessionId = null;
	event.locals.viaApiToken = false;

	const authorization = event.request.headers.get('authorization');
	if (authorization?.startsWith('Bearer ')) {
		const personId = await authenticateApiToken(db, authorization.slice(7).trim());
		if (personId !== null) {
			event.locals.actor = await loadActor(db, personId);
			event.locals.viaApiToken = event.locals.actor !== null;
		}
	} else {
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) {
			const session = await validateSession(db, token, config().SESSION_DAYS);
			if (session) {
				event.locals.actor = await loadActor(db, session.personId);
				event.locals.sessionId = event.locals.actor ? session.sessionId : null;
				// A sliding session got a new expiry: the cookie must follow it.
				if (event.locals.actor && session.extended)
					event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event.url, session.expiresAt));
			}
			if (!event.locals.actor) event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}

	event.locals.locale = resolveLocale({
		personLocale: event.locals.actor?.locale,
		cookie: event.cookies.get(LOCALE_COOKIE),
		acceptLanguage: event.request.headers.get('accept-language')
	});

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	return response;
};

/**
 * Unexpected errors are logged with an id and shown as a calm message in the user's language;
 * SvelteKit's own errors (404, 405) are translated; errors thrown with `error()` keep their text.
 */
export const handleError: HandleServerError = (caught) => {
	const locale = caught.event.locals.locale ?? 'en';
	if (caught.kind === 'unknown') {
		const id = crypto.randomUUID();
		console.error(`[${id}] ${caught.event.request.method} ${caught.event.url.pathname}`, caught.error);
		return { message: translate(locale, 'error.server') };
	}
	if (caught.kind === 'framework' && caught.error.status === 404) {
		return { message: translate(locale, 'error.notFound') };
	}
	return undefined;
};
