import type { Db } from '../db/database.ts';

/** Badges' part of a person's data export: credentials earned, revoked by them, achievements defined. */
export async function badgesDataOf(db: Db, personId: number) {
	const [earned, revoked, defined] = await Promise.all([
		db
			.selectFrom('badgeCredentials')
			.innerJoin('badgeAchievements', 'badgeAchievements.id', 'badgeCredentials.achievementId')
			.select([
				'badgeCredentials.id',
				'badgeCredentials.publicId',
				'badgeCredentials.achievementId',
				'badgeAchievements.name',
				'badgeCredentials.issuedAt',
				'badgeCredentials.revokedAt',
				'badgeCredentials.jwt'
			])
			.where('badgeCredentials.personId', '=', personId)
			.orderBy('badgeCredentials.id')
			.execute(),
		db
			.selectFrom('badgeCredentials')
			.select(['id', 'achievementId', 'revokedAt'])
			.where('revokedBy', '=', personId)
			.where('personId', '!=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('badgeAchievements')
			.select(['id', 'programmeId', 'name', 'createdAt'])
			.where('createdBy', '=', personId)
			.orderBy('id')
			.execute()
	]);
	return { credentials: earned, credentials_revoked: revoked, achievements_created: defined };
}

export async function countBadgeRows(db: Db, personId: number) {
	const [earned, achievements] = await Promise.all([
		db
			.selectFrom('badgeCredentials')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where((eb) => eb.or([eb('personId', '=', personId), eb('revokedBy', '=', personId)]))
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('badgeAchievements')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('createdBy', '=', personId)
			.executeTakeFirstOrThrow()
	]);
	return { credentials: Number(earned.n), achievements: Number(achievements.n) };
}
