import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

/** Queries behind the calendars: a person's feed registrations and the feed tokens (hashed). */

type Executor = Db | Kysely<Database>;

/** Registrations that belong in a person's feed: held seats, and seats once held but cancelled. */
export async function findFeedRegistrations(db: Executor, personId: number) {
	return db
		.selectFrom('registrations')
		.select(['sessionId', 'status', 'confirmedAt'])
		.where('personId', '=', personId)
		.where((eb) =>
			eb.or([
				eb('status', 'in', ['confirmed', 'attended']),
				eb.and([eb('status', '=', 'cancelled'), eb('confirmedAt', 'is not', null)])
			])
		)
		.execute();
}

export async function feedExists(db: Executor, personId: number): Promise<boolean> {
	const row = await db
		.selectFrom('calendarFeeds')
		.select('personId')
		.where('personId', '=', personId)
		.executeTakeFirst();
	return row !== undefined;
}

/** Replaces the person's feed token hash (run in a transaction). */
export async function replaceFeedToken(trx: Executor, personId: number, tokenHash: string): Promise<void> {
	await trx.deleteFrom('calendarFeeds').where('personId', '=', personId).execute();
	await trx.insertInto('calendarFeeds').values({ personId, tokenHash }).execute();
}

/** The owner of a feed token hash when they are active, else null. */
export async function activeFeedOwner(db: Executor, tokenHash: string): Promise<number | null> {
	const row = await db
		.selectFrom('calendarFeeds')
		.innerJoin('people', 'people.id', 'calendarFeeds.personId')
		.select(['people.id', 'people.deactivatedAt'])
		.where('calendarFeeds.tokenHash', '=', tokenHash)
		.executeTakeFirst();
	return row && !row.deactivatedAt ? row.id : null;
}
