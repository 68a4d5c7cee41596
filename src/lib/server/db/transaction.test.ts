import { expect, it } from 'vitest';
import { describeEachDb, insertTestProgramme } from '../testing/db.ts';
import { inTransaction, isRetryableConflict, TRANSACTION_ATTEMPTS } from './transaction.ts';

describeEachDb('inTransaction', (ctx) => {
	const programme = (name: string) => insertTestProgramme(ctx.db, { name });
	const nameOf = async (id: number) =>
		(await ctx.db.selectFrom('programmes').select('name').where('id', '=', id).executeTakeFirstOrThrow())
			.name;

	it('commits the work and rolls all of it back on an ordinary error, without retrying it', async () => {
		const id = await programme('before');
		let runs = 0;
		await expect(
			inTransaction(ctx.db, async (trx) => {
				runs++;
				await trx.updateTable('programmes').set({ name: 'half' }).where('id', '=', id).execute();
				throw new Error('rule broken');
			})
		).rejects.toThrow('rule broken');
		expect(runs).toBe(1);
		expect(await nameOf(id)).toBe('before');
		await inTransaction(ctx.db, (trx) =>
			trx.updateTable('programmes').set({ name: 'after' }).where('id', '=', id).execute()
		);
		expect(await nameOf(id)).toBe('after');
	});

	it('runs inside an outer transaction as part of it', async () => {
		const id = await programme('outer');
		await expect(
			ctx.db.transaction().execute(async (outer) => {
				await inTransaction(outer, (trx) =>
					trx.updateTable('programmes').set({ name: 'inner' }).where('id', '=', id).execute()
				);
				throw new Error('outer fails');
			})
		).rejects.toThrow('outer fails');
		expect(await nameOf(id)).toBe('outer');
	});

	it('repeats a transaction PostgreSQL chose as a deadlock victim, so both writers succeed', async () => {
		if (ctx.dialect === 'sqlite') {
			// One writer at a time: SQLite waits on its busy timeout and never deadlocks.
			expect(isRetryableConflict(new Error('SQLITE_BUSY'))).toBe(false);
			return;
		}
		const a = await programme('a');
		const b = await programme('b');
		// Each transaction locks one row, waits until the other has locked its row, then asks
		// for the other's: a deadlock that PostgreSQL breaks by aborting one of them (40P01).
		let locked = 0;
		const bothLocked = async () => {
			locked++;
			while (locked < 2) await new Promise((r) => setTimeout(r, 5));
		};
		let attempts = 0;
		const writer = (first: number, second: number, label: string) =>
			inTransaction(ctx.db, async (trx) => {
				attempts++;
				await trx.updateTable('programmes').set({ name: label }).where('id', '=', first).execute();
				await bothLocked();
				await trx.updateTable('programmes').set({ name: label }).where('id', '=', second).execute();
			});
		const results = await Promise.allSettled([writer(a, b, 'x'), writer(b, a, 'y')]);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
		// Two first tries, the victim repeated; on a loaded machine the repeat can start before the
		// winner has re-taken its row lock and deadlock again, so a second repeat is allowed too.
		expect(attempts).toBeGreaterThanOrEqual(3);
		expect(attempts).toBeLessThanOrEqual(2 * TRANSACTION_ATTEMPTS);
		// The repeated one ran last and wrote both rows.
		const names = [await nameOf(a), await nameOf(b)];
		expect(names[0]).toBe(names[1]);
	});

	it('gives up after its attempts when the conflict persists', async () => {
		let runs = 0;
		const conflict = Object.assign(new Error('could not serialize access'), { code: '40001' });
		await expect(
			inTransaction(ctx.db, async () => {
				runs++;
				throw conflict;
			})
		).rejects.toBe(conflict);
		expect(runs).toBe(TRANSACTION_ATTEMPTS);
	});
});
