import type { z } from 'zod';
import type { Locale } from '#lib/i18n/index.ts';
import { fieldErrors, formToObject, type ParseResult } from '../http/validation.ts';

/**
 * Like `parseForm`, but password fields keep their exact characters (no trimming: a
 * password may end with a space) and are never sent back to refill the form.
 */
export async function parsePasswordForm<S extends z.ZodType>(
	request: Request,
	schema: S,
	locale: Locale,
	passwordFields: readonly string[]
): Promise<ParseResult<z.output<S>>> {
	const form = await request.formData();
	const values = formToObject(form);
	for (const name of passwordFields) {
		const raw = form.get(name);
		values[name] = typeof raw === 'string' && raw !== '' ? raw : undefined;
	}
	const parsed = schema.safeParse(values);
	if (parsed.success) return { ok: true, data: parsed.data };
	for (const name of passwordFields) delete values[name];
	return { ok: false, errors: fieldErrors(parsed.error, locale), values };
}

/**
 * Where to go after signing in: only a same-site path (`/…`, not `//host` or `/\host`),
 * so the `next` parameter cannot be used as an open redirect.
 */
export function safeNext(value: unknown): string {
	if (typeof value !== 'string' || value.length > 2000) return '/';
	if (!/^\/(?![/\\])/.test(value)) return '/';
	// Control characters and backslashes are rejected: browsers treat `\` like `/`.
	for (const ch of value) {
		const code = ch.charCodeAt(0);
		if (code < 0x20 || code === 0x7f || ch === '\\') return '/';
	}
	return value;
}

/** The client's address, or null when the adapter cannot tell (e.g. during prerendering). */
export function clientIp(getClientAddress: () => string): string | null {
	try {
		return getClientAddress() || null;
	} catch {
		return null;
	}
}
