import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { JobCategory, Role, UnitKind } from '../db/schema.ts';

/**
 * Read-only queries behind the home page. Each returns grouped counts or a short list in one
 * query (no per-row queries). No permission logic here: `home.service.ts` decides who sees what.
 */

export interface ProgrammeSummary {
	id: number;
	name: string;
	funder: string | null;
	startsOn: string;
	endsOn: string;
}

export function findProgramme(db: Db, programmeId: number): Promise<ProgrammeSummary | undefined> {
	return db
		.selectFrom('programmes')
		.select(['id', 'name', 'funder', 'startsOn', 'endsOn'])
		.where('id', '=', programmeId)
		.executeTakeFirst();
}

export interface UnitRow {
	id: number;
	name: string;
	kind: UnitKind;
	parentId: number | null;
}

/** A unit and its ancestors, nearest first. One query per tree level (the tree is shallow). */
export async function unitWithAncestors(db: Db, unitId: number): Promise<UnitRow[]> {
	const chain: UnitRow[] = [];
	let next: number | null = unitId;
	while (next !== null && chain.length < 20) {
		const row: UnitRow | undefined = await db
			.selectFrom('units')
			.select(['id', 'name', 'kind', 'parentId'])
			.where('id', '=', next)
			.executeTakeFirst();
		if (!row) break;
		chain.push(row);
		next = row.parentId;
	}
	return chain;
}

