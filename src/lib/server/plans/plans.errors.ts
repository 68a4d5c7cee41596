import { KeyedRuleError } from '../core/errors.ts';

/** A broken SWOT, needs or plan rule (unknown link target, vote on a closed need, …): 409 or 422. */
export class PlansRuleError extends KeyedRuleError {}
