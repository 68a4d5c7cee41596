import type { Db } from '../db/database.ts';
import type { DialogueNotePolicy, PrivacyExportStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/** Queries on the privacy domain's own tables: export jobs, settings, erasures. */

// ---- export jobs

export async function insertExport(db: Db, personId: number, total: number): Promise<number> {
	const row = await db
		.insertInto('privacyExports')
		.values({ personId, status: 'queued', total, createdAt: nowIso() })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export function exportMeta(db: Db) {
	return db
		.selectFrom('privacyExports')
		.select([
			'id',
			'personId',
			'status',
			'progress',
			'total',
			'size',
			'error',
			'expiresAt',
			'downloadedAt',
			'createdAt',
			'finishedAt'
		]);
}

export function findExport(db: Db, id: number) {
	return exportMeta(db).where('id', '=', id).executeTakeFirst();
}

export function recentExports(db: Db, personId: number, limit: number) {
	return exportMeta(db).where('personId', '=', personId).orderBy('id', 'desc').limit(limit).execute();
}

export function openExportOf(db: Db, personId: number) {
	return exportMeta(db)
		.where('personId', '=', personId)
		.where('status', 'in', ['queued', 'running'])
		.orderBy('id', 'desc')
		.executeTakeFirst();
}

/** One due job: queued, or running with a lapsed lease (its worker died). */
export function nextDueExport(db: Db, now: string) {
	return db
		.selectFrom('privacyExports')
		.select(['id', 'personId'])
		.where((eb) =>
			eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('leaseUntil', '<', now)])])
		)
		.orderBy('id')
		.limit(1)
		.executeTakeFirst();
}

/** Claims the job if nobody else did meanwhile (conditional update: safe with several workers). */
export async function claimExport(db: Db, id: number, now: string, leaseUntil: string): Promise<boolean> {
	const result = await db
		.updateTable('privacyExports')
		.set({ status: 'running', leaseUntil, progress: 0 })
		.where('id', '=', id)
		.where((eb) =>
			eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('leaseUntil', '<', now)])])
		)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function setExportProgress(db: Db, id: number, progress: number, leaseUntil: string) {
	await db.updateTable('privacyExports').set({ progress, leaseUntil }).where('id', '=', id).execute();
}

export async function finishExport(
	db: Db,
	id: number,
	p: { content: Buffer; expiresAt: string; progress: number }
) {
	await db
		.updateTable('privacyExports')
		.set({
			status: 'ready' satisfies PrivacyExportStatus,
			content: p.content,
			size: p.content.length,
			expiresAt: p.expiresAt,
			progress: p.progress,
			leaseUntil: null,
			finishedAt: nowIso()
		})
		.where('id', '=', id)
		.where('status', '=', 'running')
		.execute();
}

export async function failExport(db: Db, id: number, error: string) {
	await db
		.updateTable('privacyExports')
		.set({ status: 'failed', error: error.slice(0, 500), leaseUntil: null, finishedAt: nowIso() })
		.where('id', '=', id)
		.execute();
}

/** The token hash is stored at request time (the token is shown then, once). */
export async function setExportToken(db: Db, id: number, tokenHash: string) {
	await db.updateTable('privacyExports').set({ tokenHash }).where('id', '=', id).execute();
}

export function exportByToken(db: Db, tokenHash: string) {
	return db
		.selectFrom('privacyExports')
		.select(['id', 'personId', 'status', 'content', 'expiresAt'])
		.where('tokenHash', '=', tokenHash)
		.executeTakeFirst();
}

export async function markDownloaded(db: Db, id: number) {
	await db.updateTable('privacyExports').set({ downloadedAt: nowIso() }).where('id', '=', id).execute();
}

/** Expired ZIPs are dropped; the job row stays (it is in the person's history). */
export async function expireExports(db: Db, now: string): Promise<number> {
	const result = await db
		.updateTable('privacyExports')
		.set({ status: 'expired', content: null })
		.where('status', '=', 'ready')
		.where('expiresAt', '<', now)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

export function exportsOf(db: Db, personId: number) {
	return exportMeta(db).where('personId', '=', personId).orderBy('id').execute();
}

export async function countExportsOf(db: Db, personId: number) {
	const row = await db
		.selectFrom('privacyExports')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('personId', '=', personId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function deleteExportsOf(db: Db, personId: number) {
	await db.deleteFrom('privacyExports').where('personId', '=', personId).execute();
}

// ---- settings

export interface PrivacySettingsRow {
	programmeId: number;
	dialogueNotesOnErasure: DialogueNotePolicy;
	logbookMonthsAfterEnd: number | null;
	inactiveYears: number | null;
	surveyRawMonthsAfterClose: number | null;
	updatedAt: string | null;
}

export async function settingsOf(db: Db, programmeId: number): Promise<PrivacySettingsRow> {
	const row = await db
		.selectFrom('privacySettings')
		.selectAll()
		.where('programmeId', '=', programmeId)
		.executeTakeFirst();
	return (
		row ?? {
			programmeId,
			dialogueNotesOnErasure: 'keep',
			logbookMonthsAfterEnd: null,
			inactiveYears: null,
			surveyRawMonthsAfterClose: null,
			updatedAt: null
		}
	);
}

export async function saveSettings(db: Db, row: Omit<PrivacySettingsRow, 'updatedAt'>) {
	const values = { ...row, updatedAt: nowIso() };
	await db
		.insertInto('privacySettings')
		.values(values)
		.onConflict((oc) => oc.column('programmeId').doUpdateSet(values))
		.execute();
}

/** Programmes with at least one retention rule (the scheduled run walks only these). */
export function programmesWithRetention(db: Db) {
	return db
		.selectFrom('privacySettings')
		.selectAll()
		.where((eb) =>
			eb.or([
				eb('logbookMonthsAfterEnd', 'is not', null),
				eb('inactiveYears', 'is not', null),
				eb('surveyRawMonthsAfterClose', 'is not', null)
			])
		)
		.orderBy('programmeId')
		.execute();
}

// ---- erasures

export async function insertErasure(
	db: Db,
	row: {
		programmeId: number | null;
		personId: number;
		erasedBy: number | null;
		reason: 'request' | 'retention';
	}
): Promise<number> {
	const r = await db
		.insertInto('privacyErasures')
		.values({ ...row, counts: '[]', createdAt: nowIso() })
		.returning('id')
		.executeTakeFirstOrThrow();
	return r.id;
}

export async function setErasureCounts(db: Db, id: number, counts: string) {
	await db.updateTable('privacyErasures').set({ counts }).where('id', '=', id).execute();
}

export function erasureOf(db: Db, personId: number) {
	return db
		.selectFrom('privacyErasures')
		.select(['id', 'reason', 'createdAt'])
		.where('personId', '=', personId)
		.executeTakeFirst();
}

export function erasuresOf(db: Db, personId: number) {
	return db
		.selectFrom('privacyErasures')
		.select(['id', 'reason', 'counts', 'createdAt'])
		.where('personId', '=', personId)
		.orderBy('id')
		.execute();
}

export function erasuresBy(db: Db, personId: number) {
	return db
		.selectFrom('privacyErasures')
		.select(['id', 'reason', 'createdAt'])
		.where('erasedBy', '=', personId)
		.where('personId', '!=', personId)
		.orderBy('id')
		.execute();
}

export function recentErasures(db: Db, programmeId: number, limit: number) {
	return db
		.selectFrom('privacyErasures')
		.select(['id', 'personId', 'reason', 'counts', 'createdAt'])
		.where('programmeId', '=', programmeId)
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}
