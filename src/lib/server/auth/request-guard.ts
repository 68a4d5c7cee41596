/**
 * Which credentials a request may use, and whether a write is cross-site. SvelteKit's own
 * CSRF check is off (`csrf.trustedOrigins: ['*']` in vite.config.ts) because it refuses
 * bodyless API calls; this one runs first in `handle` instead.
 */

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Personal API tokens authenticate the REST API only, never pages or form actions. */
export function acceptsBearer(pathname: string): boolean {
	return pathname === '/api/v1' || pathname.startsWith('/api/v1/');
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(authorization: string | null): string | null {
	if (!authorization?.startsWith('Bearer ')) return null;
	return authorization.slice(7).trim() || null;
}

/** The content types an HTML form can send cross-site without a preflight. */
function isFormContentType(contentType: string | null): boolean {
	const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
	return [
		'application/x-www-form-urlencoded',
		'multipart/form-data',
		'text/plain',
		// SvelteKit's own binary form encoding (remote form functions).
		'application/x-sveltekit-formdata'
	].includes(type);
}

/**
 * True when a write must be refused as cross-site: a POST/PUT/PATCH/DELETE whose `Origin`
 * is not the app's own (a missing Origin counts as foreign), when it is a form or has no
 * body (what a forged form can send, as SvelteKit's check has it) or carries cookies (any
 * body then, JSON included). A Bearer call to the API is never refused: it uses no cookie,
 * so nothing can be forged, and scripts need not send Origin or a body.
 */
export function isCrossSiteWrite(input: {
	method: string;
	pathname: string;
	origin: string | null;
	selfOrigin: string;
	authorization: string | null;
	contentType: string | null;
	hasCookies: boolean;
}): boolean {
	if (!MUTATING.has(input.method)) return false;
	// RFC 8058 one-click unsubscribe: the mail provider POSTs from elsewhere; the URL's token is
	// the only credential (the route reads no cookie), so nothing can be forged.
	if (input.pathname.startsWith('/newsletter/unsubscribe/')) return false;
	if (acceptsBearer(input.pathname) && bearerToken(input.authorization) !== null) return false;
	if (input.origin === input.selfOrigin) return false;
	return input.hasCookies || !input.contentType || isFormContentType(input.contentType);
}

/** SvelteKit's answer to a forbidden cross-site write, in the same shape. */
export function crossSiteResponse(method: string, accept: string | null): Response {
	const message = `Cross-site ${method} form submissions are forbidden`;
	if (accept === 'application/json') return Response.json({ message }, { status: 403 });
	return new Response(message, { status: 403, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
}
