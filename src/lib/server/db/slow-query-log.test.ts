import { sql } from 'kysely';
import { afterEach, expect, it, vi } from 'vitest';
import { describeEachDb } from '../testing/db.ts';
import { createDb } from './database.ts';

describeEachDb('slow-query log', (ctx) => {
	afterEach(() => vi.restoreAllMocks());
	const open = (slowQueryMs: number | undefined) =>
		ctx.dialect === 'postgres'
			? createDb({ databaseUrl: ctx.url, slowQueryMs })
			: createDb({ sqlitePath: ctx.url, slowQueryMs });

	it('writes a query at or over the threshold as one JSON line, without its parameters', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const db = open(0);
		try {
			await db.selectFrom('programmes').select('id').where('name', '=', 'secret name').execute();
		} finally {
			await db.destroy();
		}
		const lines = warn.mock.calls.map((c) => JSON.parse(String(c[0])) as { slowQuery: number; sql: string });
		const line = lines.find((l) => l.sql.includes('from "programmes"'));
		expect(line?.slowQuery).toBeGreaterThanOrEqual(0);
		expect(JSON.stringify(lines)).not.toContain('secret name');
	});

	it('stays quiet under the threshold and when unset, but logs a failed query', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const quiet = open(60_000);
		const off = open(undefined);
		try {
			await quiet.selectFrom('programmes').select('id').execute();
			await off.selectFrom('programmes').select('id').execute();
			expect(warn).not.toHaveBeenCalled();
			await expect(sql`select * from no_such_table`.execute(quiet)).rejects.toThrow();
		} finally {
			await quiet.destroy();
			await off.destroy();
		}
		expect(warn).toHaveBeenCalledTimes(1);
		expect(JSON.parse(String(warn.mock.calls[0]![0]))).toMatchObject({ failed: true });
	});
});
