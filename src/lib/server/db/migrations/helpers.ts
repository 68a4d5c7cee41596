import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialect } from '../database.ts';

/**
 * Column types that differ between SQLite and PostgreSQL, chosen once per migration.
 * Migrations are frozen once merged: change these helpers only in ways that keep
 * every existing migration producing the same schema.
 */
export function columnTypes(db: Kysely<any>) {
	const pg = dialect(db) === 'postgres';
	return {
		pg,
		/** A UTC instant. SQLite stores ISO-8601 text, PostgreSQL timestamptz. */
		timestamp: pg ? ('timestamptz' as const) : ('text' as const),
		/** A calendar date, `YYYY-MM-DD`. */
		date: pg ? ('date' as const) : ('text' as const),
		/** Money and hours with two decimals. */
		decimal: pg ? ('numeric(12, 2)' as const) : ('real' as const),
		/** Binary content (uploaded files). */
		blob: pg ? ('bytea' as const) : ('blob' as const),
		/** Default "now" in the same ISO-8601 UTC format the application writes. */
		now: pg ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`
	};
}

/** Adds an auto-incrementing integer primary key named `id`. */
export function withId<T extends string, C extends string>(
	db: Kysely<any>,
	table: CreateTableBuilder<T, C>
): CreateTableBuilder<T, C | 'id'> {
	return dialect(db) === 'postgres'
		? table.addColumn('id', 'serial', (c) => c.primaryKey())
		: table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** `created_at` with a database default of now. */
export function createdAt(db: Kysely<any>) {
	const t = columnTypes(db);
	return ['created_at', t.timestamp, (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(t.now)] as const;
}
