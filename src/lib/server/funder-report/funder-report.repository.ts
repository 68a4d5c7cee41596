import type { Db } from '../db/database.ts';
import type { Locale } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/**
 * Queries of the funder report (`funder_reports`, `funder_report_versions`,
 * `funder_report_key_results`). No permission logic.
 */

const reportColumns = [
	'id',
	'programmeId',
	'title',
	'periodStart',
	'periodEnd',
	'summary',
	'lessons',
	'updatedAt'
] as const;

export function insertReport(
	db: Db,
	v: {
		programmeId: number;
		title: string;
		periodStart: string;
		periodEnd: string;
		summary: string;
		lessons: string;
		createdBy: number;
	}
) {
	return db
		.insertInto('funderReports')
		.values({ ...v, updatedAt: nowIso() })
		.returning('id')
		.executeTakeFirstOrThrow();
}

export async function updateTexts(db: Db, id: number, v: { summary?: string; lessons?: string }) {
	await db
		.updateTable('funderReports')
		.set({ ...v, updatedAt: nowIso() })
		.where('id', '=', id)
		.execute();
}

export function findReport(db: Db, id: number) {
	return db.selectFrom('funderReports').select(reportColumns).where('id', '=', id).executeTakeFirst();
}

export function reportsOf(db: Db, programmeId: number) {
	return db
		.selectFrom('funderReports')
		.select(reportColumns)
		.where('programmeId', '=', programmeId)
		.orderBy('periodStart', 'desc')
		.orderBy('id', 'desc')
		.limit(200)
		.execute();
}

export function insertVersion(
	db: Db,
	v: { reportId: number; frozenBy: number; locale: Locale; figures: string }
) {
	return db
		.insertInto('funderReportVersions')
		.values(v)
		.returning(['id', 'createdAt'])
		.executeTakeFirstOrThrow();
}

export function versionsOf(db: Db, reportId: number) {
	return db
		.selectFrom('funderReportVersions')
		.select(['id', 'createdAt', 'locale', 'frozenBy'])
		.where('reportId', '=', reportId)
		.orderBy('id', 'desc')
		.limit(200)
		.execute();
}

export function findVersion(db: Db, reportId: number, id: number) {
	return db
		.selectFrom('funderReportVersions')
		.select(['id', 'createdAt', 'locale', 'figures'])
		.where('reportId', '=', reportId)
		.where('id', '=', id)
		.executeTakeFirst();
}

/** The report's chosen key survey questions, in its order. */
export function keyResultsOf(db: Db, reportId: number) {
	return db
		.selectFrom('funderReportKeyResults')
		.select(['questionId', 'item'])
		.where('reportId', '=', reportId)
		.orderBy('position')
		.execute();
}

/**
 * Marks the report changed. Inside a transaction it also holds the report's row until the
 * end (PostgreSQL row lock; SQLite serialises writes), so two concurrent replacements of the
 * key questions run one after the other instead of colliding on the primary key.
 */
export async function touchReport(db: Db, id: number) {
	await db.updateTable('funderReports').set({ updatedAt: nowIso() }).where('id', '=', id).execute();
}

/** Replaces the report's key questions with `refs`, positions in their order (call in a transaction). */
export async function replaceKeyResults(
	db: Db,
	reportId: number,
	refs: readonly { questionId: number; item: number }[]
) {
	await db.deleteFrom('funderReportKeyResults').where('reportId', '=', reportId).execute();
	if (refs.length > 0)
		await db
			.insertInto('funderReportKeyResults')
			.values(refs.map((r, position) => ({ reportId, questionId: r.questionId, item: r.item, position })))
			.execute();
}
