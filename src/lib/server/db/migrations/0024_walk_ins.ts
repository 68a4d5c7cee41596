import { type Kysely } from 'kysely';

/**
 * Walk-ins at attendance (issue 15.14). `registrations.walk_in` (0/1) marks a registration the
 * trainer or office added at the door for someone who came without registering. A walk-in is in
 * the room, not in a seat: it is created and marked attended in one transaction and never counts
 * in `sessions.confirmed_count`, so it may exceed the capacity while the CHECK
 * `confirmed_count <= capacity` still holds for the seats people registered for.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('registrations')
		.addColumn('walk_in', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('registrations').dropColumn('walk_in').execute();
}
