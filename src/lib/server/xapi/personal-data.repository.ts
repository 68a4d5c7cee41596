import type { Db } from '../db/database.ts';

/** xAPI's part of a person's data export and erasure: the statements about them. */
export async function xapiDataOf(db: Db, personId: number) {
	const statements = await db
		.selectFrom('xapiStatements')
		.select(['id', 'statementId', 'programmeId', 'verb', 'statement', 'status', 'sentAt', 'createdAt'])
		.where('personId', '=', personId)
		.orderBy('id')
		.execute();
	return { statements };
}

export async function countStatementsOf(db: Db, personId: number) {
	const row = await db
		.selectFrom('xapiStatements')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('personId', '=', personId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/**
 * The statements name the person (in `mbox` mode their name and e-mail): they go, so nothing
 * pending is sent after erasure. What the LRS already received is the LRS owner's to erase.
 */
export async function deleteStatementsOf(trx: Db, personId: number) {
	await trx.deleteFrom('xapiStatements').where('personId', '=', personId).execute();
}
