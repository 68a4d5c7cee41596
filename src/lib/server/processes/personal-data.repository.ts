import type { Db } from '../db/database.ts';

/** The processes domain's part of a person's data export and erasure: memberships. */

export async function processDataOf(db: Db, personId: number) {
	const [memberships, created] = await Promise.all([
		db
			.selectFrom('processParticipants')
			.select(['processId', 'role'])
			.where('personId', '=', personId)
			.orderBy('processId')
			.execute(),
		db
			.selectFrom('processes')
			.select(['id', 'title', 'createdAt'])
			.where('createdBy', '=', personId)
			.orderBy('id')
			.execute()
	]);
	return { process_memberships: memberships, processes_created: created };
}

export async function countMemberships(db: Db, personId: number) {
	const row = await db
		.selectFrom('processParticipants')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('personId', '=', personId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
