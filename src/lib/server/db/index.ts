import { config } from '../config/config.ts';
import { createDb, type Db } from './database.ts';

let instance: Db | undefined;

/** The application's shared connection pool, opened on first use from the configuration. */
export function getDb(): Db {
	instance ??= createDb({
		databaseUrl: config().DATABASE_URL,
		sqlitePath: config().SQLITE_PATH,
		slowQueryMs: config().SLOW_QUERY_MS
	});
	return instance;
}

/** Replaces the shared pool (tests and CLI commands that open their own). */
export function setDb(db: Db | undefined): void {
	instance = db;
}

export { createDb, dialect, type Db } from './database.ts';
