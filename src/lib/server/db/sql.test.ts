import { describe, expect, it } from 'vitest';
import { describeEachDb } from '../testing/db.ts';
import { dialect } from './database.ts';
import { containsInsensitive, escapeLike, nowIso } from './sql.ts';

describe('escapeLike', () => {
	it('escapes wildcards and the escape character', () => {
		expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
	});
});

describeEachDb('dialect helpers', (ctx) => {
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
