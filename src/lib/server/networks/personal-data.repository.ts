import type { Db } from '../db/database.ts';

/** Networks' part of a person's data export and erasure: memberships, networks they started. */
export async function networksDataOf(db: Db, personId: number) {
	const [memberships, created, contact] = await Promise.all([
		db
			.selectFrom('networkMembers')
			.innerJoin('networks', 'networks.id', 'networkMembers.networkId')
			.select(['networkMembers.id', 'networkMembers.networkId', 'networks.name', 'networkMembers.createdAt'])
			.where('networkMembers.personId', '=', personId)
			.orderBy('networkMembers.id')
			.execute(),
		db
			.selectFrom('networks')
			.select(['id', 'programmeId', 'name', 'createdAt'])
			.where('createdBy', '=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('networks')
			.select(['id', 'programmeId', 'name'])
			.where('contactPersonId', '=', personId)
			.orderBy('id')
			.execute()
	]);
	return { memberships, networks_created: created, networks_you_are_contact_for: contact };
}

export async function countNetworkRows(db: Db, personId: number) {
	const [members, created] = await Promise.all([
		db
			.selectFrom('networkMembers')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('personId', '=', personId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('networks')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('createdBy', '=', personId)
			.executeTakeFirstOrThrow()
	]);
	return { memberships: Number(members.n), created: Number(created.n) };
}

export async function deleteMembershipsOf(trx: Db, personId: number) {
	await trx.deleteFrom('networkMembers').where('personId', '=', personId).execute();
}
