import type { Insertable, Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import type { BadgeAchievementTable, Database } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/** Every query on `badge_achievements`, `badge_credentials` and `badge_issuer_keys`. */

type Executor = Db | Kysely<Database>;

// ---- issuer key

export function findIssuerKey(db: Executor) {
	return db
		.selectFrom('badgeIssuerKeys')
		.select(['kid', 'publicJwk', 'privateJwkEncrypted'])
		.orderBy('id')
		.limit(1)
		.executeTakeFirst();
}

/** Stores the installation's key unless another instance stored one first (row 1). */
export async function insertIssuerKey(
	db: Executor,
	values: { kid: string; publicJwk: string; privateJwkEncrypted: string }
): Promise<void> {
	await db
		.insertInto('badgeIssuerKeys')
		.values({ id: 1, ...values })
		.onConflict((oc) => oc.column('id').doNothing())
		.execute();
}

// ---- achievements

export async function insertAchievement(
	db: Executor,
	values: Insertable<BadgeAchievementTable>
): Promise<number> {
	const row = await db
		.insertInto('badgeAchievements')
		.values(values)
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export function findAchievement(db: Executor, id: number) {
	return db.selectFrom('badgeAchievements').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A programme's achievements with how many credentials each has (issued, revoked). */
export function findAchievements(db: Db, programmeId: number, limit: number, offset: number) {
	return db
		.selectFrom('badgeAchievements as a')
		.select((eb) => [
			'a.id',
			'a.name',
			'a.description',
			'a.criteriaKind',
			'a.trackId',
			'a.activityId',
			'a.createdAt',
			eb
				.selectFrom('badgeCredentials as c')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('c.achievementId', '=', 'a.id')
				.as('issued'),
			eb
				.selectFrom('badgeCredentials as c')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('c.achievementId', '=', 'a.id')
				.where('c.revokedAt', 'is not', null)
				.as('revoked')
		])
		.where('a.programmeId', '=', programmeId)
		.orderBy('a.id')
		.limit(limit)
		.offset(offset)
		.execute();
}

export async function countAchievements(db: Db, programmeId: number): Promise<number> {
	const row = await db
		.selectFrom('badgeAchievements')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('programmeId', '=', programmeId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

// ---- credentials

/** Reserves a credential row (its id is the status-list index); the JWT is set once signed. */
export async function insertCredential(
	db: Executor,
	values: { publicId: string; achievementId: number; personId: number; programmeId: number; issuedAt: string }
): Promise<number | null> {
	const row = await db
		.insertInto('badgeCredentials')
		.values({ ...values, jwt: '' })
		.onConflict((oc) => oc.columns(['achievementId', 'personId']).doNothing())
		.returning('id')
		.executeTakeFirst();
	return row?.id ?? null;
}

export async function setCredentialJwt(db: Executor, id: number, jwt: string): Promise<void> {
	await db.updateTable('badgeCredentials').set({ jwt }).where('id', '=', id).execute();
}

const CREDENTIAL_COLUMNS = [
	'c.id',
	'c.publicId',
	'c.achievementId',
	'c.personId',
	'c.programmeId',
	'c.jwt',
	'c.issuedAt',
	'c.revokedAt',
	'a.name as achievementName',
	'a.description as achievementDescription'
] as const;

export function findCredentialByPublicId(db: Db, publicId: string) {
	return db
		.selectFrom('badgeCredentials as c')
		.innerJoin('badgeAchievements as a', 'a.id', 'c.achievementId')
		.select(CREDENTIAL_COLUMNS)
		.where('c.publicId', '=', publicId)
		.executeTakeFirst();
}

/** One person's credentials, newest first. */
export function findPersonCredentials(db: Db, personId: number, limit: number) {
	return db
		.selectFrom('badgeCredentials as c')
		.innerJoin('badgeAchievements as a', 'a.id', 'c.achievementId')
		.select(CREDENTIAL_COLUMNS)
		.where('c.personId', '=', personId)
		.orderBy('c.id', 'desc')
		.limit(limit)
		.execute();
}

/** An achievement's credentials (for the office), newest first. */
export function findAchievementCredentials(db: Db, achievementId: number, limit: number, offset: number) {
	return db
		.selectFrom('badgeCredentials as c')
		.innerJoin('badgeAchievements as a', 'a.id', 'c.achievementId')
		.select(CREDENTIAL_COLUMNS)
		.where('c.achievementId', '=', achievementId)
		.orderBy('c.id', 'desc')
		.limit(limit)
		.offset(offset)
		.execute();
}

export async function revokeCredentialRow(db: Executor, id: number, revokedBy: number): Promise<boolean> {
	const result = await db
		.updateTable('badgeCredentials')
		.set({ revokedAt: nowIso(), revokedBy })
		.where('id', '=', id)
		.where('revokedAt', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Ids of revoked credentials in [from, to): one status list's set bits. */
export async function findRevokedIdsInRange(db: Db, from: number, to: number): Promise<number[]> {
	const rows = await db
		.selectFrom('badgeCredentials')
		.select('id')
		.where('revokedAt', 'is not', null)
		.where('id', '>=', from)
		.where('id', '<', to)
		.execute();
	return rows.map((r) => r.id);
}
