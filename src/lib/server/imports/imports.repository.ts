import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ImportJobTable } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/** Every query on `import_jobs`. No permission logic here (see imports.service.ts). */

export async function insertJob(db: Db, values: Insertable<ImportJobTable>): Promise<number> {
	const row = await db.insertInto('importJobs').values(values).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

export async function findJob(db: Db, id: number) {
	return db.selectFrom('importJobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves a waiting job to `imported` with one conditional update; false when it was not waiting. */
export async function claimJob(db: Db, id: number): Promise<boolean> {
	const claimed = await db
		.updateTable('importJobs')
		.set({ status: 'imported', finishedAt: nowIso(), errorCount: 0 })
		.where('id', '=', id)
		.where('status', '=', 'previewed')
		.executeTakeFirst();
	return Number(claimed.numUpdatedRows) === 1;
}

/** Marks a waiting job discarded and drops its rows. */
export async function discardJob(db: Db, id: number): Promise<void> {
	await db
		.updateTable('importJobs')
		.set({ status: 'discarded', finishedAt: nowIso(), rows: '[]' })
		.where('id', '=', id)
		.where('status', '=', 'previewed')
		.execute();
}

/** A programme's most recent jobs, newest first. */
export async function recentJobs(db: Db, programmeId: number, limit: number) {
	return db
		.selectFrom('importJobs')
		.select(['id', 'kind', 'fileName', 'rowCount', 'errorCount', 'status', 'createdAt'])
		.where('programmeId', '=', programmeId)
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}
