import {
	sql,
	type Expression,
	type Kysely,
	type RawBuilder,
	type SelectQueryBuilder,
	type SqlBool
} from 'kysely';
import { dialect, type DialectName } from './database.ts';

/**
 * Same-named helpers for the places where SQLite and PostgreSQL differ. Callers pass the
 * dialect (from `dialect(db)`) so a query is written once. Each helper is tested on both.
 */

/** The current instant as an ISO-8601 UTC string, the format every timestamp column holds. */
export function nowIso(): string {
	return new Date().toISOString();
}

/** Escapes LIKE wildcards so user input matches literally. */
export function escapeLike(term: string): string {
	return term.replace(/[\\%_]/g, (c) => '\\' + c);
}

/**
 * Case-insensitive "contains" that also folds Nordic letters (Å/å, Ä/ä, Ö/ö, Æ/æ, Ø/ø).
 * PostgreSQL's ILIKE folds them; SQLite's LIKE folds ASCII only, so SQLite uses the
 * `klok_fold` function registered on every connection by `createDb`.
 */
export function containsInsensitive(
	dialect: DialectName,
	column: Expression<string | null>,
	term: string
): RawBuilder<SqlBool> {
	const pattern = '%' + escapeLike(term.trim()) + '%';
	return dialect === 'postgres'
		? sql<SqlBool>`${column} ilike ${pattern} escape '\\'`
		: sql<SqlBool>`klok_fold(${column}) like klok_fold(${pattern}) escape '\\'`;
}

/**
 * Keeps the query planner's statistics current (after migrations, at every start). SQLite
 * has none until ANALYZE runs, and without them it may pick a poor index for a count over
 * 100,000 people; `PRAGMA optimize` analyses only what changed, bounded by `analysis_limit`.
 * PostgreSQL's autovacuum analyses on its own, so it is a no-op there. Returns what ran.
 */
export async function refreshPlannerStatistics(db: Kysely<any>): Promise<'optimize' | 'none'> {
	if (dialect(db) === 'postgres') return 'none';
	await sql`PRAGMA analysis_limit = 1000`.execute(db);
	await sql`PRAGMA optimize = 0x10002`.execute(db);
	return 'optimize';
}

/**
 * "Contains this exact text" (a copy of a name or e-mail to scrub). The ESCAPE clause is
 * explicit: SQLite's LIKE has no default escape character, PostgreSQL's is the backslash.
 * SQLite's LIKE ignores ASCII case, PostgreSQL's does not; `replaceText` is exact on both.
 */
export function containsText(column: Expression<string | null>, term: string): RawBuilder<SqlBool> {
	return sql<SqlBool>`${column} like ${'%' + escapeLike(term) + '%'} escape '\\'`;
}

/** Every occurrence of `from` in the column replaced by `to` (same function on both dialects). */
export function replaceText(column: Expression<string | null>, from: string, to: string): RawBuilder<string> {
	return sql<string>`replace(${column}, ${from}, ${to})`;
}

/**
 * Bytes [start, start + length) of a blob column (0-based), read in the database so a range
 * request never loads a whole video: SQLite `substr` on a blob, PostgreSQL `substring` on bytea
 * (both 1-based).
 */
export function blobSlice(
	dialect: DialectName,
	column: Expression<Buffer | null>,
	start: number,
	length: number
): RawBuilder<Buffer | null> {
	return dialect === 'postgres'
		? sql<Buffer | null>`substring(${column} from ${start + 1}::int for ${length}::int)`
		: sql<Buffer | null>`substr(${column}, ${start + 1}, ${length})`;
}

/**
 * `YYYY-MM` of a timestamp column in UTC (archives by month): SQLite stores ISO text, so the
 * first seven characters; PostgreSQL formats the timestamptz in UTC.
 */
export function yearMonthUtc(dialect: DialectName, column: Expression<string | null>): RawBuilder<string> {
	return dialect === 'postgres'
		? sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM')`
		: sql<string>`substr(${column}, 1, 7)`;
}

/**
 * An instant plus a whole number of days (a timestamp column and an integer expression), as an
 * ISO-8601 UTC instant on SQLite (text) and a timestamptz on PostgreSQL; compose with
 * `yearMonthUtc` for its month.
 */
export function plusDays(
	dialect: DialectName,
	column: Expression<string | null>,
	days: Expression<number>
): RawBuilder<string> {
	return dialect === 'postgres'
		? sql<string>`(${column} + ${days} * interval '1 day')`
		: sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', ${column}, '+' || ${days} || ' days')`;
}

/**
 * Full planner statistics for tables a bulk load just filled (the national demo, a migration's
 * fill). SQLite's `PRAGMA optimize` samples with `analysis_limit`, which on an index led by a
 * column of few values (`registrations(status, …)`) reads the first rows of one value only and
 * estimates ~2,000 rows per status of a million: the planner then leads with it and sorts
 * everything. Unlimited here; later `optimize` runs leave such a table alone until it grows
 * tenfold. PostgreSQL's ANALYZE samples at random, so its estimate is sound.
 */
export async function analyzeTables(db: Kysely<any>, tables: readonly string[]): Promise<void> {
	const pg = dialect(db) === 'postgres';
	if (!pg) await sql`PRAGMA analysis_limit = 0`.execute(db);
	for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(db);
	if (!pg) await sql`PRAGMA analysis_limit = 1000`.execute(db);
}

/**
 * A set of unit ids for `where(column, 'in', …)`: a (small, bounded) list, or a subquery of
 * one `unitId` column from the organisation service (`programmeUnitsQuery`, `subtreeUnitsQuery`)
 * so that a programme or a subtree is joined in the database instead of passed as parameters.
 */
export type UnitSet = readonly number[] | SelectQueryBuilder<any, any, { unitId: number }>;

/** The right-hand side of `in` for a `UnitSet` (an empty list matches nothing). */
export function unitSetOperand(units: UnitSet): any {
	if (!Array.isArray(units)) return units;
	return units.length === 0 ? [-1] : [...units];
}

/** True for a list with no ids (a subquery may be empty too, but the database finds out). */
export function isEmptyUnitList(units: UnitSet): boolean {
	return Array.isArray(units) && units.length === 0;
}
