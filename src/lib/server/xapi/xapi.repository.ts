import type { Insertable, Kysely, Updateable } from 'kysely';
import { dialect, type Db } from '../db/database.ts';
import type { Database, XapiActorMode, XapiStatementTable, XapiStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/** Every query on `xapi_statements` and `xapi_settings`. The queue copies the outbox's claim. */

type Executor = Db | Kysely<Database>;

/** Actor modes of the given programmes (absent: the default, `account`). */
export async function findActorModes(
	db: Executor,
	programmeIds: readonly number[]
): Promise<Map<number, XapiActorMode>> {
	const wanted = [...new Set(programmeIds)];
	if (wanted.length === 0) return new Map();
	const rows = await db
		.selectFrom('xapiSettings')
		.select(['programmeId', 'actorMode'])
		.where('programmeId', 'in', wanted)
		.execute();
	return new Map(rows.map((r) => [r.programmeId, r.actorMode]));
}

export async function upsertActorMode(
	db: Executor,
	programmeId: number,
	actorMode: XapiActorMode
): Promise<void> {
	const now = nowIso();
	await db
		.insertInto('xapiSettings')
		.values({ programmeId, actorMode, updatedAt: now })
		.onConflict((oc) => oc.column('programmeId').doUpdateSet({ actorMode, updatedAt: now }))
		.execute();
}

/** Queues statements; one already queued under the same statement id is left as it is. */
export async function insertStatements(
	db: Executor,
	rows: readonly Insertable<XapiStatementTable>[]
): Promise<number> {
	let inserted = 0;
	for (let i = 0; i < rows.length; i += 200) {
		const result = await db
			.insertInto('xapiStatements')
			.values(rows.slice(i, i + 200))
			.onConflict((oc) => oc.column('statementId').doNothing())
			.executeTakeFirst();
		inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
	}
	return inserted;
}

export interface ClaimedStatement {
	id: number;
	statement: string;
	attempts: number;
}

/** Claims due statements until `leaseUntil` (see the outbox's `claimDue` for the dialects). */
export async function claimDueStatements(
	db: Executor,
	now: string,
	leaseUntil: string,
	limit: number
): Promise<ClaimedStatement[]> {
	const due = db
		.selectFrom('xapiStatements')
		.select('id')
		.where('status', 'in', ['pending', 'sending'])
		.where('nextAttemptAt', '<=', now)
		.orderBy('nextAttemptAt')
		.orderBy('id')
		.limit(limit);
	return db
		.updateTable('xapiStatements')
		.set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), nextAttemptAt: leaseUntil }))
		.where('id', 'in', dialect(db) === 'postgres' ? due.forUpdate().skipLocked() : due)
		.returning(['id', 'statement', 'attempts'])
		.execute();
}

/** Records a claimed statement's outcome, fenced by `attempts` like the outbox. */
export async function completeStatementClaim(
	db: Executor,
	claim: { id: number; attempts: number },
	values: Updateable<XapiStatementTable>
): Promise<boolean> {
	const result = await db
		.updateTable('xapiStatements')
		.set(values)
		.where('id', '=', claim.id)
		.where('status', '=', 'sending')
		.where('attempts', '=', claim.attempts)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** A programme's statements recorded at or after `since`, oldest first, at most `limit`. */
export async function findStatementsSince(
	db: Db,
	programmeId: number,
	since: string | null,
	limit: number
): Promise<{ id: number; statement: string; createdAt: string }[]> {
	let query = db
		.selectFrom('xapiStatements')
		.select(['id', 'statement', 'createdAt'])
		.where('programmeId', '=', programmeId);
	if (since) query = query.where('createdAt', '>=', since);
	return query.orderBy('id').limit(limit).execute();
}

/** How many of a programme's statements are in each state. */
export async function countStatementsByStatus(db: Db, programmeId: number): Promise<Map<XapiStatus, number>> {
	const rows = await db
		.selectFrom('xapiStatements')
		.select((eb) => ['status', eb.fn.countAll<number>().as('n')])
		.where('programmeId', '=', programmeId)
		.groupBy('status')
		.execute();
	return new Map(rows.map((r) => [r.status, Number(r.n)]));
}
