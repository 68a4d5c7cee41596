import type { z } from 'zod';
import {
	isMessageKey,
	translate,
	type Locale,
	type MessageKey,
	type MessageParams
} from '#lib/i18n/index.ts';
import { fieldErrors, hasChanges, type FieldErrors } from './validation.ts';

/** Thrown by `authorize`; routes turn it into 404 (pages, API) so existence is not revealed. */
export class AccessDeniedError extends Error {
	constructor() {
		super('not found or no access');
		this.name = 'AccessDeniedError';
	}
}

/**
 * A broken business rule or invalid input, raised by a service. Routes turn it into
 * `fail(400, { errors })` for forms and a 409/422 JSON error for the API, with messages per
 * field in the user's language. Every domain's input errors extend this one class so the
 * mapping is written once (see `pageAction` and `apiRules` in `web/route.ts`).
 */
export abstract class RuleError extends Error {
	/** 409 for a conflict with stored data (duplicate), 422 for invalid input. */
	abstract readonly status: 409 | 422;
	abstract fieldErrors(locale: Locale): FieldErrors;
}

/**
 * One broken rule with one message, on one field (`_form` when it concerns the whole record).
 * Domains subclass it only to name it (e.g. `class LogbookRuleError extends KeyedRuleError {}`).
 */
export class KeyedRuleError extends RuleError {
	constructor(
		readonly key: MessageKey,
		readonly field = '_form',
		readonly status: 409 | 422 = 422,
		readonly params?: MessageParams
	) {
		super(`rule: ${key}`);
		this.name = new.target.name;
	}

	fieldErrors(locale: Locale): FieldErrors {
		return { [this.field]: [translate(locale, this.key, this.params)] };
	}
}

/** A message key, or a key with its parameters. */
export type RuleMessage = MessageKey | [MessageKey, MessageParams];

/**
 * Several field errors at once: rule messages per field and/or a zod error from the schema,
 * reported together so a form shows every problem in one round.
 */
export class FieldsRuleError extends RuleError {
	constructor(
		readonly keys: Record<string, RuleMessage>,
		readonly zodError?: z.ZodError,
		readonly conflict = false
	) {
		super(
			'invalid: ' +
				[...Object.keys(keys), ...(zodError?.issues.map((i) => i.path.join('.')) ?? [])].join(', ')
		);
		this.name = new.target.name;
	}

	get status(): 409 | 422 {
		return this.conflict ? 409 : 422;
	}

	fieldErrors(locale: Locale): FieldErrors {
		const out = this.zodError ? fieldErrors(this.zodError, locale) : {};
		for (const [field, key] of Object.entries(this.keys))
			(out[field] ??= []).push(
				typeof key === 'string' ? translate(locale, key) : translate(locale, key[0], key[1])
			);
		return out;
	}

	/** The untranslated key of the error on `field`: a rule, or a zod issue carrying a key (tests, branching). */
	keyFor(field: string): MessageKey | undefined {
		const key = this.keys[field];
		if (key) return typeof key === 'string' ? key : key[0];
		const issue = this.zodError?.issues.find((x) => (x.path.join('.') || '_form') === field);
		return issue && isMessageKey(issue.message) ? issue.message : undefined;
	}

	/** Names of the fields with errors. */
	get fieldNames(): string[] {
		return Object.keys(this.fieldErrors('en'));
	}
}

/** Refuses an update that names nothing to change (422), instead of writing nothing. */
export function requireChanges(data: object): void {
	if (!hasChanges(data)) throw new KeyedRuleError('error.emptyPatch');
}
