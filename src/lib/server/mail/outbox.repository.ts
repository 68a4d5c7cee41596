import { dialect, type Db } from '../db/database.ts';
import { CompiledQuery, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database, OutboxTable } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import type { OutboxScope } from '../policy/policy.ts';

/**
 * Every query on `outbox`. Reading is filtered by the policy's `OutboxScope`: a programme's
 * own messages plus messages to its people (reset mails carry no programme of their own).
 * That membership test reads `people.programme_id` in a subquery, so a list stays one
 * statement however many people the programme has; it is the one read of another domain's
 * table here, kept in SQL on purpose.
 */

export async function insertOutboxMessage(db: Db, values: Insertable<OutboxTable>): Promise<number> {
	const row = await db.insertInto('outbox').values(values).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

type Executor = Db | Kysely<Database>;

/** A message for the worker: what to render (`kind`, `payload`), due now. */
export interface QueuedMessage {
	kind: string;
	payload: unknown;
	programmeId?: number | null;
	personId?: number | null;
	/** Not sent before this instant (batched mail collects until then); default now. */
	notBefore?: string;
}

function queuedRow(message: QueuedMessage, now: string): Insertable<OutboxTable> {
	return {
		programmeId: message.programmeId ?? null,
		personId: message.personId ?? null,
		toAddress: '',
		subject: '',
		textBody: '',
		kind: message.kind,
		payload: JSON.stringify(message.payload),
		status: 'pending',
		nextAttemptAt: now
	};
}

/**
 * Queues messages in the caller's transaction: one multi-row insert per 500, no rendering.
 * The statement is written out rather than built (a registration runs it on every request).
 */
export async function insertQueued(db: Executor, messages: readonly QueuedMessage[]): Promise<void> {
	if (messages.length === 0) return;
	const now = nowIso();
	const pg = dialect(db) === 'postgres';
	for (let i = 0; i < messages.length; i += 500) {
		const chunk = messages.slice(i, i + 500);
		const params: unknown[] = [];
		const tuples = chunk.map((m) => {
			const row = queuedRow(m, now);
			const values = [row.programmeId, row.personId, row.kind, row.payload, m.notBefore ?? now];
			const marks = values.map((v) => {
				params.push(v);
				return pg ? `$${params.length}` : '?';
			});
			return `(${marks.join(', ')}, '', '', '', 'pending')`;
		});
		await db.executeQuery(
			CompiledQuery.raw(
				`insert into outbox (programme_id, person_id, kind, payload, next_attempt_at, to_address, subject, text_body, status) values ${tuples.join(', ')}`,
				params
			)
		);
	}
}

/** A row the worker claimed: `attempts` (after this claim) fences its completion. */
export interface ClaimedRow {
	id: number;
	kind: string;
	payload: string | null;
	attempts: number;
	programmeId: number | null;
	personId: number | null;
}

/**
 * Claims up to `limit` due rows for one worker until `leaseUntil`: pending rows whose time has
 * come, and `sending` rows whose lease expired (a worker died holding them). One statement on
 * both databases; the dialect difference is only the row locking of the inner select:
 * PostgreSQL `FOR UPDATE SKIP LOCKED` (concurrent workers take disjoint rows without waiting),
 * SQLite none (one writer at a time, and the statement is atomic).
 */
export async function claimDue(
	db: Executor,
	now: string,
	leaseUntil: string,
	limit: number
): Promise<ClaimedRow[]> {
	const due = db
		.selectFrom('outbox')
		.select('id')
		.where('status', 'in', ['pending', 'sending'])
		.where('nextAttemptAt', '<=', now)
		.orderBy('nextAttemptAt')
		.orderBy('id')
		.limit(limit);
	return db
		.updateTable('outbox')
		.set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), nextAttemptAt: leaseUntil }))
		.where('id', 'in', dialect(db) === 'postgres' ? due.forUpdate().skipLocked() : due)
		.returning(['id', 'kind', 'payload', 'attempts', 'programmeId', 'personId'])
		.execute();
}

/**
 * Records the outcome of a claimed row (sent, retry, failed, stored, skipped), with the
 * rendered copy when there is one. Fenced by `attempts`: a worker whose lease expired and
 * whose row was retaken changes nothing. True when this worker's claim still held.
 */
export async function completeClaim(
	db: Executor,
	claim: { id: number; attempts: number },
	values: Updateable<OutboxTable>
): Promise<boolean> {
	const result = await db
		.updateTable('outbox')
		.set(values)
		.where('id', '=', claim.id)
		.where('status', '=', 'sending')
		.where('attempts', '=', claim.attempts)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Replaces a claimed row by one row per recipient (in one transaction): the parent is `expanded`. */
export async function expandClaim(
	db: Db,
	claim: ClaimedRow,
	children: readonly QueuedMessage[]
): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		if (!(await completeClaim(trx, claim, { status: 'expanded', nextAttemptAt: null }))) return false;
		await insertQueued(trx, children);
		return true;
	});
}

export async function markSent(db: Db, id: number): Promise<void> {
	await db
		.updateTable('outbox')
		.set({ sentAt: nowIso(), error: null, status: 'sent', attempts: 1 })
		.where('id', '=', id)
		.execute();
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
	await db.updateTable('outbox').set({ error, status: 'failed', attempts: 1 }).where('id', '=', id).execute();
}

function scoped(db: Db, scope: OutboxScope) {
	const query = db.selectFrom('outbox');
	if (scope.kind === 'all') return query;
	return query.where((eb) =>
		eb.or([
			eb('outbox.programmeId', '=', scope.programmeId),
			eb(
				'outbox.personId',
				'in',
				eb.selectFrom('people').select('people.id').where('people.programmeId', '=', scope.programmeId)
			)
		])
	);
}

export async function countOutbox(db: Db, scope: OutboxScope): Promise<number> {
	const { total } = await scoped(db, scope)
		.select((eb) => eb.fn.countAll<number>().as('total'))
		.executeTakeFirstOrThrow();
	return Number(total);
}

export async function findOutboxPage(db: Db, scope: OutboxScope, limit: number, offset: number) {
	return scoped(db, scope)
		.select([
			'id',
			'toAddress',
			'subject',
			'kind',
			'createdAt',
			'sentAt',
			'error',
			'status',
			'attempts',
			'nextAttemptAt'
		])
		.orderBy('createdAt', 'desc')
		.orderBy('id', 'desc')
		.limit(limit)
		.offset(offset)
		.execute();
}

export async function findOutboxMessage(db: Db, scope: OutboxScope, id: number) {
	return scoped(db, scope)
		.select([
			'id',
			'toAddress',
			'subject',
			'kind',
			'textBody',
			'createdAt',
			'sentAt',
			'error',
			'attachments',
			'status',
			'attempts',
			'nextAttemptAt'
		])
		.where('outbox.id', '=', id)
		.executeTakeFirst();
}

// ---- for home

/** Outbox messages of a programme that were not delivered by e-mail. */
export async function countUnsent(db: Db, programmeId: number): Promise<number> {
	const row = await db
		.selectFrom('outbox')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('programmeId', '=', programmeId)
		.where('sentAt', 'is', null)
		.where('status', '!=', 'expanded')
		.where('status', '!=', 'skipped')
		.executeTakeFirstOrThrow();
	return Number(row.count);
}
