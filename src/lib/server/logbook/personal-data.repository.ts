import type { Db } from '../db/database.ts';

/** The logbook's part of a person's data export and erasure: entries with their consent history. */

const entriesOf = (db: Db, personId: number) =>
	db.selectFrom('logbookEntries').select('logbookEntries.id').where('logbookEntries.personId', '=', personId);

export async function logbookDataOf(db: Db, personId: number) {
	const [entries, shares, consent, actedOn] = await Promise.all([
		db.selectFrom('logbookEntries').selectAll().where('personId', '=', personId).orderBy('id').execute(),
		db
			.selectFrom('logbookShares')
			.selectAll()
			.where('entryId', 'in', entriesOf(db, personId))
			.orderBy('entryId')
			.execute(),
		db
			.selectFrom('logbookConsentEvents')
			.selectAll()
			.where('entryId', 'in', entriesOf(db, personId))
			.orderBy('id')
			.execute(),
		db
			.selectFrom('logbookConsentEvents')
			.select(['id', 'entryId', 'action', 'createdAt'])
			.where('actorId', '=', personId)
			.where('entryId', 'not in', entriesOf(db, personId))
			.orderBy('id')
			.execute()
	]);
	return { entries, shares, consent_history: consent, consent_events_you_recorded: actedOn };
}

export async function countLogbookRows(db: Db, personId: number) {
	const c = async (q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) =>
		Number((await q.executeTakeFirstOrThrow()).n);
	return {
		logbook_entries: await c(
			db
				.selectFrom('logbookEntries')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('personId', '=', personId)
		),
		logbook_shares: await c(
			db
				.selectFrom('logbookShares')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('entryId', 'in', entriesOf(db, personId))
		),
		logbook_consent_events: await c(
			db
				.selectFrom('logbookConsentEvents')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('entryId', 'in', entriesOf(db, personId))
		)
	};
}

/** Reflections are the person's own words: they go, with their shares and consent history. */
export async function deleteEntriesOf(trx: Db, personId: number) {
	await trx.deleteFrom('logbookShares').where('entryId', 'in', entriesOf(trx, personId)).execute();
	await trx.deleteFrom('logbookConsentEvents').where('entryId', 'in', entriesOf(trx, personId)).execute();
	await trx.deleteFrom('logbookEntries').where('personId', '=', personId).execute();
}

// ---- retention

const endedBefore = (db: Db, cutoffDate: string, programmeId: number) =>
	db
		.selectFrom('people')
		.innerJoin('programmes', 'programmes.id', 'people.programmeId')
		.select('people.id')
		.where('people.programmeId', '=', programmeId)
		.where('programmes.endsOn', '<', cutoffDate);

/** Entries of a programme's people once the programme ended before `cutoffDate`. */
export async function countEntriesOfEndedProgramme(db: Db, programmeId: number, cutoffDate: string) {
	const row = await db
		.selectFrom('logbookEntries')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('personId', 'in', endedBefore(db, cutoffDate, programmeId))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function deleteEntriesOfEndedProgramme(trx: Db, programmeId: number, cutoffDate: string) {
	const entries = trx
		.selectFrom('logbookEntries')
		.select('id')
		.where('personId', 'in', endedBefore(trx, cutoffDate, programmeId));
	await trx.deleteFrom('logbookShares').where('entryId', 'in', entries).execute();
	await trx.deleteFrom('logbookConsentEvents').where('entryId', 'in', entries).execute();
	const result = await trx
		.deleteFrom('logbookEntries')
		.where('personId', 'in', endedBefore(trx, cutoffDate, programmeId))
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}
