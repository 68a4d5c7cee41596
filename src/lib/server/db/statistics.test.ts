import { sql } from 'kysely';
import { nowIso } from './sql.ts';
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

	it('reads whole indexes on SQLite, so one programme of many people is not taken for a thin slice', async () => {
		const programmeId = await insertTestProgramme(ctx.db, { name: 'Many' });
		const unit = await ctx.db
			.insertInto('units')
			.values({ programmeId, parentId: null, kind: 'workplace', name: 'Big', updatedAt: nowIso() })
			.returning('id')
			.executeTakeFirstOrThrow();
		const people = Array.from({ length: 5000 }, (_, i) => ({
			programmeId,
			unitId: unit.id,
			name: `Person ${i}`,
			email: `p${i}@many.test`,
			emailNormalized: `p${i}@many.test`,
			jobCategory: 'librarian' as const,
			updatedAt: nowIso()
		}));
		for (let i = 0; i < people.length; i += 500)
			await ctx.db
				.insertInto('people')
				.values(people.slice(i, i + 500))
				.execute();
		await refreshPlannerStatistics(ctx.db);
		if (ctx.dialect !== 'sqlite') return;
		const stat = await sql<{ stat: string }>`
			select stat from sqlite_stat1 where idx = 'people_programme_active_unit'`.execute(ctx.db);
		// "rows, rows per programme, …": every one of the 5,000 is in the one programme (a sample of
		// the first 2,000 entries estimated 1,001).
		expect(stat.rows[0]!.stat.split(' ').slice(0, 2)).toEqual(['5000', '5000']);
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
