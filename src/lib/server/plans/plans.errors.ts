import { translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import { RuleError } from '../http/errors.ts';
import type { FieldErrors } from '../http/validation.ts';

/** A broken SWOT, needs or plan rule (unknown link target, vote on a closed need, …): 409 or 422. */
export class PlansRuleError extends RuleError {
	constructor(
		readonly key: MessageKey,
		readonly field = '_form',
		readonly status: 409 | 422 = 422
	) {
		super(`plans rule: ${key}`);
		this.name = 'PlansRuleError';
	}

	fieldErrors(locale: Locale): FieldErrors {
		return { [this.field]: [translate(locale, this.key)] };
	}
}
