import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { DialectName } from './database.ts';

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
