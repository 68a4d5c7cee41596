import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import { dialect } from '../db/database.ts';
import type { SessionRecordingTable } from '../db/schema.ts';
import { blobSlice, nowIso } from '../db/sql.ts';

/** Queries of session recordings. The content is read in slices (range requests), never listed. */

const META = [
	'id',
	'sessionId',
	'programmeId',
	'title',
	'url',
	'fileName',
	'contentType',
	'size',
	'durationSeconds',
	'consentNotedAt',
	'publishedAt',
	'viewCount',
	'createdAt'
] as const;

export async function insertRecording(db: Db, values: Insertable<SessionRecordingTable>): Promise<void> {
	await db.insertInto('sessionRecordings').values(values).execute();
}

export async function findRecording(db: Db, id: string) {
	return db.selectFrom('sessionRecordings').select(META).where('id', '=', id).executeTakeFirst();
}

export async function recordingsOfSession(db: Db, sessionId: number, publishedOnly: boolean) {
	let q = db.selectFrom('sessionRecordings').select(META).where('sessionId', '=', sessionId);
	if (publishedOnly) q = q.where('publishedAt', 'is not', null);
	return q.orderBy('createdAt').limit(100).execute();
}

/** Bytes [start, start + length) of an uploaded recording. */
export async function readSlice(
	db: Db,
	id: string,
	start: number,
	length: number
): Promise<Uint8Array | null> {
	const row = await db
		.selectFrom('sessionRecordings')
		.select((eb) => blobSlice(dialect(db), eb.ref('content'), start, length).as('chunk'))
		.where('id', '=', id)
		.executeTakeFirst();
	return row?.chunk ? new Uint8Array(row.chunk) : null;
}

/** One more view (a counter only: who watched is never stored). */
export async function countView(db: Db, id: string): Promise<void> {
	await db
		.updateTable('sessionRecordings')
		.set((eb) => ({ viewCount: eb('viewCount', '+', 1) }))
		.where('id', '=', id)
		.execute();
}

/** Publishes (consent must be noted: the CHECK constraint refuses otherwise) or withdraws. */
export async function setPublished(db: Db, id: string, published: boolean): Promise<void> {
	await db
		.updateTable('sessionRecordings')
		.set({ publishedAt: published ? nowIso() : null })
		.where('id', '=', id)
		.execute();
}

export async function deleteRecording(db: Db, id: string): Promise<void> {
	await db.deleteFrom('sessionRecordings').where('id', '=', id).execute();
}

/** Views of a programme's recordings in total (a figure for the office; no personal history). */
export async function totalViews(db: Db, programmeId: number): Promise<number> {
	const row = await db
		.selectFrom('sessionRecordings')
		.select((eb) => eb.fn.coalesce(eb.fn.sum<number>('viewCount'), eb.lit(0)).as('n'))
		.where('programmeId', '=', programmeId)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}
