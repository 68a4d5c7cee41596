import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, CamelCasePlugin, type LogEvent } from 'kysely';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';

export interface DbOptions {
	/** `postgres://…` selects PostgreSQL; otherwise SQLite at `sqlitePath`. */
	databaseUrl?: string | undefined;
	sqlitePath?: string;
	/** Pool size for PostgreSQL. */
	poolSize?: number;
	/** Queries taking at least this many milliseconds are written to stderr (SLOW_QUERY_MS). */
	slowQueryMs?: number | undefined;
}

/**
 * The slow-query log: one JSON line per query at or over the threshold, with its duration and
 * SQL (parameters left out: they may be personal data). Failed queries are logged whatever
 * their duration.
 */
function slowQueryLog(thresholdMs: number | undefined) {
	if (thresholdMs === undefined) return undefined;
	return (event: LogEvent) => {
		const ms = event.queryDurationMillis;
		if (event.level === 'query' && ms < thresholdMs) return;
		console.warn(
			JSON.stringify({
				slowQuery: Math.round(ms * 10) / 10,
				...(event.level === 'error' ? { failed: true } : {}),
				sql: event.query.sql.replace(/\s+/g, ' ').slice(0, 2000)
			})
		);
	};
}

/**
 * PostgreSQL returns int8 (counts) and numeric as strings and timestamps as Date objects.
 * Klok's code is written once for both dialects, so values come back in the shapes SQLite
 * gives: numbers, and ISO-8601 UTC strings for timestamps and dates.
 */
const pgTypes = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		switch (oid) {
			case 20: // int8
			case 1700: // numeric
				return (v: string) => Number(v);
			case 1184: // timestamptz
			case 1114: // timestamp
				return (v: string) =>
					new Date(v.includes('T') || v.endsWith('Z') || /[+-]\d\d$/.test(v) ? v : v + 'Z').toISOString();
			case 1082: // date
				return (v: string) => v;
			default:
				return pg.types.getTypeParser(oid, format);
		}
	}
} as unknown as pg.CustomTypesConfig;

const dialectOf = new WeakMap<object, DialectName>();

/** Opens a database connection pool. Callers own it and must `destroy()` it. */
export function createDb(options: DbOptions = {}): Db {
	const plugins = [new CamelCasePlugin()];
	if (options.databaseUrl) {
		const pool = new pg.Pool({
			connectionString: options.databaseUrl,
			max: options.poolSize ?? 10,
			types: pgTypes
		});
		// An idle connection can be closed by the server (restart, failover, a dropped test
		// database); pg reports that on the pool, and unhandled it would crash the process.
		// The pool discards the client and opens a new one on the next query.
		pool.on('error', (err) => {
			console.warn(`PostgreSQL idle connection closed: ${err.message}`);
		});
		// Every session runs in UTC so that now() and date arithmetic never depend on the server.
		pool.on('connect', (client) => {
			client.query("SET TIME ZONE 'UTC'").catch(() => {});
		});
		const db = new Kysely<Database>({
			dialect: new PostgresDialect({ pool }),
			plugins,
			log: slowQueryLog(options.slowQueryMs)
		});
		dialectOf.set(db, 'postgres');
		return db;
	}
	const file = options.sqlitePath ?? 'data/klok.sqlite';
	if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const sqlite = new SQLite(file);
	// WAL lets readers proceed during a write; busy_timeout makes a second writer wait instead
	// of failing at once; foreign keys are off by default in SQLite.
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('synchronous = NORMAL');
	// Unicode-aware lower-casing for case-insensitive search (see db/sql.ts).
	sqlite.function('klok_fold', { deterministic: true }, (value: unknown) =>
		typeof value === 'string' ? value.toLocaleLowerCase('sv') : value
	);
	const db = new Kysely<Database>({
		dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
		plugins,
		log: slowQueryLog(options.slowQueryMs)
	});
	dialectOf.set(db, 'sqlite');
	return db;
}

/**
 * Kysely prepares every query anew; on SQLite preparing costs more than running a short
 * query (16% of CPU in the registration rush). Statements are reused per SQL text, which is
 * safe because better-sqlite3 runs each statement to completion synchronously.
 */
function withStatementCache(sqlite: SQLite.Database, limit = 500) {
	const cache = new Map<string, SQLite.Statement>();
	return {
		close: () => sqlite.close(),
		prepare(sqlText: string) {
			let statement = cache.get(sqlText);
			if (statement) {
				// Refresh its place so the least recently used statement is evicted first.
				cache.delete(sqlText);
			} else {
				statement = sqlite.prepare(sqlText);
				if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
			}
			cache.set(sqlText, statement);
			return statement;
		}
	};
}

/** Which SQL dialect a connection speaks. Transactions inherit their parent's dialect. */
export function dialect(db: Kysely<any>): DialectName {
	const known = dialectOf.get(db);
	if (known) return known;
	// A Transaction is a different object; ask its adapter.
	const adapterName = db.getExecutor().adapter.constructor.name;
	return adapterName.startsWith('Postgres') ? 'postgres' : 'sqlite';
}
