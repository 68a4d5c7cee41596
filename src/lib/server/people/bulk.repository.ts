import type { Db } from '../db/database.ts';
import type { NewPerson } from '../db/schema.ts';

/** Rows per INSERT: 500 × 13 columns stays far below both dialects' bound-parameter limits. */
export const BULK_CHUNK = 500;

/**
 * Inserts many people with multi-row INSERTs in chunks (imports, the demo generator). Call
 * inside a transaction so a failure leaves nothing half-written. Returns the new ids in input
 * order; each chunk's RETURNING rows are checked against the input so ids can never be
 * attached to the wrong person.
 */
export async function insertPeopleBulk(db: Db, people: readonly NewPerson[]): Promise<number[]> {
	const ids: number[] = [];
	for (let i = 0; i < people.length; i += BULK_CHUNK) {
		const chunk = people.slice(i, i + BULK_CHUNK);
		const rows = await db
			.insertInto('people')
			.values(chunk as NewPerson[])
			.returning(['id', 'emailNormalized'])
			.execute();
		rows.forEach((row, j) => {
			if (row.emailNormalized !== chunk[j]?.emailNormalized)
				throw new Error('insertPeopleBulk: RETURNING rows came back out of order');
			ids.push(row.id);
		});
	}
	return ids;
}
