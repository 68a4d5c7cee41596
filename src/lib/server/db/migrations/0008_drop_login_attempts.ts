import { type Kysely } from 'kysely';
import { columnTypes, withId } from './helpers.ts';

/**
 * Password-reset requests are now reserved in `sign_in_backoff` like sign-ins (one conditional
 * upsert, so parallel requests cannot pass the limit); `login_attempts` has no user left.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('login_attempts').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);
	await withId(db, db.schema.createTable('login_attempts'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('attempted_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('login_attempts_key_time')
		.on('login_attempts')
		.columns(['key', 'attempted_at'])
		.execute();
}
