import { sql } from 'kysely';
import { dialect, type Db } from './database.ts';

/**
 * Planner statistics and bulk-load settings, per dialect, for after a large load (the demo
 * generator, an import of a whole country). Each is tested on both databases.
 */

/**
 * Gathers fresh planner statistics so that the query planner picks indexes by their real
 * selectivity: SQLite `ANALYZE` (fills `sqlite_stat1`) then `PRAGMA optimize`, as SQLite
 * recommends after a schema or data change; PostgreSQL `ANALYZE` (what autovacuum would do later).
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
	// Every index read in full (analysis_limit 0): a sample of the first 2,000 entries of an index
	// led by programme_id saw one programme and told the planner programme_id = ? matches 1,001 of
	// 100,000 people, so it counted a manager's three workplaces by scanning the whole programme
	// (16 ms a view) instead of the unit index. The full pass takes 1.8 s on the 100,000-person demo.
	if (dialect(db) === 'sqlite') await sql`pragma analysis_limit = 0`.execute(db);
	await sql`analyze`.execute(db);
	if (dialect(db) === 'sqlite') await sql`pragma optimize`.execute(db);
}

/**
 * Loosens durability for a bulk load on SQLite (no fsync per commit, a larger page cache,
 * temporary b-trees in memory) and returns a function that restores the previous settings.
 * Safe for data generated from scratch: a crash mid-load loses only the load itself, which is
 * one transaction. PostgreSQL needs nothing here (the load is one transaction).
 */
export async function tuneForBulkLoad(db: Db): Promise<() => Promise<void>> {
	if (dialect(db) !== 'sqlite') return async () => {};
	const read = async (name: 'synchronous' | 'cache_size' | 'temp_store') =>
		Number(Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0]);
	const before = {
		synchronous: await read('synchronous'),
		cache_size: await read('cache_size'),
		temp_store: await read('temp_store')
	};
	await sql`pragma synchronous = off`.execute(db);
	await sql`pragma cache_size = -262144`.execute(db);
	await sql`pragma temp_store = memory`.execute(db);
	return async () => {
		for (const [name, value] of Object.entries(before))
			await sql.raw(`pragma ${name} = ${Math.trunc(value)}`).execute(db);
	};
}
