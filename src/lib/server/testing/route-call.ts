import type { Actor } from '../policy/policy.ts';

/** What one call of a route handler may set; everything has a default. */
export interface RouteCallOptions {
	method?: string;
	/** Path of the request URL (defaults to the caller's `path`). */
	path?: string;
	/** Appended to the path, e.g. `?scope=shared`. */
	query?: string;
	params?: Record<string, string>;
	/** Sent as JSON. */
	body?: unknown;
	/** Sent as is (for malformed JSON); wins over `body`. */
	rawBody?: string;
	locale?: string;
}

/**
 * The API-test harness: calls a `+server.ts` handler the way SvelteKit would, with a JSON
 * request and `locals.actor` set, and returns the status and the parsed JSON body (`null`
 * for an empty body, e.g. 204). `defaults` sets the path and locale of every call.
 */
export function routeCaller(defaults: { path?: string; locale?: string } = {}) {
	return async function call(handler: unknown, actor: Actor | null, opts: RouteCallOptions = {}) {
		const url = new URL('http://localhost' + (opts.path ?? defaults.path ?? '/api/v1') + (opts.query ?? ''));
		const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
		const request = new Request(url, {
			method: opts.method ?? 'GET',
			headers: { 'content-type': 'application/json' },
			...(body === undefined ? {} : { body })
		});
		const event = {
			request,
			url,
			params: opts.params ?? {},
			locals: { actor, locale: opts.locale ?? defaults.locale ?? 'en' }
		};
		const res = await (handler as (e: unknown) => Promise<Response>)(event);
		const text = await res.text();
		return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, any> };
	};
}
