import type { Db } from '../db/database.ts';
import type { Insertable } from 'kysely';
import type { OutboxTable } from '../db/schema.ts';
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

export async function markSent(db: Db, id: number): Promise<void> {
	await db.updateTable('outbox').set({ sentAt: nowIso(), error: null }).where('id', '=', id).execute();
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
	await db.updateTable('outbox').set({ error }).where('id', '=', id).execute();
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
		.select(['id', 'toAddress', 'subject', 'kind', 'createdAt', 'sentAt', 'error'])
		.orderBy('createdAt', 'desc')
		.orderBy('id', 'desc')
		.limit(limit)
		.offset(offset)
		.execute();
}

export async function findOutboxMessage(db: Db, scope: OutboxScope, id: number) {
	return scoped(db, scope)
		.select(['id', 'toAddress', 'subject', 'kind', 'textBody', 'createdAt', 'sentAt', 'error', 'attachments'])
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
		.executeTakeFirstOrThrow();
	return Number(row.count);
}
