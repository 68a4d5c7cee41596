import { sql, type Kysely } from 'kysely';
import { columnTypes } from './helpers.ts';

/**
 * The outbox becomes a queue: a request writes a row describing the message (`kind` + `payload`,
 * the ids needed to render it, never a secret) in its own transaction, and a background worker
 * claims due rows (`status`, `next_attempt_at` — also the lease expiry while `sending`), renders,
 * sends, and records the attempt. Rows written before this migration were rendered already:
 * delivered ones are `sent`, failed ones `failed`, the rest `stored` (kept without SMTP).
 * Answer and reset tokens were already stored only as SHA-256 hashes (0004, 0001), so no token
 * needs hashing here.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);
	await db.schema.alterTable('outbox').addColumn('payload', 'text').execute();
	await db.schema
		.alterTable('outbox')
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
		.execute();
	await db.schema
		.alterTable('outbox')
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.alterTable('outbox').addColumn('next_attempt_at', t.timestamp).execute();
	await sql`update outbox set status = case
		when sent_at is not null then 'sent'
		when error is not null then 'failed'
		else 'stored' end`.execute(db);
	// The worker's claim: due rows of the live states, oldest first.
	await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('outbox_due').execute();
	for (const column of ['next_attempt_at', 'attempts', 'status', 'payload'])
		await db.schema.alterTable('outbox').dropColumn(column).execute();
}
