import type { Kysely } from 'kysely';

/**
 * Indexes for the learning-environment dashboards at 100,000 people (issue 10): the office's
 * workplace table lists a programme's units of one kind (`units.kind = 'workplace'`, the
 * recursive unit → workplace walk starts there) in name order, and counts processes by status
 * per programme without reading the rows.
 */
const INDEXES: { name: string; table: string; columns: string[] }[] = [
	{ name: 'units_programme_kind_name', table: 'units', columns: ['programme_id', 'kind', 'name'] },
	{ name: 'processes_programme_status', table: 'processes', columns: ['programme_id', 'status'] }
];

export async function up(db: Kysely<any>): Promise<void> {
	for (const ix of INDEXES)
		await db.schema.createIndex(ix.name).ifNotExists().on(ix.table).columns(ix.columns).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const ix of [...INDEXES].reverse()) await db.schema.dropIndex(ix.name).ifExists().execute();
}
