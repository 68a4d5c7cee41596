import { type Kysely } from 'kysely';
import { columnTypes, createdAt } from './helpers.ts';

/**
 * Sign-in back-off and known devices. `sign_in_backoff` holds one counter row per throttled
 * key (account, client address, device), so an attempt is reserved with a single conditional
 * upsert. `known_devices` holds the hashes of the device cookies set at successful sign-ins.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);

	await db.schema
		.createTable('sign_in_backoff')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('failures', 'integer', (c) => c.notNull())
		.addColumn('blocked_until', t.timestamp, (c) => c.notNull())
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sign_in_backoff_updated').on('sign_in_backoff').column('updated_at').execute();

	await db.schema
		.createTable('known_devices')
		.addColumn('token_hash', 'text', (c) => c.primaryKey())
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
		.addColumn(...createdAt(db))
		.addColumn('expires_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('known_devices_person').on('known_devices').column('person_id').execute();

	// Sign-in no longer counts in login_attempts (password-reset requests still do).
	await db
		.deleteFrom('login_attempts')
		.where((eb) => eb.or([eb('key', 'like', 'email:%'), eb('key', 'like', 'ip:%')]))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('known_devices').execute();
	await db.schema.dropTable('sign_in_backoff').execute();
}
