import type { Db } from '../db/database.ts';
import type { Locale } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/** Queries of the funder report (`funder_reports`, `funder_report_versions`). No permission logic. */

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