/** Open units of a programme among `unitIds`. */
export function openUnits(db: Db, programmeId: number, unitIds: readonly number[]): Promise<UnitRow[]> {
	if (unitIds.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('units')
		.select(['id', 'name', 'kind', 'parentId'])
		.where('programmeId', '=', programmeId)
		.where('id', 'in', [...unitIds])
		.where('closedAt', 'is', null)
		.orderBy('name')
		.execute();
}

/** Active people per unit, for the given units. */
export async function activeStaffByUnit(db: Db, unitIds: readonly number[]): Promise<Map<number, number>> {
	if (unitIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('people')
		.select(['unitId', (eb) => eb.fn.countAll<number>().as('count')])
		.where('unitId', 'in', [...unitIds])
		.where('deactivatedAt', 'is', null)
		.groupBy('unitId')
		.execute();
	return new Map(rows.map((r) => [r.unitId as number, Number(r.count)]));
}

export interface PersonListItem {
	id: number;
	name: string;
	email: string;
	unitName: string | null;
}

/** The first `limit` active people (by name) in the given units, and how many there are. */
export async function activePeopleInUnits(
	db: Db,
	unitIds: readonly number[],
	limit: number
): Promise<{ items: PersonListItem[]; total: number }> {
	if (unitIds.length === 0) return { items: [], total: 0 };
	const base = db
		.selectFrom('people')
		.where('people.unitId', 'in', [...unitIds])
		.where('people.deactivatedAt', 'is', null);
	const [items, total] = await Promise.all([
		base
			.leftJoin('units', 'units.id', 'people.unitId')
			.select(['people.id', 'people.name', 'people.email', 'units.name as unitName'])
			.orderBy('people.name')
			.orderBy('people.id')
			.limit(limit)
			.execute(),
		base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()
	]);
	return { items, total: Number(total.count) };
}

/** Open units of a programme per kind. */
export async function openUnitsByKind(db: Db, programmeId: number): Promise<Map<UnitKind, number>> {
	const rows = await db
		.selectFrom('units')
		.select(['kind', (eb) => eb.fn.countAll<number>().as('count')])
		.where('programmeId', '=', programmeId)
		.where('closedAt', 'is', null)
		.groupBy('kind')
		.execute();
	return new Map(rows.map((r) => [r.kind, Number(r.count)]));
}

/** People of a programme by job category and active/deactivated, in one grouped query. */
export async function peopleByJobAndStatus(
	db: Db,
	programmeId: number
): Promise<{ jobCategory: JobCategory | null; active: boolean; count: number }[]> {
	const active = sql<number>`case when deactivated_at is null then 1 else 0 end`;
	const rows = await db
		.selectFrom('people')
		.select(['jobCategory', active.as('active'), (eb) => eb.fn.countAll<number>().as('count')])
		.where('programmeId', '=', programmeId)
		.groupBy(['jobCategory', active])
		.execute();
	return rows.map((r) => ({
		jobCategory: r.jobCategory,
		active: Number(r.active) === 1,
		count: Number(r.count)
	}));
}

/** How many people hold each stored role in a programme (active people only). */
export async function roleHolders(db: Db, programmeId: number): Promise<Map<Role, number>> {
	const rows = await db
		.selectFrom('roleAssignments')
		.innerJoin('people', 'people.id', 'roleAssignments.personId')
		.select([
			'roleAssignments.role',
			(eb) => eb.fn.count<number>('roleAssignments.personId').distinct().as('count')
		])
		.where('roleAssignments.programmeId', '=', programmeId)
		.where('people.deactivatedAt', 'is', null)
		.groupBy('roleAssignments.role')
		.execute();
	return new Map(rows.map((r) => [r.role, Number(r.count)]));
}

/** Outbox messages of a programme that were not delivered by e-mail. */
export async function unsentOutboxCount(db: Db, programmeId: number): Promise<number> {
	const row = await db
		.selectFrom('outbox')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('programmeId', '=', programmeId)
		.where('sentAt', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

export interface RecentAuditEntry {
	id: number;
	actorName: string | null;
	action: string;
	entityType: string;
	createdAt: string;
}

/** The newest changes recorded in a programme's audit log (readings of sensitive data are left to the audit page). */
export function recentAudit(db: Db, programmeId: number, limit: number): Promise<RecentAuditEntry[]> {
	return db
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
		.where('auditLog.action', '!=', 'read')
		.orderBy('auditLog.createdAt', 'desc')
		.orderBy('auditLog.id', 'desc')
		.limit(limit)
		.execute();
}

/** Track names of a programme in display order. */
export async function trackNames(db: Db, programmeId: number): Promise<string[]> {
	const rows = await db
		.selectFrom('tracks')
		.select('name')
		.where('programmeId', '=', programmeId)
		.orderBy('sortOrder')
		.orderBy('name')
		.execute();
	return rows.map((r) => r.name);
}

export interface ProgrammeWithCounts extends ProgrammeSummary {
	units: number;
	activePeople: number;
}

/** Every programme with its open-unit and active-people counts (three queries in all). */
export async function programmesWithCounts(db: Db): Promise<ProgrammeWithCounts[]> {
	const [programmes, units, people] = await Promise.all([
		db
			.selectFrom('programmes')
			.select(['id', 'name', 'funder', 'startsOn', 'endsOn'])
			.orderBy('name')
			.execute(),
		db
			.selectFrom('units')
			.select(['programmeId', (eb) => eb.fn.countAll<number>().as('count')])
			.where('closedAt', 'is', null)
			.groupBy('programmeId')
			.execute(),
		db
			.selectFrom('people')
			.select(['programmeId', (eb) => eb.fn.countAll<number>().as('count')])
			.where('deactivatedAt', 'is', null)
			.where('programmeId', 'is not', null)
			.groupBy('programmeId')
			.execute()
	]);
	const unitCount = new Map(units.map((r) => [r.programmeId, Number(r.count)]));
	const peopleCount = new Map(people.map((r) => [r.programmeId, Number(r.count)]));
	return programmes.map((p) => ({
		...p,
		units: unitCount.get(p.id) ?? 0,
		activePeople: peopleCount.get(p.id) ?? 0
	}));
}

/** A person's own details for the home page. */
export function ownDetails(db: Db, personId: number) {
	return db
		.selectFrom('people')
		.select(['email', 'jobCategory', 'roleStartedOn'])
		.where('id', '=', personId)
		.executeTakeFirst();
}
