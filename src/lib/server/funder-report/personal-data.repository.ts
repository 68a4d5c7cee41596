import type { Db } from '../db/database.ts';

/** The funder report's part of a person's data export: reports they wrote, versions they froze. */
export async function funderReportDataOf(db: Db, personId: number) {
	const [created, frozen] = await Promise.all([
		db
			.selectFrom('funderReports')
			.select(['id', 'programmeId', 'title', 'periodStart', 'periodEnd', 'createdAt'])
			.where('createdBy', '=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('funderReportVersions')
			.select(['id', 'reportId', 'locale', 'createdAt'])
			.where('frozenBy', '=', personId)
			.orderBy('id')
			.execute()
	]);
	return { reports_created: created, versions_frozen: frozen };
}

export async function countFunderReportRows(db: Db, personId: number) {
	const [reports, versions] = await Promise.all([
		db
			.selectFrom('funderReports')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('createdBy', '=', personId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('funderReportVersions')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('frozenBy', '=', personId)
			.executeTakeFirstOrThrow()
	]);
	return { reports: Number(reports.n), versions: Number(versions.n) };
}
