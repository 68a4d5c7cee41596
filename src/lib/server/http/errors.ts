import type { Locale } from '#lib/i18n/index.ts';
import type { FieldErrors } from './validation.ts';

/**
 * A broken business rule or invalid input, raised by a service. Routes turn it into
 * `fail(400, { errors })` for forms and a 409/422 JSON error for the API, with messages per
 * field in the user's language. Every domain's input errors extend this one class so the
 * mapping is written once (see `http/route.ts`).
 */
export abstract class RuleError extends Error {
	/** 409 for a conflict with stored data (duplicate), 422 for invalid input. */
	abstract readonly status: 409 | 422;
	abstract fieldErrors(locale: Locale): FieldErrors;
}
