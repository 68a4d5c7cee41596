import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDb, insertTestProgramme } from '../testing/db.ts';
import { refreshPlannerStatistics, tuneForBulkLoad } from './statistics.ts';

describeEachDb('planner statistics and bulk-load settings', (ctx) => {
	it('refreshPlannerStatistics leaves statistics for an indexed table', async () => {
		await insertTestProgramme(ctx.db, { name: 'Stats', timeZone: 'UTC' });
		await refreshPlannerStatistics(ctx.db);
		if (ctx.dialect === 'sqlite') {
			const rows = await sql<{ tbl: string }>`select tbl from sqlite_stat1`.execute(ctx.db);
			expect(rows.rows.length).toBeGreaterThan(0);
		} else {
			// reltuples is -1 until the table has been analysed (PostgreSQL 14+).
			const rows = await sql<{ tuples: number }>`
				select reltuples::int as tuples from pg_class where relname = 'programmes'`.execute(ctx.db);
			expect(rows.rows[0]!.tuples).toBeGreaterThanOrEqual(1);
		}
	});

	it('tuneForBulkLoad changes SQLite settings and restores them', async () => {
		const synchronous = async () =>
			Number(Object.values((await sql`pragma synchronous`.execute(ctx.db)).rows[0] as object)[0]);
		const before = ctx.dialect === 'sqlite' ? await synchronous() : null;
		const restore = await tuneForBulkLoad(ctx.db);
		if (ctx.dialect === 'sqlite') expect(await synchronous()).toBe(0);
		await restore();
		if (ctx.dialect === 'sqlite') expect(await synchronous()).toBe(before);
	});
});
