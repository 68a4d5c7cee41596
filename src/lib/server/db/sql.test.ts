import { describe, expect, it } from 'vitest';
import { describeEachDb, insertTestProgramme } from '../testing/db.ts';
import { dialect } from './database.ts';
import { sql } from 'kysely';
import { containsInsensitive, escapeLike, nowIso, refreshPlannerStatistics } from './sql.ts';

describe('escapeLike', () => {
	it('escapes wildcards and the escape character', () => {
		expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
	});
});

describeEachDb('dialect helpers', (ctx) => {
	it('refreshes planner statistics (SQLite analyses, PostgreSQL leaves it to autovacuum)', async () => {
		await insertTestProgramme(ctx.db);
		const ran = await refreshPlannerStatistics(ctx.db);
		expect(ran).toBe(ctx.dialect === 'sqlite' ? 'optimize' : 'none');
		if (ctx.dialect === 'sqlite') {
			const stats = await sql<{ n: number }>`select count(*) as n from sqlite_stat1`.execute(ctx.db);
			expect(Number(stats.rows[0]?.n)).toBeGreaterThan(0);
		}
	});

	it('has the query indexes of migration 0009', async () => {
		const names =
			ctx.dialect === 'sqlite'
				? await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(ctx.db)
				: await sql<{ name: string }>`select indexname as name from pg_indexes`.execute(ctx.db);
		const have = new Set(names.rows.map((r) => r.name));
		for (const ix of [
			'individual_goals_plan',
			'planned_activities_plan',
			'people_programme_job',
			'people_unit_active'
		])
			expect(have).toContain(ix);
	});

	it('reports its dialect, also inside a transaction', async () => {
		expect(dialect(ctx.db)).toBe(ctx.dialect);
		await ctx.db.transaction().execute(async (trx) => {
			expect(dialect(trx)).toBe(ctx.dialect);
		});
	});

	it('round-trips timestamps as ISO-8601 UTC and fills created_at', async () => {
		const stamp = '2026-03-01T08:30:00.000Z';
		const row = await ctx.db
			.insertInto('programmes')
			.values({
				name: 'P',
				startsOn: '2026-01-01',
				endsOn: '2026-12-31',
				defaultLocale: 'sv',
				timeZone: 'Europe/Stockholm',
				updatedAt: stamp
			})
			.returning(['id', 'updatedAt', 'createdAt', 'startsOn'])
			.executeTakeFirstOrThrow();
		expect(row.updatedAt).toBe(stamp);
		expect(row.startsOn).toBe('2026-01-01');
		expect(row.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(Math.abs(Date.parse(row.createdAt) - Date.now())).toBeLessThan(60_000);
	});

	it('refuses a programme that ends before it starts', async () => {
		await expect(
			ctx.db
				.insertInto('programmes')
				.values({
					name: 'Bad',
					startsOn: '2026-12-31',
					endsOn: '2026-01-01',
					defaultLocale: 'sv',
					timeZone: 'UTC',
					updatedAt: nowIso()
				})
				.execute()
		).rejects.toThrow();
	});

	it('matches case-insensitively including Nordic letters, and literal wildcards', async () => {
		const p = await ctx.db.selectFrom('programmes').select('id').executeTakeFirstOrThrow();
		const now = nowIso();
		await ctx.db
			.insertInto('units')
			.values([
				{ programmeId: p.id, kind: 'workplace', name: 'Örebro stadsbibliotek', updatedAt: now },
				{ programmeId: p.id, kind: 'workplace', name: 'Ærø bibliotek', updatedAt: now },
				{ programmeId: p.id, kind: 'workplace', name: '100% Lund', updatedAt: now }
			])
			.execute();
		const find = async (term: string) =>
			(
				await ctx.db
					.selectFrom('units')
					.select('name')
					.where((eb) => containsInsensitive(dialect(ctx.db), eb.ref('name'), term))
					.orderBy('name')
					.execute()
			).map((r) => r.name);
		expect(await find('ÖREBRO')).toEqual(['Örebro stadsbibliotek']);
		expect(await find('ærø')).toEqual(['Ærø bibliotek']);
		expect(await find('0%')).toEqual(['100% Lund']);
		expect(await find('%')).toEqual(['100% Lund']);
	});
});

describeEachDb('yearMonthUtc', (ctx) => {
	it('gives the UTC year and month of a timestamp on both dialects', async () => {
		const { yearMonthUtc } = await import('./sql.ts');
		const col =
			ctx.dialect === 'postgres'
				? sql<string>`'2026-03-31T23:30:00.000Z'::timestamptz`
				: sql<string>`'2026-03-31T23:30:00.000Z'`;
		const r = await sql<{ ym: string }>`select ${yearMonthUtc(ctx.dialect, col)} as ym`.execute(ctx.db);
		expect(r.rows[0]!.ym).toBe('2026-03');
	});
});
