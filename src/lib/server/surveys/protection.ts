/**
 * Small-group protection (k-anonymity for survey results, SPEC §4). Pure functions, no I/O.
 *
 * A group of fewer than k respondents is never shown on its own. Suppressing only the small
 * groups is not enough when the total is shown: "total minus the shown groups" would give the
 * hidden group back. So the hidden groups, taken together, must also hold at least k
 * respondents; while they don't, the next-smallest shown group is hidden too. The hidden
 * groups may then be shown merged as one "other" row (it has ≥ k respondents by construction,
 * and equals what subtraction would reveal anyway).
 */

/** Default minimum group size when a programme has none set. */
export const DEFAULT_MIN_GROUP_SIZE = 5;

/** The smallest k a programme may set: defined with the programme's settings. */
import { MIN_GROUP_SIZE_FLOOR } from '../organisation/organisation.schema.ts';
export { MIN_GROUP_SIZE_FLOOR };

/** The k to apply for a programme's setting: the default when unset, never below the floor. */
export function minGroupSizeOf(setting: number | null | undefined): number {
	return Math.max(MIN_GROUP_SIZE_FLOOR, Math.floor(setting || DEFAULT_MIN_GROUP_SIZE));
}

/** Why a group is not shown on its own. */
export type SuppressionReason = 'small' | 'subtraction';

export interface GroupSize {
	key: string;
	n: number;
}

export interface ProtectedGroups<G extends GroupSize> {
	/** Groups shown on their own (n ≥ k), in input order. */
	shown: G[];
	/** Groups hidden, with the reason each one is. */
	hidden: (G & { reason: SuppressionReason })[];
	/** Respondents in the hidden groups together; shown as "other" only when `otherShown`. */
	otherN: number;
	/** The merged "other" row may be shown: hidden groups exist and together hold ≥ k. */
	otherShown: boolean;
	/** Everything hidden: the whole breakdown has fewer than k respondents. */
	allHidden: boolean;
}

/**
 * Decides which groups of one breakdown may be shown, given that the total is shown.
 * Groups with n = 0 are dropped (nothing to show or protect).
 *
 * @example protectGroups([{key:'a',n:40},{key:'b',n:3},{key:'c',n:6}], 5)
 *   // b is small; c (the smallest shown) is hidden too so that 40-total can't reveal b;
 *   // other = 9 respondents, shown merged.
 */
export function protectGroups<G extends GroupSize>(groups: readonly G[], k: number): ProtectedGroups<G> {
	const min = Math.max(1, Math.floor(k));
	const present = groups.filter((g) => g.n > 0);
	const reason = new Map<G, SuppressionReason>();
	for (const g of present) if (g.n < min) reason.set(g, 'small');
	let hiddenN = present.filter((g) => reason.has(g)).reduce((s, g) => s + g.n, 0);
	if (reason.size > 0) {
		// Hide the smallest remaining groups until the hidden ones together reach k.
		const candidates = present.filter((g) => !reason.has(g)).sort((a, b) => a.n - b.n);
		for (const g of candidates) {
			if (hiddenN >= min) break;
			reason.set(g, 'subtraction');
			hiddenN += g.n;
		}
	}
	const total = present.reduce((s, g) => s + g.n, 0);
	const shown = present.filter((g) => !reason.has(g));
	const hidden = present.filter((g) => reason.has(g)).map((g) => ({ ...g, reason: reason.get(g)! }));
	return {
		shown,
		hidden,
		otherN: hiddenN,
		otherShown: hidden.length > 0 && hiddenN >= min,
		allHidden: total < min
	};
}

/** May a single group (a total, a wave, a free-text list) of n respondents be shown? */
export function isShowable(n: number, k: number): boolean {
	return n >= Math.max(1, Math.floor(k));
}

/**
 * For de-identified raw exports: maps each value of one grouping attribute to itself, or to
 * `other` when its group is hidden by `protectGroups` (so small groups are merged, and the
 * merged group is itself at least k, or everything becomes `other`).
 */
export function mergeSmallValues(
	values: readonly (string | null)[],
	k: number,
	other = 'other'
): Map<string | null, string | null> {
	const counts = new Map<string | null, number>();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	const keyOf = (v: string | null) => (v === null ? '\u0000null' : 'v:' + v);
	const groups = [...counts].map(([value, n]) => ({ key: keyOf(value), value, n }));
	const result = protectGroups(groups, k);
	const map = new Map<string | null, string | null>();
	for (const g of result.shown) map.set(g.value, g.value);
	for (const g of result.hidden) map.set(g.value, other);
	return map;
}
