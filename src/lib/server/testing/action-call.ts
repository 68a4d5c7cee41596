import { isHttpError, isRedirect } from '@sveltejs/kit';
import type { Actor } from '../policy/policy.ts';

/** What a form action did: redirected, failed with data for the page, or raised an HTTP error. */
export type ActionOutcome<D = { errors: Record<string, string[]> } & Record<string, unknown>> =
	| { kind: 'redirect'; location: string }
	| { kind: 'fail'; status: number; data: D }
	| { kind: 'error'; status: number };

/**
 * The form-test harness: runs a `+page.server.ts` action the way SvelteKit would for a browser
 * without JavaScript (a urlencoded POST, `locals.actor` set, Swedish by default).
 */
export async function submitAction<D = { errors: Record<string, string[]> } & Record<string, unknown>>(
	action: unknown,
	actor: Actor,
	path: string,
	fields: [string, string][] | Record<string, string>,
	params: Record<string, string> = {},
	locale = 'sv'
): Promise<ActionOutcome<D>> {
	const url = new URL('http://localhost' + path);
	const request = new Request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields)
	});
	try {
		const result = (await (action as (e: unknown) => Promise<unknown>)({
			request,
			url,
			params,
			locals: { actor, locale }
		})) as { status: number; data: D };
		return { kind: 'fail', status: result.status, data: result.data };
	} catch (e) {
		if (isRedirect(e)) return { kind: 'redirect', location: e.location };
		if (isHttpError(e)) return { kind: 'error', status: e.status };
		throw e;
	}
}
