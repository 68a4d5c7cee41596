import type { Db } from '../db/database.ts';

/** The expert directory's part of a person's data export and erasure: their profile and areas. */
export async function expertsDataOf(db: Db, personId: number) {
	const [profile, areas] = await Promise.all([
		db
			.selectFrom('expertProfiles')
			.select(['programmeId', 'listed', 'helpWith', 'contact', 'updatedAt'])
			.where('personId', '=', personId)
			.execute(),
		db
			.selectFrom('expertAreas')
			.select(['programmeId', 'kind', 'value'])
			.where('personId', '=', personId)
			.orderBy('kind')
			.orderBy('value')
			.execute()
	]);
	return { expert_profile: profile, expert_areas: areas };
}

export async function countExpertRows(db: Db, personId: number) {
	const [profiles, areas] = await Promise.all([
		db
			.selectFrom('expertProfiles')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('personId', '=', personId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('expertAreas')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('personId', '=', personId)
			.executeTakeFirstOrThrow()
	]);
	return { profiles: Number(profiles.n), areas: Number(areas.n) };
}

/** The profile is the person's own words (what they help with, how to reach them): it goes. */
export async function deleteExpertProfileOf(trx: Db, personId: number) {
	await trx.deleteFrom('expertAreas').where('personId', '=', personId).execute();
	await trx.deleteFrom('expertProfiles').where('personId', '=', personId).execute();
}
