import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { translate, type MessageKey } from '#lib/i18n/index.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { fieldErrors, type FieldErrors } from '../core/validation.ts';

/**
 * Helpers for `/api/v1`. Every error is JSON `{ error: { status, code, message, fields? } }`
 * in the caller's language; bad input is 400/422, never 500.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly fields?: FieldErrors
	) {
		super(message);
	}
}

export function apiErrorResponse(e: ApiError): Response {
	return json(
		{
			error: { status: e.status, code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) }
		},
		{ status: e.status }
	);
}

function message(event: RequestEvent, key: MessageKey): string {
	return translate(event.locals.locale, key);
}

/** The signed-in actor, or a 401 ApiError. */
export function requireApiActor(event: RequestEvent): Actor {
	if (!event.locals.actor) throw new ApiError(401, 'unauthorized', message(event, 'error.unauthorized'));
	return event.locals.actor;
}

export function notFound(event: RequestEvent): ApiError {
	return new ApiError(404, 'not_found', message(event, 'error.notFound'));
}

export function forbidden(event: RequestEvent): ApiError {
	return new ApiError(403, 'forbidden', message(event, 'error.forbidden'));
}

/** Parses the JSON body with a zod schema: 400 when it is not JSON, 422 with field messages when invalid. */
export async function parseJsonBody<S extends z.ZodType>(
	event: RequestEvent,
	schema: S
): Promise<z.output<S>> {
	let body: unknown;
	try {
		body = await event.request.json();
	} catch {
		throw new ApiError(400, 'invalid_json', message(event, 'error.invalid'));
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		throw new ApiError(
			422,
			'validation_failed',
			message(event, 'error.invalid'),
			fieldErrors(parsed.error, event.locals.locale)
		);
	}
	return parsed.data;
}

/** Parses query parameters with a zod schema (400 with field messages when invalid). */
export function parseQuery<S extends z.ZodType>(event: RequestEvent, schema: S): z.output<S> {
	const parsed = schema.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) {
		throw new ApiError(
			400,
			'invalid_query',
			message(event, 'error.invalid'),
			fieldErrors(parsed.error, event.locals.locale)
		);
	}
	return parsed.data;
}

/**
 * Wraps an API handler: maps ApiError and AccessDeniedError (→ 404, existence not revealed)
 * to JSON responses. Anything else is a bug and is left to SvelteKit's 500 handling.
 *
 * @example
 * export const GET = api(async (event) => { const actor = requireApiActor(event); … return json(…); });
 */
export function api<E extends RequestEvent>(handler: (event: E) => Promise<Response>) {
	return async (event: E): Promise<Response> => {
		try {
			return await handler(event);
		} catch (e) {
			if (e instanceof ApiError) return apiErrorResponse(e);
			if (e instanceof AccessDeniedError) return apiErrorResponse(notFound(event));
			throw e;
		}
	};
}
