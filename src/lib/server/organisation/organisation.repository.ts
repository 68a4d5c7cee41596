import type { Db } from '../db/database.ts';
import type { NewProgramme, Programme, Unit, UnitKind, UnitType, UnitUpdate } from '../db/schema.ts';
import { containsInsensitive } from '../db/sql.ts';
import { dialect } from '../db/database.ts';

/**
 * Queries on `programmes` and `units`. No permission logic here (see policy/ and
 * organisation.service.ts). Two counts read `people` (`activePeopleCounts`, `unitOccupancy`:
 * how many active people a unit holds, which decides whether it may close): people depends
 * on organisation, so organisation cannot ask people.service without an import cycle.
 */

/** Separator between names in a unit's path ("Region Norr › Umeå stadsbibliotek"). */
export const PATH_SEPARATOR = ' › ';

/** Every unit id in the subtrees rooted at `rootIds`, roots included. One query per tree level. */
export async function descendantUnitIds(db: Db, rootIds: readonly number[]): Promise<Set<number>> {
	const found = new Set<number>(rootIds);
	let frontier = [...rootIds];
	while (frontier.length > 0) {
		const children = await db.selectFrom('units').select('id').where('parentId', 'in', frontier).execute();
		frontier = children.map((c) => c.id).filter((id) => !found.has(id));
		for (const id of frontier) found.add(id);
	}
	return found;
}

/**
 * The units of a subtree (the root included) as a query of one column `unitId`, to nest in
 * another domain's `where(…, 'in', …)` or join: a recursive CTE, so no id list leaves the
 * database. Closed units are included (their history still counts).
 */
export function subtreeUnitsQuery(db: Db, rootId: number) {
	return db
		.withRecursive('subtree(unitId)', (qb) =>
			qb
				.selectFrom('units')
				.select('units.id as unitId')
				.where('units.id', '=', rootId)
				.unionAll((b) =>
					b
						.selectFrom('units as child')
						.innerJoin('subtree', 'subtree.unitId', 'child.parentId')
						.select('child.id as unitId')
				)
		)
		.selectFrom('subtree')
		.select('subtree.unitId');
}

/**
 * The programme's open units as a query of one column `unitId` (as `listUnits`: today's
 * people and managers sit in open units; a unit closes only when empty).
 */
export function programmeUnitsQuery(db: Db, programmeId: number) {
	return db
		.selectFrom('units')
		.select('units.id as unitId')
		.where('units.programmeId', '=', programmeId)
		.where('units.closedAt', 'is', null);
}

/**
 * Each unit's workplace as a query of (`unitId`, `workplaceId`): a workplace maps to itself,
 * a unit under it (a team) to its nearest workplace ancestor. Units with no workplace at or
 * above them (regions, organisations, a team hung elsewhere) have no row. A recursive CTE
 * walking down from the programme's workplaces; kinds rank strictly downwards, so a
 * workplace never sits under another and each unit gets at most one row.
 */
export function unitWorkplacesQuery(db: Db, programmeId: number) {
	return db
		.withRecursive('wp(unitId, workplaceId)', (qb) =>
			qb
				.selectFrom('units')
				.select(['units.id as unitId', 'units.id as workplaceId'])
				.where('units.programmeId', '=', programmeId)
				.where('units.kind', '=', 'workplace')
				.unionAll((b) =>
					b
						.selectFrom('units as child')
						.innerJoin('wp', 'wp.unitId', 'child.parentId')
						.select(['child.id as unitId', 'wp.workplaceId'])
						.where('child.kind', '!=', 'workplace')
				)
		)
		.selectFrom('wp')
		.select(['wp.unitId', 'wp.workplaceId']);
}

/** The programme's open workplaces (`id`, `name`), optionally those whose name contains `q`. */
export function workplacesQuery(db: Db, programmeId: number, q?: string) {
	let query = db
		.selectFrom('units')
		.select(['units.id', 'units.name'])
		.where('units.programmeId', '=', programmeId)
		.where('units.kind', '=', 'workplace')
		.where('units.closedAt', 'is', null);
	const term = q?.trim();
	if (term) query = query.where((eb) => containsInsensitive(dialect(db), eb.ref('units.name'), term));
	return query;
}

