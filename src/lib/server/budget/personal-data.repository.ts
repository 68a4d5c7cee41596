import type { Db } from '../db/database.ts';

/** The budget's part of a person's data export: the expenses they recorded (no one else's data). */
export async function budgetDataOf(db: Db, personId: number) {
	const expenses = await db
		.selectFrom('expenses')
		.select(['id', 'programmeId', 'category', 'amount', 'spentOn', 'createdAt'])
		.where('createdBy', '=', personId)
		.orderBy('id')
		.execute();
	return { expenses_recorded: expenses };
}

export async function countExpensesBy(db: Db, personId: number) {
	const row = await db
		.selectFrom('expenses')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('createdBy', '=', personId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
