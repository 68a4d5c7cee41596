import { error, fail, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { translate, type Locale } from '#lib/i18n/index.ts';
import { getDb } from '../db/index.ts';
import { ApiError, notFound, parseQuery, requireApiActor } from '../http/api.ts';
import { resolveProgrammeId } from '../organisation/programme-context.ts';
import type { FieldErrors } from '../http/validation.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { peopleQuerySchema } from './people.schema.ts';
import { InputError } from './people.service.ts';

/**
 * Shared by the people pages and `/api/v1/people`: parameter parsing and the mapping of
 * service errors to responses.
 */

/** Positive integer from a route or query parameter, or null. */
export function idParam(value: string | null | undefined): number | null {
	if (!value || !/^\d{1,9}$/.test(value)) return null;
	const n = Number(value);
	return n > 0 ? n : null;
}

/** Runs an API action, turning InputError into 409 (duplicate) or 422 with `error.fields`. */
export async function apiRules<T>(event: RequestEvent, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof InputError) {
			const locale = event.locals.locale;
			const fields = e.fields(locale);
			throw new ApiError(
				e.conflict ? 409 : 422,
				e.conflict ? 'conflict' : 'validation_failed',
				e.conflict
					? (Object.values(fields)[0]?.[0] ?? translate(locale, 'error.invalid'))
					: translate(locale, 'error.invalid'),
				fields
			);
		}
		throw e;
	}
}

/** `programmeId` query parameter for the API (optional; defaults to the caller's programme). */
const programmeParam = z.object({ programmeId: z.coerce.number().int().positive().optional() });

/** The actor and the programme an API call works in; 404 when the actor has none. */
export async function apiContext(event: RequestEvent): Promise<{ actor: Actor; programmeId: number }> {
	const actor = requireApiActor(event);
	const { programmeId: requested } = parseQuery(event, programmeParam.loose());
	const programmeId = await resolveProgrammeId(getDb(), actor, requested);
	if (programmeId === null) throw notFound(event);
	return { actor, programmeId };
}

/** List query for the API: the page schema plus `programmeId`; unknown parameters are refused. */
export const peopleApiQuerySchema = peopleQuerySchema.extend(programmeParam.shape).strict();

/** Route id parameter or 404 (a malformed id is as unknown as a missing one). */
export function personIdParam(event: RequestEvent): number {
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	return id;
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

/**
 * Runs a form action's service call. Invalid input becomes `fail(400, { form, errors, values })`
 * for the page to show next to each field; a refusal becomes the 404 page.
 */
export async function formAction<T>(
	locals: App.Locals,
	formName: string,
	values: Record<string, unknown>,
	work: () => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; failure: ActionFailure<FormFailure> }> {
	try {
		return { ok: true, value: await work() };
	} catch (e) {
		if (e instanceof AccessDeniedError) pageNotFound(locals.locale);
		if (e instanceof InputError)
			return { ok: false, failure: fail(400, { form: formName, errors: e.fields(locals.locale), values }) };
		throw e;
	}
}

/** What a failed person form action returns: which form failed, its errors and the submitted values. */
export interface FormFailure {
	form: string;
	errors: FieldErrors;
	values: Record<string, unknown>;
}
