import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** The readiness probe's one statement: throws when the database does not answer. */
export async function pingDatabase(db: Db): Promise<void> {
	await sql`select 1`.execute(db);
}
