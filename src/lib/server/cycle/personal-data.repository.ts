import type { Db } from '../db/database.ts';

/**
 * The 40-20-40 forms of a person's registrations (read-only join on registrations, as the
 * cycle's other read model does; the only writes are to `cycle_forms`).
 */

const theirs = (db: Db, personId: number) =>
	db.selectFrom('registrations').select('registrations.id').where('registrations.personId', '=', personId);

export function formsOf(db: Db, personId: number) {
	return db
		.selectFrom('cycleForms')
		.selectAll()
		.where('registrationId', 'in', theirs(db, personId))
		.orderBy('registrationId')
		.execute();
}

export async function countForms(db: Db, personId: number) {
	const row = await db
		.selectFrom('cycleForms')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('registrationId', 'in', theirs(db, personId))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Free texts go; dates, completion and hours stay so the cycle's figures stay true. */
export async function eraseFormTexts(trx: Db, personId: number) {
	await trx
		.updateTable('cycleForms')
		.set({
			beforeNeed: null,
			beforeGoal: null,
			beforeMotivation: null,
			afterLearned: null,
			afterApply: null,
			afterSharedWhere: null
		})
		.where('registrationId', 'in', theirs(trx, personId))
		.execute();
}
