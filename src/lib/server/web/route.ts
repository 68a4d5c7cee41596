import { error, fail, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { translate, type Locale } from '#lib/i18n/index.ts';
import { getDb } from '../db/index.ts';
import { resolveProgrammeId } from '../organisation/programme-context.service.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { ApiError } from './api.ts';
import { RuleError } from '../core/errors.ts';
import type { FieldErrors } from '../core/validation.ts';

/**
 * Small helpers every page and endpoint shares: ids from the URL, the signed-in actor,
 * the programme in context, and the mapping of refusals (404) and rule errors (form 400, API 409/422).
 */

/** Positive integer from a route or query parameter, or null (a malformed id is as unknown as a missing one). */
export function idParam(value: string | null | undefined): number | null {
	if (!value || !/^\d{1,9}$/.test(value)) return null;
	const n = Number(value);
	return n > 0 ? n : null;
}

/** The signed-in actor for a page, or a redirect to sign-in that comes back here. */
export function requirePageActor(locals: App.Locals, url: URL): Actor {
	if (!locals.actor) redirect(303, '/sign-in?next=' + encodeURIComponent(url.pathname + url.search));
	return locals.actor;
}

/** The page's 404: the same for unknown records and refused ones. */
export function pageNotFound(locale: Locale): never {
	error(404, translate(locale, 'error.notFound'));
}

/** Runs page work, turning a policy refusal into the 404 page. */
export async function orNotFound<T>(locale: Locale, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof AccessDeniedError) pageNotFound(locale);
		throw e;
	}
}

/** The programme a page works in (`?programme=ID` when the actor belongs to it), or 404. */
export async function pageProgramme(actor: Actor, locals: App.Locals, url: URL): Promise<number> {
	const programmeId = await resolveProgrammeId(getDb(), actor, idParam(url.searchParams.get('programme')));
	if (programmeId === null) pageNotFound(locals.locale);
	return programmeId;
}

/** Field errors for a form action, or undefined when `e` is not a rule error. */
export function formRuleErrors(e: unknown, locale: Locale) {
	return e instanceof RuleError ? e.fieldErrors(locale) : undefined;
}

/**
 * The page-action twin of `api()`: runs the service call; a policy refusal is the 404 page
 * (existence not revealed), a RuleError becomes `fail(400, failure(errors))`, anything else is
 * rethrown (SvelteKit's redirects and 500s).
 *
 * @example
 * const r = await pageAction(locals, () => createUnit(db, actor, input), (errors) => ({ errors, values }));
 * if (!r.ok) return r.failure;
 */
export async function pageAction<T, F extends Record<string, unknown>>(
	locals: App.Locals,
	work: () => Promise<T>,
	failure: (errors: FieldErrors) => F
): Promise<{ ok: true; value: T } | { ok: false; failure: ActionFailure<F> }> {
	try {
		return { ok: true, value: await work() };
	} catch (e) {
		if (e instanceof AccessDeniedError) pageNotFound(locals.locale);
		if (e instanceof RuleError)
			return { ok: false, failure: fail(400, failure(e.fieldErrors(locals.locale))) };
		throw e;
	}
}

/**
 * Runs an API action, turning a RuleError into 409 (conflict) or 422 with `error.fields`.
 * A conflict or a whole-record refusal (`_form`) says why in the message itself.
 */
export async function apiRules<T>(event: RequestEvent, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof RuleError) {
			const locale = event.locals.locale;
			const fields = e.fieldErrors(locale);
			const specific = e.status === 409 || '_form' in fields;
			throw new ApiError(
				e.status,
				e.status === 409 ? 'conflict' : 'validation_failed',
				specific
					? (Object.values(fields)[0]?.[0] ?? translate(locale, 'error.invalid'))
					: translate(locale, 'error.invalid'),
				fields
			);
		}
		throw e;
	}
}
