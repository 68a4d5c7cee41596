import type { Db } from '../db/database.ts';

/** Recordings' part of a person's data export: recordings they added, consents they noted. */
export async function recordingsDataOf(db: Db, personId: number) {
	const [added, consent] = await Promise.all([
		db
			.selectFrom('sessionRecordings')
			.select(['id', 'sessionId', 'title', 'createdAt'])
			.where('createdBy', '=', personId)
			.orderBy('createdAt')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('sessionRecordings')
			.select(['id', 'sessionId', 'title', 'consentNotedAt'])
			.where('consentNotedBy', '=', personId)
			.orderBy('consentNotedAt')
			.orderBy('id')
			.execute()
	]);
	return { recordings_added: added, consents_noted: consent };
}

/** Recordings the person added or whose consent they noted (a row counts once). */
export async function countRecordingsBy(db: Db, personId: number) {
	const row = await db
		.selectFrom('sessionRecordings')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where((eb) => eb.or([eb('createdBy', '=', personId), eb('consentNotedBy', '=', personId)]))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
