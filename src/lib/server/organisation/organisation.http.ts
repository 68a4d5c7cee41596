import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { translate, type Locale } from '#lib/i18n/index.ts';
import type { Programme, Unit } from '../db/schema.ts';
import { ApiError } from '../http/api.ts';
import type { FieldErrors } from '../http/validation.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { OrganisationError } from './organisation.service.ts';

/**
 * Shared by the organisation pages and API endpoints: presenters (output fields listed
 * explicitly, so a new column never leaks) and the mapping of rule errors to responses.
 */

export function presentUnit(u: Unit) {
	return {
		id: u.id,
		programmeId: u.programmeId,
		parentId: u.parentId,
		kind: u.kind,
		name: u.name,
		code: u.code,
		closedAt: u.closedAt,
		createdAt: u.createdAt,
		updatedAt: u.updatedAt
	};
}

export function presentProgramme(p: Programme) {
	return {
		id: p.id,
		name: p.name,
		funder: p.funder,
		startsOn: p.startsOn,
		endsOn: p.endsOn,
		defaultLocale: p.defaultLocale,
		timeZone: p.timeZone,
		minGroupSize: p.minGroupSize,
		createdAt: p.createdAt,
		updatedAt: p.updatedAt
	};
}

/** Runs an API action, turning organisation rule errors into 409/422 with `error.fields`. */
export async function apiRules<T>(event: RequestEvent, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof OrganisationError) {
			const locale = event.locals.locale;
			const fields = e.fieldErrors(locale);
			// A conflict or a whole-record refusal (e.g. close) says why in the message itself.
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

/** Field errors for a form action, or undefined when `e` is not an organisation rule error. */
export function formRuleErrors(e: unknown, locale: Locale): FieldErrors | undefined {
	return e instanceof OrganisationError ? e.fieldErrors(locale) : undefined;
}

/** Runs a page load step; refusals and unknown ids become a 404 page. */
export async function orNotFound<T>(locale: Locale, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof AccessDeniedError) error(404, translate(locale, 'error.notFound'));
		throw e;
	}
}

/** Sends a signed-out visitor to sign in, coming back here afterwards. */
export function requirePageActor(locals: App.Locals, url: URL): Actor {
	if (!locals.actor) redirect(303, '/sign-in?next=' + encodeURIComponent(url.pathname + url.search));
	return locals.actor;
}

/** Positive integer from a route or query parameter, or null. */
export function idParam(value: string | null | undefined): number | null {
	if (!value || !/^\d{1,9}$/.test(value)) return null;
	const n = Number(value);
	return n > 0 ? n : null;
}
