import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AuditLogTable } from '../db/schema.ts';

/**
 * Queries on `audit_log`. No permission logic here (see audit.service.ts). Entries are shown
 * with the current names of people and units, read here by join: every domain writes the
 * audit log, so audit cannot call the people or organisation services without a cycle.
 */

/** Inserts entries in one statement. */
export async function insertAuditRows(db: Db, rows: Insertable<AuditLogTable>[]): Promise<void> {
	if (rows.length > 0) await db.insertInto('auditLog').values(rows).execute();
}

export interface AuditFilter {
	programmeId: number;
	entityType?: string | undefined;
	/** Changes to this person: their person entries and their role entries. */
	personId?: number | undefined;
	/** Entries this person made (what they changed, read or exported). */
	actorId?: number | undefined;
	action?: string | undefined;
	/** Period, inclusive, as `YYYY-MM-DD` (UTC days). */
	from?: string | undefined;
	to?: string | undefined;
}

function nextDay(date: string): string {
	const d = new Date(date + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

function filtered(db: Db, f: AuditFilter) {
	let q = db.selectFrom('auditLog').where('auditLog.programmeId', '=', f.programmeId);
	if (f.entityType) q = q.where('auditLog.entityType', '=', f.entityType);
	if (f.personId !== undefined)
		q = q.where('auditLog.entityType', 'in', ['person', 'role']).where('auditLog.entityId', '=', f.personId);
	if (f.actorId !== undefined) q = q.where('auditLog.actorId', '=', f.actorId);
	if (f.action) q = q.where('auditLog.action', '=', f.action);
	if (f.from) q = q.where('auditLog.createdAt', '>=', f.from + 'T00:00:00.000Z');
	if (f.to) q = q.where('auditLog.createdAt', '<', nextDay(f.to) + 'T00:00:00.000Z');
	return q;
}

/** One page of entries, newest first, with the actor's and the entity's current names. */
export async function findAuditEntries(db: Db, f: AuditFilter, paging: { page: number; pageSize: number }) {
	const [rows, count] = await Promise.all([
		filtered(db, f)
			.leftJoin('people as actor', 'actor.id', 'auditLog.actorId')
			// Person and role entries both point at a person (see people.service.ts).
			.leftJoin('people as target', (join) =>
				join.onRef('target.id', '=', 'auditLog.entityId').on('auditLog.entityType', 'in', ['person', 'role'])
			)
			.leftJoin('units as unit', (join) =>
				join.onRef('unit.id', '=', 'auditLog.entityId').on('auditLog.entityType', '=', 'unit')
			)
			.select([
				'auditLog.id',
				'auditLog.action',
				'auditLog.entityType',
				'auditLog.entityId',
				'auditLog.before',
				'auditLog.after',
				'auditLog.createdAt',
				'auditLog.actorId',
				'actor.name as actorName',
				'target.name as targetPersonName',
				'unit.name as targetUnitName'
			])
			.orderBy('auditLog.createdAt', 'desc')
			.orderBy('auditLog.id', 'desc')
			.limit(paging.pageSize)
			.offset((paging.page - 1) * paging.pageSize)
			.execute(),
		filtered(db, f)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(count.n) };
}

/** Names of units by id (to show unit changes in diffs by name). */
export async function unitNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
	if (ids.length === 0) return new Map();
	const rows = await db
		.selectFrom('units')
		.select(['id', 'name'])
		.where('id', 'in', [...ids])
		.execute();
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** A person's name by id, for the "changes to …" filter heading. */
export async function personName(db: Db, programmeId: number, id: number): Promise<string | undefined> {
	const row = await db
		.selectFrom('people')
		.select('name')
		.where('id', '=', id)
		.where('programmeId', '=', programmeId)
		.executeTakeFirst();
	return row?.name;
}

// ---- for home

/** The newest changes of a programme (readings left out), with the actor's name. */
export function findRecentChanges(db: Db, programmeId: number, limit: number) {
	return (
		db
			.selectFrom('auditLog')
			.leftJoin('people', 'people.id', 'auditLog.actorId')
			.select([
				'auditLog.id',
				'people.name as actorName',
				'auditLog.action',
				'auditLog.entityType',
				'auditLog.createdAt'
			])
			.where('auditLog.programmeId', '=', programmeId)
			// Readings (also sign-ins and downloads, issue 14) are for the audit page, not the home page.
			.where('auditLog.action', 'not in', ['read', 'signIn', 'download'])
			.orderBy('auditLog.createdAt', 'desc')
			.orderBy('auditLog.id', 'desc')
			.limit(limit)
			.execute()
	);
}

/** One batch of filtered entries for the CSV export, oldest first, after `afterId` (keyset paging). */
export function findAuditBatch(db: Db, f: AuditFilter, afterId: number, limit: number) {
	return filtered(db, f)
		.leftJoin('people as actor', 'actor.id', 'auditLog.actorId')
		.select([
			'auditLog.id',
			'auditLog.createdAt',
			'auditLog.actorId',
			'actor.name as actorName',
			'auditLog.action',
			'auditLog.entityType',
			'auditLog.entityId',
			'auditLog.before',
			'auditLog.after'
		])
		.where('auditLog.id', '>', afterId)
		.orderBy('auditLog.id')
		.limit(limit)
		.execute();
}