// ---------------------------------------------------------------- programmes

export async function findProgramme(db: Db, id: number): Promise<Programme | undefined> {
	return db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The lowest programme id, if any programme exists. */
export async function firstProgrammeId(db: Db): Promise<number | undefined> {
	const first = await db.selectFrom('programmes').select('id').orderBy('id').executeTakeFirst();
	return first?.id;
}

/** Programmes by id (all of them when `ids` is undefined), ordered by name, one page. */
export async function listProgrammes(
	db: Db,
	ids: readonly number[] | undefined,
	paging: { limit: number; offset: number } = { limit: 1000, offset: 0 }
): Promise<{ rows: Programme[]; total: number }> {
	if (ids && ids.length === 0) return { rows: [], total: 0 };
	let q = db.selectFrom('programmes');
	if (ids) q = q.where('id', 'in', ids);
	const [rows, count] = await Promise.all([
		q.selectAll().orderBy('name').orderBy('id').limit(paging.limit).offset(paging.offset).execute(),
		q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(count.n) };
}

export async function insertProgramme(db: Db, values: NewProgramme): Promise<Programme> {
	return db.insertInto('programmes').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateProgrammeRow(
	db: Db,
	id: number,
	values: Partial<Omit<Programme, 'id' | 'createdAt'>>
): Promise<Programme> {
	return db
		.updateTable('programmes')
		.set(values)
		.where('id', '=', id)
		.returningAll()
		.executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------- units

/** One unit by id, or undefined. */
export async function getUnit(db: Db, id: number): Promise<Unit | undefined> {
	return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

/** All units of a programme, ordered by name (closed ones only when asked). */
export async function listUnits(
	db: Db,
	programmeId: number,
	options: { includeClosed?: boolean } = {}
): Promise<Unit[]> {
	let q = db.selectFrom('units').selectAll().where('programmeId', '=', programmeId);
	if (!options.includeClosed) q = q.where('closedAt', 'is', null);
	return q.orderBy('name').orderBy('id').execute();
}

/** Filters for `searchUnits`. `programmeIds` undefined means every programme. */
export interface UnitSearch {
	programmeIds: readonly number[] | undefined;
	parentId?: number | undefined;
	kind?: UnitKind | undefined;
	q?: string | undefined;
	includeClosed?: boolean | undefined;
	limit: number;
	offset: number;
}

/** One page of units matching the filters, and the total count. */
export async function searchUnits(db: Db, s: UnitSearch): Promise<{ rows: Unit[]; total: number }> {
	if (s.programmeIds && s.programmeIds.length === 0) return { rows: [], total: 0 };
	let q = db.selectFrom('units');
	if (s.programmeIds) q = q.where('programmeId', 'in', s.programmeIds);
	if (s.parentId !== undefined) q = q.where('parentId', '=', s.parentId);
	if (s.kind) q = q.where('kind', '=', s.kind);
	if (!s.includeClosed) q = q.where('closedAt', 'is', null);
	const term = s.q?.trim();
	if (term) q = q.where((eb) => containsInsensitive(dialect(db), eb.ref('name'), term));
	const [rows, count] = await Promise.all([
		q
			.selectAll()
			.orderBy('programmeId')
			.orderBy('name')
			.orderBy('id')
			.limit(s.limit)
			.offset(s.offset)
			.execute(),
		q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(count.n) };
}

/** The unit and its ancestors, root first. */
export async function unitAncestry(db: Db, unitId: number): Promise<Unit[]> {
	const chain: Unit[] = [];
	const seen = new Set<number>();
	let next: number | null = unitId;
	// One query per level; trees are shallow (four kinds). `seen` guards against bad data.
	while (next !== null && !seen.has(next)) {
		seen.add(next);
		const unit = await getUnit(db, next);
		if (!unit) break;
		chain.unshift(unit);
		next = unit.parentId;
	}
	return chain;
}

/** The unit's names from the root, e.g. "Region Norr › Umeå stadsbibliotek"; '' when unknown. */
export async function unitPath(db: Db, unitId: number): Promise<string> {
	return (await unitAncestry(db, unitId)).map((u) => u.name).join(PATH_SEPARATOR);
}

/** Number of active (not deactivated) people per unit of a programme, in one grouped query. */
export async function activePeopleCounts(db: Db, programmeId: number): Promise<Map<number, number>> {
	const rows = await db
		.selectFrom('people')
		.innerJoin('units', 'units.id', 'people.unitId')
		.select((eb) => ['people.unitId', eb.fn.countAll<number>().as('n')])
		.where('units.programmeId', '=', programmeId)
		.where('people.deactivatedAt', 'is', null)
		.groupBy('people.unitId')
		.execute();
	return new Map(rows.map((r) => [r.unitId as number, Number(r.n)]));
}

/**
 * Active people per unit of a programme counting the whole subtree (a region holds the staff of
 * its workplaces), in one recursive query: every (ancestor, unit) pair of the programme's tree,
 * joined to each unit's count of active people and summed by ancestor. People are counted once
 * per unit first (one pass over the `people_unit_active` index), not once per ancestor: at
 * 100,000 people four levels deep that was 400,000 index entries per request. Units without
 * anyone are absent.
 */
export async function subtreeActivePeopleCounts(db: Db, programmeId: number): Promise<Map<number, number>> {
	const rows = await db
		.withRecursive('tree(ancestorId, unitId)', (qb) =>
			qb
				.selectFrom('units')
				.select(['units.id as ancestorId', 'units.id as unitId'])
				.where('units.programmeId', '=', programmeId)
				.unionAll((b) =>
					b
						.selectFrom('units as child')
						.innerJoin('tree', 'tree.unitId', 'child.parentId')
						.select(['tree.ancestorId', 'child.id as unitId'])
				)
		)
		.with('counts', (qb) =>
			qb
				.selectFrom('people')
				.innerJoin('units', 'units.id', 'people.unitId')
				.select((eb) => ['people.unitId', eb.fn.countAll<number>().as('n')])
				.where('units.programmeId', '=', programmeId)
				.where('people.deactivatedAt', 'is', null)
				.groupBy('people.unitId')
		)
		.selectFrom('tree')
		.innerJoin('counts', 'counts.unitId', 'tree.unitId')
		.select((eb) => ['tree.ancestorId', eb.fn.sum<number>('counts.n').as('n')])
		.groupBy('tree.ancestorId')
		.execute();
	return new Map(rows.map((r) => [Number(r.ancestorId), Number(r.n)]));
}

/** Open direct children and active people of one unit (what blocks closing it). */
export async function unitOccupancy(
	db: Db,
	unitId: number
): Promise<{ openChildren: number; activePeople: number }> {
	const [children, people] = await Promise.all([
		db
			.selectFrom('units')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('parentId', '=', unitId)
			.where('closedAt', 'is', null)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('people')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('unitId', '=', unitId)
			.where('deactivatedAt', 'is', null)
			.executeTakeFirstOrThrow()
	]);
	return { openChildren: Number(children.n), activePeople: Number(people.n) };
}

/** Another unit of the programme holding `code`, if any. */
export async function findUnitByCode(db: Db, programmeId: number, code: string): Promise<Unit | undefined> {
	return db
		.selectFrom('units')
		.selectAll()
		.where('programmeId', '=', programmeId)
		.where('code', '=', code)
		.executeTakeFirst();
}

export async function insertUnit(
	db: Db,
	values: {
		programmeId: number;
		parentId: number | null;
		kind: UnitKind;
		name: string;
		code: string | null;
		unitType?: UnitType | null;
		updatedAt: string;
	}
): Promise<Unit> {
	return db.insertInto('units').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateUnitRow(db: Db, id: number, values: UnitUpdate): Promise<Unit> {
	return db.updateTable('units').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

// ---- for catalogue, registrations

/** A programme's time zone (IANA name); throws for an unknown programme. */
export async function findProgrammeTimeZone(db: Db, programmeId: number): Promise<string> {
	const row = await db
		.selectFrom('programmes')
		.select('timeZone')
		.where('id', '=', programmeId)
		.executeTakeFirstOrThrow();
	return row.timeZone;
}

/** The units among `ids` that belong to the programme. */
export async function findUnitIdsInProgramme(db: Db, programmeId: number, ids: readonly number[]) {
	if (ids.length === 0) return [];
	const rows = await db
		.selectFrom('units')
		.select('id')
		.where('id', 'in', [...ids])
		.where('programmeId', '=', programmeId)
		.execute();
	return rows.map((r) => r.id);
}

// ---- for plans and dashboards

/** Units by id (id, name), by name. */
export async function unitsByIds(db: Db, ids: readonly number[]) {
	if (ids.length === 0) return [];
	return db
		.selectFrom('units')
		.select(['id', 'name'])
		.where('id', 'in', [...ids])
		.orderBy('name')
		.execute();
}

// ---- for people (unit select boxes)

/** A unit's children by name (open ones only unless `includeClosed`). */
export async function listChildUnits(db: Db, parentId: number, includeClosed: boolean): Promise<Unit[]> {
	let q = db.selectFrom('units').selectAll().where('parentId', '=', parentId);
	if (!includeClosed) q = q.where('closedAt', 'is', null);
	return q.orderBy('name').orderBy('id').execute();
}

/** The programme's units, by name, with what a select box needs. */
export async function listUnitRows(db: Db, programmeId: number) {
	return db
		.selectFrom('units')
		.select(['id', 'parentId', 'name', 'closedAt'])
		.where('programmeId', '=', programmeId)
		.orderBy('name')
		.execute();
}

// ---- for imports

/** Every unit of a programme, closed ones included, with what matching import rows needs. */
export async function findUnitsForImport(db: Db, programmeId: number) {
	return db
		.selectFrom('units')
		.select(['id', 'name', 'code', 'kind', 'closedAt'])
		.where('programmeId', '=', programmeId)
		.execute();
}

// ---- for home

/** A programme's headline fields. */
export function findProgrammeSummary(db: Db, programmeId: number) {
	return db
		.selectFrom('programmes')
		.select(['id', 'name', 'funder', 'startsOn', 'endsOn'])
		.where('id', '=', programmeId)
		.executeTakeFirst();
}

/** Every programme's headline fields, by name. */
export function findProgrammeSummaries(db: Db) {
	return db
		.selectFrom('programmes')
		.select(['id', 'name', 'funder', 'startsOn', 'endsOn'])
		.orderBy('name')
		.execute();
}

/** Open units of a programme among `unitIds`, by name. */
export function findOpenUnitsAmong(db: Db, programmeId: number, unitIds: readonly number[]) {
	return db
		.selectFrom('units')
		.select(['id', 'name', 'kind', 'parentId'])
		.where('programmeId', '=', programmeId)
		.where('id', 'in', [...unitIds])
		.where('closedAt', 'is', null)
		.orderBy('name')
		.execute();
}

/** Open units of a programme per kind. */
export async function countOpenUnitsByKind(db: Db, programmeId: number): Promise<Map<UnitKind, number>> {
	const rows = await db
		.selectFrom('units')
		.select(['kind', (eb) => eb.fn.countAll<number>().as('count')])
		.where('programmeId', '=', programmeId)
		.where('closedAt', 'is', null)
		.groupBy('kind')
		.execute();
	return new Map(rows.map((r) => [r.kind, Number(r.count)]));
}

/** Open units per programme. */
export async function countOpenUnitsByProgramme(db: Db): Promise<Map<number, number>> {
	const rows = await db
		.selectFrom('units')
		.select(['programmeId', (eb) => eb.fn.countAll<number>().as('count')])
		.where('closedAt', 'is', null)
		.groupBy('programmeId')
		.execute();
	return new Map(rows.map((r) => [r.programmeId, Number(r.count)]));
}

// ---- for people (unit names)

/** Names of units by id. */
export async function findUnitNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
	const rows = await db
		.selectFrom('units')
		.select(['id', 'name'])
		.where('id', 'in', [...ids])
		.execute();
	return new Map(rows.map((r) => [r.id, r.name]));
}
