/**
 * k-anonymity for the de-identified raw export (issue 11.6). Pure functions, no I/O.
 *
 * Protecting each grouping column on its own is not enough: two columns that each hold ≥ k
 * responses can together make a cell of one ("the only senior librarian with under two years'
 * tenure"), whose full answers are then readable. Here the combination of every
 * quasi-identifying column of a row is protected: each column has a ladder of ever coarser
 * values (workplace → parent unit → … → any; day → month → year → any), and the columns are
 * generalised one rung at a time (always the step that leaves the fewest responses in
 * combinations of fewer than k) until the responses still in small combinations are few
 * enough to be left out of the file altogether (suppressed: the whole response, free text
 * included). Every combination in the result holds at least k responses.
 *
 * The ladder is applied to the whole column (full-domain generalisation), so a value means
 * the same in every row and the file says in one line per column how coarse it is.
 */

/** One quasi-identifying column: its rungs, from the exact value (0) to "any" (the last). */
export interface QuasiColumn<R> {
	name: string;
	/** Value of a row at each rung; the last rung must give one value for every row. */
	levels: readonly ((row: R) => string | null)[];
}

export interface KAnonymous<R> {
	/** The rung chosen per column (same order as the columns). */
	levels: number[];
	/** Rows kept, each with its generalised column values (same order as the columns). */
	kept: { row: R; values: (string | null)[] }[];
	/** Rows left out because their combination stayed below k. */
	suppressed: R[];
}

/** How many rows may be suppressed instead of generalising further: k − 1, or 5 % of the rows. */
export function suppressionBudget(n: number, k: number): number {
	return Math.max(k - 1, Math.floor(n * 0.05));
}

/**
 * Generalises and suppresses until every combination of the columns' values holds ≥ k rows.
 * With fewer than k rows in all, everything is suppressed.
 *
 * @example kAnonymise(rows, [{ name: 'unit', levels: [(r) => r.unit, () => null] }], 5)
 */
export function kAnonymise<R>(
	rows: readonly R[],
	columns: readonly QuasiColumn<R>[],
	kInput: number,
	budget = suppressionBudget(rows.length, Math.max(1, Math.floor(kInput)))
): KAnonymous<R> {
	const k = Math.max(1, Math.floor(kInput));
	const levels = columns.map(() => 0);
	// Every column's value at every rung, computed once (the search below only combines them).
	const table = columns.map((c) => c.levels.map((f) => rows.map((r) => f(r))));
	const valuesAt = (lv: readonly number[], i: number) => columns.map((_, c) => table[c]![lv[c]!]![i]!);
	const keyAt = (lv: readonly number[], i: number) => {
		let key = '';
		for (let c = 0; c < columns.length; c++) {
			const v = table[c]![lv[c]!]![i];
			key += (v === null || v === undefined ? '\u0000' : 'v' + v) + '\u0001';
		}
		return key;
	};
	/** Rows in combinations of fewer than k, for the given rungs. */
	const smallRows = (lv: readonly number[]) => {
		const counts = new Map<string, number>();
		const keys = rows.map((_, i) => keyAt(lv, i));
		for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
		return keys.reduce((n, key) => n + (counts.get(key)! < k ? 1 : 0), 0);
	};
	for (;;) {
		const small = smallRows(levels);
		if (small === 0 || small <= budget) break;
		let best: { column: number; small: number } | null = null;
		for (let i = 0; i < columns.length; i++) {
			if (levels[i]! >= columns[i]!.levels.length - 1) continue;
			const next = levels.map((l, j) => (j === i ? l + 1 : l));
			const s = smallRows(next);
			if (!best || s < best.small) best = { column: i, small: s };
		}
		if (!best) break; // Every column is at "any": only suppression is left.
		levels[best.column]!++;
	}
	// The greedy steps may have overshot: take back every step that is not needed.
	for (let changed = true; changed;) {
		changed = false;
		for (let i = 0; i < columns.length; i++) {
			if (levels[i] === 0) continue;
			const finer = levels.map((l, j) => (j === i ? l - 1 : l));
			if (smallRows(finer) <= budget) {
				levels[i]!--;
				changed = true;
				break;
			}
		}
	}
	const keys = rows.map((_, i) => keyAt(levels, i));
	const counts = new Map<string, number>();
	for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
	const kept: KAnonymous<R>['kept'] = [];
	const suppressed: R[] = [];
	rows.forEach((row, i) => {
		if (counts.get(keys[i]!)! >= k) kept.push({ row, values: valuesAt(levels, i) });
		else suppressed.push(row);
	});
	return { levels, kept, suppressed };
}

/**
 * The ladder of a value in a tree (e.g. a workplace and its parent units): rung i is the i-th
 * ancestor (clamped at the root), then `any`. `chain(v)` lists v and its ancestors, nearest first.
 */
export function treeLevels<R>(
	valueOf: (row: R) => string | null,
	chain: (value: string | null) => readonly (string | null)[],
	depth: number,
	any: string
): ((row: R) => string | null)[] {
	const rungs: ((row: R) => string | null)[] = [];
	for (let i = 0; i < depth; i++)
		rungs.push((row) => {
			const c = chain(valueOf(row));
			return c.length === 0 ? null : c[Math.min(i, c.length - 1)]!;
		});
	rungs.push(() => any);
	return rungs;
}
