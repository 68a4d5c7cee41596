import type { Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './database.ts';

/**
 * PostgreSQL's SQLSTATEs that mean "this transaction lost a race; run all of it again":
 * chosen as a deadlock's victim (40P01) or a serialization failure (40001). Both roll the
 * whole transaction back, so repeating it is safe. SQLite has one writer and waits on its
 * busy timeout instead, so it never raises these.
 */
const RETRYABLE = new Set(['40P01', '40001']);

/** How often a transaction is tried before its error reaches the caller. */
export const TRANSACTION_ATTEMPTS = 4;

/** True for an error PostgreSQL raised because of a deadlock or a serialization failure. */
export function isRetryableConflict(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs `work` in one transaction and, when PostgreSQL aborts it as a deadlock's victim or for a
 * serialization failure, runs it again from the start (at most `TRANSACTION_ATTEMPTS` times,
 * after a short random pause so the contenders do not collide again), as PostgreSQL's manual
 * advises. Concurrent writes that touch the same kept counters (attendance marking of two
 * sessions of one activity updates the same 40-20-40 totals and report version rows through
 * triggers) can deadlock however carefully each orders its own statements.
 *
 * `work` must be safe to repeat: everything it does goes through `trx` (side effects through
 * the outbox, in the transaction) and it keeps no state outside it. Inside an outer transaction
 * it simply runs there: the outer one is what gets retried.
 */
export async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
	if (db.isTransaction) return work(db as Transaction<Database>);
	for (let attempt = 1; ; attempt++) {
		try {
			return await db.transaction().execute(work);
		} catch (error) {
			if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableConflict(error)) throw error;
			await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
		}
	}
}
