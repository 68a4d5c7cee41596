import type { z } from 'zod';
import type { Locale } from '#lib/i18n/index.ts';
import { fieldErrors, formToObject, type ParseResult } from '../core/validation.ts';

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
 * A redirect target from user input (`sign-in?next=`, the language switcher's `redirectTo`):
 * only a same-site path (`/…`), else `/`, so neither can be used as an open redirect.
 * Refused: `//host` and `/\host` (browsers treat `\` like `/`), any backslash, control
 * characters and anything outside printable ASCII (a path from `URL` is percent-encoded).
 */
export function safeNext(value: unknown): string {
	if (typeof value !== 'string' || value.length > 2000) return '/';
	if (!/^\/(?![/\\])/.test(value)) return '/';
	for (const ch of value) {
		const code = ch.charCodeAt(0);
		if (code < 0x21 || code > 0x7e || ch === '\\') return '/';
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
