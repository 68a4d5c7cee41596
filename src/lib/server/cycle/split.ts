import type { CycleRow } from './cycle.repository.ts';

/**
 * The 40-20-40 split: actual hours before / during / after against the target shares
 * (Brinkerhoff: 40 % preparation, 20 % the session, 40 % application). "During" defaults to
 * the hours credited for an attended session (else the session's hours) when the person
 * logged none; nothing is assumed for before and after.
 */

export const TARGET = { before: 40, during: 20, after: 40 } as const;

export interface Split {
	before: number;
	during: number;
	after: number;
	total: number;
	/** Whole-number percentages of the total (0 when nothing is logged). */
	percent: { before: number; during: number; after: number };
	/** Registrations counted. */
	count: number;
}

/** Hours of one registration, with the "during" default applied. */
export function rowHours(row: CycleRow): { before: number; during: number; after: number } {
	const during = row.hoursDuring ?? (row.status === 'attended' ? (row.hoursCredited ?? row.sessionHours) : 0);
	return { before: row.hoursBefore ?? 0, during, after: row.hoursAfter ?? 0 };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Sums the hours of `rows` into a split. */
export function summariseSplit(rows: readonly CycleRow[]): Split {
	let before = 0;
	let during = 0;
	let after = 0;
	for (const row of rows) {
		const h = rowHours(row);
		before += h.before;
		during += h.during;
		after += h.after;
	}
	return splitOfSums({ before, during, after, count: rows.length });
}

/** A split from hours already summed (by the database: `cycleSums`). */
export function splitOfSums(sums: { before: number; during: number; after: number; count: number }): Split {
	const before = round2(sums.before);
	const during = round2(sums.during);
	const after = round2(sums.after);
	const total = round2(before + during + after);
	const pct = (n: number) => (total > 0 ? Math.round((n / total) * 100) : 0);
	return {
		before,
		during,
		after,
		total,
		percent: { before: pct(before), during: pct(during), after: pct(after) },
		count: sums.count
	};
}

/** Splits grouped by a key (person, unit, activity), sorted by label. */
export function splitBy<K extends string | number>(
	rows: readonly CycleRow[],
	key: (row: CycleRow) => K | null,
	label: (row: CycleRow) => string
): { key: K; label: string; split: Split }[] {
	const groups = new Map<K, { label: string; rows: CycleRow[] }>();
	for (const row of rows) {
		const k = key(row);
		if (k === null) continue;
		let g = groups.get(k);
		if (!g) groups.set(k, (g = { label: label(row), rows: [] }));
		g.rows.push(row);
	}
	return [...groups.entries()]
		.map(([k, g]) => ({ key: k, label: g.label, split: summariseSplit(g.rows) }))
		.sort((a, b) => a.label.localeCompare(b.label));
}

/** When a row's after part is due (stored, else computed from the session end). */
export function dueAt(row: CycleRow): string {
	return (
		row.afterDueAt ?? new Date(new Date(row.endsAt).getTime() + row.followupDays * 86_400_000).toISOString()
	);
}

/** Attended, after part not done, and past its due time. */
export function isOverdue(row: CycleRow, now: Date): boolean {
	return row.status === 'attended' && row.afterCompletedAt === null && dueAt(row) < now.toISOString();
}

export interface Completion {
	registrations: number;
	beforeDone: number;
	afterDone: number;
	overdue: number;
}

/** Cycle completion figures of `rows`. */
export function completion(rows: readonly CycleRow[], now: Date): Completion {
	let beforeDone = 0;
	let afterDone = 0;
	let overdue = 0;
	for (const row of rows) {
		if (row.beforeCompletedAt) beforeDone++;
		if (row.afterCompletedAt) afterDone++;
		if (isOverdue(row, now)) overdue++;
	}
	return { registrations: rows.length, beforeDone, afterDone, overdue };
}
