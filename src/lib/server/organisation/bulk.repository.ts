import type { Db } from '../db/database.ts';
import type { NewUnit } from '../db/schema.ts';

const CHUNK = 500;

/**
 * Inserts many units with multi-row INSERTs in chunks (imports, the demo generator). Parents
 * must already exist, so callers insert one tree level at a time. Call inside a transaction.
 * Returns the new ids in input order (checked against the RETURNING rows).
 */
export async function insertUnitsBulk(db: Db, units: readonly NewUnit[]): Promise<number[]> {
	const ids: number[] = [];
	for (let i = 0; i < units.length; i += CHUNK) {
		const chunk = units.slice(i, i + CHUNK);
		const rows = await db
			.insertInto('units')
			.values(chunk as NewUnit[])
			.returning(['id', 'name', 'parentId'])
			.execute();
		rows.forEach((row, j) => {
			const input = chunk[j];
			if (row.name !== input?.name || row.parentId !== (input.parentId ?? null))
				throw new Error('insertUnitsBulk: RETURNING rows came back out of order');
			ids.push(row.id);
		});
	}
	return ids;
}
