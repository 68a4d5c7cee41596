import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { config } from '#lib/server/config/config.ts';
import { getDb } from '#lib/server/db/index.ts';
import { migrateToLatest } from '#lib/server/db/migrate.ts';
import { SESSION_COOKIE, sessionCookieOptions, validateSession } from '#lib/server/auth/session.service.ts';
import { authenticateApiToken } from '#lib/server/auth/api-token.service.ts';
import {
	acceptsBearer,
	bearerToken,
	crossSiteResponse,
	isCrossSiteWrite
} from '#lib/server/auth/request-guard.ts';
import { loadActor } from '#lib/server/people/people.service.ts';
import { LOCALE_COOKIE, resolveLocale } from '#lib/server/web/locale.ts';
import { translate } from '#lib/i18n/index.ts';
import { startReminderTimer } from '#lib/server/registrations/reminders.ts';
import { installSessionEffects } from '#lib/server/registrations/registrations.service.ts';
import { onAttendanceMarked } from '#lib/server/registrations/attendance.service.ts';
import { sendCourseEvaluations } from '#lib/server/surveys/distribution.service.ts';
import { startNudgeTimer } from '#lib/server/cycle/nudges.ts';
import { startDraftPurgeTimer } from '#lib/server/surveys/distribution.service.ts';
import { startOutboxWorker } from '#lib/server/mail/outbox.service.ts';
import { collectingMessages, withPageMessages } from '#lib/server/web/messages.ts';
import { compressResponse } from '#lib/server/web/compress.ts';
import { startExportWorker } from '#lib/server/privacy/privacy.service.ts';
import { startRetentionTimer } from '#lib/server/privacy/retention.service.ts';
import { startXapiWorker } from '#lib/server/xapi/xapi.service.ts';
import { startNewsletterTimer } from '#lib/server/newsletter/newsletter.service.ts';
import { installPostMail } from '#lib/server/posts/posts.service.ts';
import { startDecisionNudgeTimer } from '#lib/server/goals/decisions.service.ts';
import { installPostsGoalSource } from '#lib/server/posts/posts.service.ts';
import { installNetworksGoalSource } from '#lib/server/networks/networks.service.ts';
import { installExpertActivation } from '#lib/server/experts/experts.service.ts';

/** Every instance migrates on start; Kysely's migration lock makes concurrent starts safe. */
export const init: ServerInit = async () => {
	await migrateToLatest(getDb());
	// Modules that react to others' changes, wired here so the domains never import each other
	// in a circle: session changes → registrations; attendance → course evaluations (surveys).
	installSessionEffects();
	onAttendanceMarked((db, { sessionId }) => sendCourseEvaluations(db, sessionId));
	// New comments → one batched mail per post author (the renderer of the outbox kind).
	installPostMail();
	// Reminders before sessions, every 10 minutes; unref'd, and safe with several instances.
	startReminderTimer(getDb);
	// Overdue 40-20-40 follow-ups, hourly; each nudge is claimed once across instances.
	startNudgeTimer(getDb);
	// Unsent survey answers of surveys that closed by date, hourly.
	startDraftPurgeTimer(getDb);
	// The outbox worker: renders and sends queued mail (soon after each commit, and every few
	// seconds); several instances share the queue safely. KLOK_OUTBOX=off leaves it to `klok outbox run`.
	startOutboxWorker(getDb);
	// Privacy (issue 14): personal data exports in the background; retention rules daily.
	startExportWorker(getDb);
	startRetentionTimer(getDb);
	// xAPI statements to the LRS (KLOK_XAPI_ENDPOINT), with the outbox's retry and backoff.
	startXapiWorker(getDb);
	// Newsletter digests: prepares each period's draft, sends it after the office's preview
	// window; importing the module also registers its mail renderer.
	startNewsletterTimer(getDb);
	// Overdue steering-group follow-ups, hourly; each decision is nudged once (issue 12).
	startDecisionNudgeTimer(getDb);
	// Goal count sources from knowledge sharing: "posts published", "networks started".
	installPostsGoalSource();
	installNetworksGoalSource();
	// A deactivated expert leaves the search index in the deactivation's transaction (people → experts).
	installExpertActivation();
};

/**
 * Refuses cross-site writes, then resolves the credentials once per request: a Bearer token
 * on /api/v1 only, the session cookie everywhere else (and on the API without a token).
 */
export const handle: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	const authorization = request.headers.get('authorization');
	if (
		isCrossSiteWrite({
			method: request.method,
			pathname: url.pathname,
			origin: request.headers.get('origin'),
			selfOrigin: url.origin,
			authorization,
			contentType: request.headers.get('content-type'),
			hasCookies: Boolean(request.headers.get('cookie'))
		})
	)
		return crossSiteResponse(request.method, request.headers.get('accept'));

	const db = getDb();
	event.locals.actor = null;
	event.locals.sessionId = null;
	event.locals.viaApiToken = false;

	const apiToken = acceptsBearer(url.pathname) ? bearerToken(authorization) : null;
	if (apiToken !== null) {
		// A token request never falls back to the cookie: it is what the caller chose.
		const personId = await authenticateApiToken(db, apiToken);
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
					event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(url, session.expiresAt));
			}
			if (!event.locals.actor) event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}

	event.locals.locale = resolveLocale({
		personLocale: event.locals.actor?.locale,
		cookie: event.cookies.get(LOCALE_COOKIE),
		acceptLanguage: request.headers.get('accept-language')
	});

	// Pages carry the messages they rendered (issue 15.15); the browser gets no catalogue code.
	const locale = event.locals.locale;
	const response = await collectingMessages((keys) =>
		resolve(event, {
			transformPageChunk: ({ html }) => withPageMessages(html.replace('%lang%', locale), locale, keys)
		})
	);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	if (url.protocol === 'https:')
		response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	// Personal data must not be kept by shared caches or the browser's history cache; answers
	// that chose their own policy (downloads, the public OpenAPI document) keep it.
	if ((event.locals.actor || acceptsBearer(url.pathname)) && !response.headers.has('cache-control'))
		response.headers.set('cache-control', 'private, no-store');
	return compressResponse(request, response);
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
