import { RuleError, requireChanges } from '../core/errors.ts';
import type { z } from 'zod';
import { translate, type Locale, type MessageKey, type MessageParams } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import { UNIT_KINDS, type Programme, type Unit, type UnitKind } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { fieldErrors, parseInput, type FieldErrors } from '../core/validation.ts';
import { AccessDeniedError, authorize, can, programmeIdsOf, type Actor } from '../policy/policy.ts';
import {
	subtreeActivePeopleCounts,
	descendantUnitIds,
	findProgramme,
	findUnitByCode,
	getUnit,
	insertProgramme,
	insertUnit,
	listProgrammes,
	listChildUnits,
	findUnitNames,
	countOpenUnitsByKind,
	countOpenUnitsByProgramme,
	findOpenUnitsAmong,
	findProgrammeSummaries,
	findProgrammeSummary,
	findUnitsForImport,
	listUnitRows,
	listUnits,
	PATH_SEPARATOR,
	searchUnits,
	unitAncestry,
	unitOccupancy,
	updateProgrammeRow,
	updateUnitRow
} from './organisation.repository.ts';
import {
	programmeCreateSchema,
	programmePatchSchema,
	unitCreateSchema,
	unitMoveSchema,
	unitPatchSchema,
	unitRenameSchema,
	type UnitListQuery
} from './organisation.schema.ts';

/**
 * Programmes and the organisation tree: the rules (kinds, cycles, closing) and who may do
 * what. Every function takes `(db, actor, …)`, checks the policy first and throws
 * `AccessDeniedError` for unknown ids and refusals alike (callers answer 404 to both).
 * Rule violations throw an `OrganisationError` carrying field messages.
 *
 * Tree rules: kinds rank region < organisation < workplace < team and a child's kind must
 * rank strictly below its parent's (a workplace may sit directly under a region, a team
 * never under a team). Top-level units are regions or organisations, so a programme run by
 * a single municipality needs no artificial region. Units are closed, never deleted; only
 * an empty unit (no open sub-units, no active people) can be closed, and a unit can only be
 * reopened, created under or moved under an open parent.
 */

export { descendantUnitIds, getUnit, listUnits, unitAncestry, unitPath } from './organisation.repository.ts';
/**
 * Query builders for other domains to nest or join (no permission check: callers authorise
 * first): a subtree's or a programme's units (`unitId`), each unit's workplace (`unitId`,
 * `workplaceId`), the open workplaces (`id`, `name`).
 */
export {
	programmeUnitsQuery,
	subtreeUnitsQuery,
	unitWorkplacesQuery,
	workplacesQuery
} from './organisation.repository.ts';
export { insertUnitsBulk } from './bulk.repository.ts';

// ---------------------------------------------------------------- errors

/** A rejected change, reported per field; `status` is 409 for conflicts, 422 for rule/validation errors. */
export abstract class OrganisationError extends RuleError {}

/** Input that does not match the schema (empty name, 500 characters, wrong kind …). */
export class OrganisationInputError extends OrganisationError {
	readonly status = 422 as const;
	constructor(readonly zodError: z.ZodError) {
		super('invalid input');
		this.name = 'OrganisationInputError';
	}
	fieldErrors(locale: Locale): FieldErrors {
		return fieldErrors(this.zodError, locale);
	}
}

/** A broken rule of the tree or a duplicate code, with the field it belongs to. */
export class OrganisationRuleError extends OrganisationError {
	constructor(
		readonly field: string,
		readonly key: MessageKey,
		readonly params: (locale: Locale) => MessageParams = () => ({}),
		readonly status: 409 | 422 = 422
	) {
		super(key);
		this.name = 'OrganisationRuleError';
	}
	fieldErrors(locale: Locale): FieldErrors {
		return { [this.field]: [translate(locale, this.key, this.params(locale))] };
	}
}

const parse = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> =>
	parseInput(schema, input, (e) => new OrganisationInputError(e));

const kindName = (locale: Locale, kind: UnitKind) => translate(locale, `units.kind.${kind}`);

// ---------------------------------------------------------------- programmes

/** A programme the actor may read. */
export async function getProgramme(db: Db, actor: Actor, id: number): Promise<Programme> {
	authorize(actor, 'read', { type: 'programme', id });
	const programme = await findProgramme(db, id);
	if (!programme) throw new AccessDeniedError();
	return programme;
}

/** Programmes the actor belongs to (admins: all), ordered by name. */
export async function listProgrammesFor(
	db: Db,
	actor: Actor,
	paging: { page: number; pageSize: number } = { page: 1, pageSize: 1000 }
): Promise<{ rows: Programme[]; total: number }> {
	return listProgrammes(db, programmeIdsOf(actor), {
		limit: paging.pageSize,
		offset: (paging.page - 1) * paging.pageSize
	});
}

const programmeSnapshot = (p: Programme) => ({
	id: p.id,
	name: p.name,
	funder: p.funder,
	startsOn: p.startsOn,
	endsOn: p.endsOn,
	defaultLocale: p.defaultLocale,
	timeZone: p.timeZone,
	minGroupSize: p.minGroupSize
});

/** Creates a programme (system administrators only). */
export async function createProgramme(db: Db, actor: Actor, input: unknown): Promise<Programme> {
	const data = parse(programmeCreateSchema, input);
	authorize(actor, 'create', { type: 'programme', id: 0 });
	return db.transaction().execute(async (trx) => {
		const created = await insertProgramme(trx, {
			name: data.name,
			funder: data.funder || null,
			startsOn: data.startsOn,
			endsOn: data.endsOn,
			defaultLocale: data.defaultLocale,
			timeZone: data.timeZone,
			minGroupSize: data.minGroupSize,
			updatedAt: nowIso()
		});
		await recordAudit(trx, {
			programmeId: created.id,
			actorId: actor.personId,
			action: 'create',
			entityType: 'programme',
			entityId: created.id,
			after: programmeSnapshot(created)
		});
		return created;
	});
}

/**
 * Updates a programme's settings (office of that programme, or admin). Accepts a full form or
 * a partial API patch; `funder` null or empty clears it. The period rule is checked against the
 * merged result.
 */
export async function updateProgramme(db: Db, actor: Actor, id: number, input: unknown): Promise<Programme> {
	const data = parse(programmePatchSchema, input);
	authorize(actor, 'update', { type: 'programme', id });
	requireChanges(data);
	return db.transaction().execute(async (trx) => {
		const before = await findProgramme(trx, id);
		if (!before) throw new AccessDeniedError();
		const changes: Partial<Programme> = {};
		if (data.name !== undefined) changes.name = data.name;
		if (data.funder !== undefined) changes.funder = data.funder || null;
		if (data.startsOn !== undefined) changes.startsOn = data.startsOn;
		if (data.endsOn !== undefined) changes.endsOn = data.endsOn;
		if (data.defaultLocale !== undefined) changes.defaultLocale = data.defaultLocale;
		if (data.timeZone !== undefined) changes.timeZone = data.timeZone;
		if (data.minGroupSize !== undefined) changes.minGroupSize = data.minGroupSize;
		const startsOn = changes.startsOn ?? before.startsOn;
		const endsOn = changes.endsOn ?? before.endsOn;
		if (startsOn > endsOn)
			throw new OrganisationRuleError(changes.endsOn ? 'endsOn' : 'startsOn', 'programme.error.period');
		const changed = (Object.keys(changes) as (keyof Programme)[]).some((k) => changes[k] !== before[k]);
		if (!changed) return before;
		const after = await updateProgrammeRow(trx, id, { ...changes, updatedAt: nowIso() });
		await recordAudit(trx, {
			programmeId: id,
			actorId: actor.personId,
			action: 'update',
			entityType: 'programme',
			entityId: id,
			before: programmeSnapshot(before),
			after: programmeSnapshot(after)
		});
		return after;
	});
}

// ---------------------------------------------------------------- units: reading

/** Rank of a kind in the tree; lower is higher up. */
export const kindRank = (kind: UnitKind): number => UNIT_KINDS.indexOf(kind);

/** Kinds allowed at the top level of a programme's tree. */
export const ROOT_KINDS: readonly UnitKind[] = ['region', 'organisation'];

/** Kinds a new child of `parentKind` may have (all root kinds when there is no parent). */
export function childKinds(parentKind: UnitKind | null): UnitKind[] {
	if (parentKind === null) return [...ROOT_KINDS];
	return UNIT_KINDS.filter((k) => kindRank(k) > kindRank(parentKind));
}

/** A unit the actor may read (any unit of a programme they belong to). */
export async function readUnit(db: Db, actor: Actor, id: number): Promise<Unit> {
	const unit = await getUnit(db, id);
	if (!unit) throw new AccessDeniedError();
	authorize(actor, 'read', { type: 'unit', id: unit.id, programmeId: unit.programmeId });
	return unit;
}

/** A unit with what its page shows: ancestors (root first), direct children, active people. */
export interface UnitDetail {
	unit: Unit;
	ancestors: Unit[];
	path: string;
	children: Unit[];
	activePeople: number;
}

export async function unitDetail(
	db: Db,
	actor: Actor,
	id: number,
	options: { includeClosedChildren?: boolean } = {}
): Promise<UnitDetail> {
	const unit = await readUnit(db, actor, id);
	const [chain, occupancy, children] = await Promise.all([
		unitAncestry(db, id),
		unitOccupancy(db, id),
		listChildUnits(db, id, options.includeClosedChildren ?? false)
	]);
	return {
		unit,
		ancestors: chain.slice(0, -1),
		path: chain.map((u) => u.name).join(PATH_SEPARATOR),
		children,
		activePeople: occupancy.activePeople
	};
}

/** A unit in the tree view, with its count of active people and its children. */
export interface UnitNode {
	id: number;
	parentId: number | null;
	kind: UnitKind;
	name: string;
	code: string | null;
	closedAt: string | null;
	activePeople: number;
	children: UnitNode[];
}

/** The programme's tree, roots first, children by name; people counted in one grouped query. */
export async function unitTree(
	db: Db,
	actor: Actor,
	programmeId: number,
	options: { includeClosed?: boolean } = {}
): Promise<{ roots: UnitNode[]; count: number }> {
	authorize(actor, 'read', { type: 'programme', id: programmeId });
	const [units, counts] = await Promise.all([
		listUnits(db, programmeId, { includeClosed: options.includeClosed ?? false }),
		// The unit and everything under it (issue 15.12: regions showed 0 though their workplaces have staff).
		subtreeActivePeopleCounts(db, programmeId)
	]);
	const nodes = new Map<number, UnitNode>();
	for (const u of units)
		nodes.set(u.id, {
			id: u.id,
			parentId: u.parentId,
			kind: u.kind,
			name: u.name,
			code: u.code,
			closedAt: u.closedAt,
			activePeople: counts.get(u.id) ?? 0,
			children: []
		});
	const roots: UnitNode[] = [];
	// `units` is sorted by name, so children end up sorted too.
	for (const node of nodes.values()) {
		const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
		if (parent) parent.children.push(node);
		else roots.push(node);
	}
	return { roots, count: units.length };
}

/** Path labels ("A › B › C") for a list of units of one programme, computed in memory. */
export function pathLabels(units: readonly Unit[]): Map<number, string> {
	const byId = new Map(units.map((u) => [u.id, u]));
	const labels = new Map<number, string>();
	const label = (u: Unit, depth = 0): string => {
		const known = labels.get(u.id);
		if (known !== undefined) return known;
		const parent = u.parentId === null ? undefined : byId.get(u.parentId);
		const text = parent && depth < 50 ? label(parent, depth + 1) + PATH_SEPARATOR + u.name : u.name;
		labels.set(u.id, text);
		return text;
	};
	for (const u of units) label(u);
	return labels;
}

/** Open units that could be the parent of a new unit (anything but teams), with path labels, sorted. */
export async function parentOptions(
	db: Db,
	actor: Actor,
	programmeId: number
): Promise<{ id: number; kind: UnitKind; label: string }[]> {
	authorize(actor, 'read', { type: 'programme', id: programmeId });
	const units = await listUnits(db, programmeId);
	const labels = pathLabels(units);
	return units
		.filter((u) => childKinds(u.kind).length > 0)
		.map((u) => ({ id: u.id, kind: u.kind, label: labels.get(u.id) ?? u.name }))
		.sort((a, b) => a.label.localeCompare(b.label, 'sv'));
}

/**
 * Where a unit may be moved: open units of the same programme of a higher kind, not the unit
 * itself or its descendants, not its current parent; plus whether the top level is allowed.
 */
export async function moveTargets(
	db: Db,
	actor: Actor,
	unitId: number
): Promise<{ allowTopLevel: boolean; parents: { id: number; label: string }[] }> {
	const unit = await readUnit(db, actor, unitId);
	const [units, excluded] = await Promise.all([
		listUnits(db, unit.programmeId),
		descendantUnitIds(db, [unit.id])
	]);
	const labels = pathLabels(units);
	return {
		allowTopLevel: unit.parentId !== null && ROOT_KINDS.includes(unit.kind),
		parents: units
			.filter((u) => !excluded.has(u.id) && u.id !== unit.parentId && kindRank(u.kind) < kindRank(unit.kind))
			.map((u) => ({ id: u.id, label: labels.get(u.id) ?? u.name }))
			.sort((a, b) => a.label.localeCompare(b.label, 'sv'))
	};
}

/** One page of units for the API; `programmeId` must be one the actor belongs to. */
export async function searchUnitsFor(
	db: Db,
	actor: Actor,
	query: UnitListQuery
): Promise<{ rows: Unit[]; total: number }> {
	let programmeIds = programmeIdsOf(actor);
	if (query.programmeId !== undefined) {
		authorize(actor, 'read', { type: 'programme', id: query.programmeId });
		programmeIds = [query.programmeId];
	}
	return searchUnits(db, {
		programmeIds,
		parentId: query.parentId,
		kind: query.kind,
		q: query.q,
		includeClosed: query.includeClosed ?? false,
		limit: query.pageSize,
		offset: (query.page - 1) * query.pageSize
	});
}

// ---------------------------------------------------------------- units: changing

/** What the audit log keeps of a unit. */
const unitSnapshot = (u: Unit) => ({
	id: u.id,
	programmeId: u.programmeId,
	parentId: u.parentId,
	kind: u.kind,
	name: u.name,
	code: u.code,
	unitType: u.unitType,
	closedAt: u.closedAt
});

/** Loads a unit for a change inside a transaction and checks the policy. */
async function unitForChange(
	db: Db,
	actor: Actor,
	id: number,
	action: 'update' | 'deactivate'
): Promise<Unit> {
	const unit = await getUnit(db, id);
	if (!unit || !can(actor, 'read', { type: 'unit', id, programmeId: unit.programmeId }))
		throw new AccessDeniedError();
	authorize(actor, action, { type: 'unit', id, programmeId: unit.programmeId });
	return unit;
}

/** Checks that `parent` can hold a unit of `kind` (null parent = top level). */
function checkPlacement(kind: UnitKind, parent: Unit | null): void {
	if (parent === null) {
		if (!ROOT_KINDS.includes(kind)) throw new OrganisationRuleError('parentId', 'units.error.rootKind');
		return;
	}
	if (parent.closedAt) throw new OrganisationRuleError('parentId', 'units.error.parentClosed');
	if (kindRank(kind) <= kindRank(parent.kind))
		throw new OrganisationRuleError('parentId', 'units.error.kindBelowParent', (locale) => ({
			kind: kindName(locale, kind).toLowerCase(),
			parentKind: kindName(locale, parent.kind).toLowerCase()
		}));
}

/** The parent unit for a placement: must exist in the same programme, else a field error. */
async function parentIn(db: Db, programmeId: number, parentId: number): Promise<Unit> {
	const parent = await getUnit(db, parentId);
	if (!parent || parent.programmeId !== programmeId)
		throw new OrganisationRuleError('parentId', 'error.unknownId');
	return parent;
}

async function checkCodeFree(db: Db, programmeId: number, code: string | null, unitId?: number) {
	if (code === null) return;
	const holder = await findUnitByCode(db, programmeId, code);
	if (holder && holder.id !== unitId)
		throw new OrganisationRuleError('code', 'units.error.codeTaken', undefined, 409);
}

/** A unique-index violation from either database (a concurrent insert of the same code). */
function isUniqueViolation(e: unknown): boolean {
	const err = e as { code?: string; message?: string };
	return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

async function withCodeConflict<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (isUniqueViolation(e))
			throw new OrganisationRuleError('code', 'units.error.codeTaken', undefined, 409);
		throw e;
	}
}

/** Creates a unit (office/admin of the programme). */
export async function createUnit(db: Db, actor: Actor, input: unknown): Promise<Unit> {
	const data = parse(unitCreateSchema, input);
	authorize(actor, 'create', { type: 'unit', id: 0, programmeId: data.programmeId });
	return withCodeConflict(() =>
		db.transaction().execute(async (trx) => {
			if (!(await findProgramme(trx, data.programmeId))) throw new AccessDeniedError();
			const parent =
				data.parentId === undefined ? null : await parentIn(trx, data.programmeId, data.parentId);
			checkPlacement(data.kind, parent);
			const code = data.code || null;
			await checkCodeFree(trx, data.programmeId, code);
			const unit = await insertUnit(trx, {
				programmeId: data.programmeId,
				parentId: parent?.id ?? null,
				kind: data.kind,
				name: data.name,
				code,
				unitType: data.unitType ?? null,
				updatedAt: nowIso()
			});
			await recordAudit(trx, {
				programmeId: unit.programmeId,
				actorId: actor.personId,
				action: 'create',
				entityType: 'unit',
				entityId: unit.id,
				after: unitSnapshot(unit)
			});
			return unit;
		})
	);
}

/** Renames a unit and sets its code (absent or null removes the code). */
export async function renameUnit(db: Db, actor: Actor, id: number, input: unknown): Promise<Unit> {
	const data = parse(unitRenameSchema, input);
	return updateUnit(db, actor, id, {
		name: data.name,
		code: data.code || null,
		...(data.unitType !== undefined ? { unitType: data.unitType } : {})
	});
}

/** Moves a unit under another parent of the same programme (null/absent: to the top level). */
export async function moveUnit(db: Db, actor: Actor, id: number, input: unknown): Promise<Unit> {
	const data = parse(unitMoveSchema, input);
	return updateUnit(db, actor, id, { parentId: data.parentId ?? null });
}

/**
 * Partial update (the API's PATCH): `name`, `code` (null clears) and `parentId` (a change is
 * a move; null = top level). One transaction; audited as `update` and/or `move`.
 */
export async function updateUnit(db: Db, actor: Actor, id: number, input: unknown): Promise<Unit> {
	const data = parse(unitPatchSchema, input);
	return withCodeConflict(() =>
		db.transaction().execute(async (trx) => {
			const before = await unitForChange(trx, actor, id, 'update');
			requireChanges(data);
			let current = before;
			const name = data.name ?? before.name;
			const code = data.code === undefined ? before.code : data.code || null;
			const unitType = data.unitType === undefined ? before.unitType : data.unitType;
			if (name !== before.name || code !== before.code || unitType !== before.unitType) {
				await checkCodeFree(trx, before.programmeId, code, before.id);
				current = await updateUnitRow(trx, id, { name, code, unitType, updatedAt: nowIso() });
				await recordAudit(trx, {
					programmeId: before.programmeId,
					actorId: actor.personId,
					action: 'update',
					entityType: 'unit',
					entityId: id,
					before: unitSnapshot(before),
					after: unitSnapshot(current)
				});
			}
			if (data.parentId !== undefined && data.parentId !== before.parentId) {
				if (before.closedAt) throw new OrganisationRuleError('parentId', 'units.error.closed');
				const parent = data.parentId === null ? null : await parentIn(trx, before.programmeId, data.parentId);
				if (parent) {
					const subtree = await descendantUnitIds(trx, [id]);
					if (subtree.has(parent.id)) throw new OrganisationRuleError('parentId', 'units.error.cycle');
				}
				checkPlacement(before.kind, parent);
				const moved = await updateUnitRow(trx, id, { parentId: parent?.id ?? null, updatedAt: nowIso() });
				await recordAudit(trx, {
					programmeId: before.programmeId,
					actorId: actor.personId,
					action: 'move',
					entityType: 'unit',
					entityId: id,
					before: unitSnapshot(current),
					after: unitSnapshot(moved)
				});
				current = moved;
			}
			return current;
		})
	);
}

/** Closes an empty unit: refused while it has open sub-units or active people. */
export async function closeUnit(db: Db, actor: Actor, id: number): Promise<Unit> {
	return db.transaction().execute(async (trx) => {
		const before = await unitForChange(trx, actor, id, 'deactivate');
		if (before.closedAt) throw new OrganisationRuleError('_form', 'units.error.alreadyClosed');
		const { openChildren, activePeople } = await unitOccupancy(trx, id);
		if (openChildren > 0 || activePeople > 0)
			throw new OrganisationRuleError('_form', 'units.error.notEmpty', () => ({
				children: openChildren,
				people: activePeople
			}));
		const after = await updateUnitRow(trx, id, { closedAt: nowIso(), updatedAt: nowIso() });
		await recordAudit(trx, {
			programmeId: before.programmeId,
			actorId: actor.personId,
			action: 'close',
			entityType: 'unit',
			entityId: id,
			before: unitSnapshot(before),
			after: unitSnapshot(after)
		});
		return after;
	});
}

/** Reopens a closed unit; refused while its parent is closed. */
export async function reopenUnit(db: Db, actor: Actor, id: number): Promise<Unit> {
	return db.transaction().execute(async (trx) => {
		const before = await unitForChange(trx, actor, id, 'update');
		if (!before.closedAt) throw new OrganisationRuleError('_form', 'units.error.notClosed');
		if (before.parentId !== null) {
			const parent = await getUnit(trx, before.parentId);
			if (parent?.closedAt) throw new OrganisationRuleError('_form', 'units.error.parentClosed');
		}
		const after = await updateUnitRow(trx, id, { closedAt: null, updatedAt: nowIso() });
		await recordAudit(trx, {
			programmeId: before.programmeId,
			actorId: actor.personId,
			action: 'reopen',
			entityType: 'unit',
			entityId: id,
			before: unitSnapshot(before),
			after: unitSnapshot(after)
		});
		return after;
	});
}

// ---- for surveys

/** What surveys need of a programme (k for results, the language of mails), or null when unknown. No permission check. */
export async function programmeSurveySettings(
	db: Db,
	programmeId: number
): Promise<{ minGroupSize: number; defaultLocale: Programme['defaultLocale']; timeZone: string } | null> {
	const p = await findProgramme(db, programmeId);
	return p ? { minGroupSize: p.minGroupSize, defaultLocale: p.defaultLocale, timeZone: p.timeZone } : null;
}
// ---- for catalogue, registrations, reports

export {
	findProgramme as programmeById,
	findProgrammeTimeZone as programmeTimeZone,
	findUnitIdsInProgramme as unitIdsInProgramme
} from './organisation.repository.ts';

// ---- for plans and dashboards

/** Unit facts for other domains (no permission check: callers authorise first). */
export { unitsByIds } from './organisation.repository.ts';

// ---- for people (unit select boxes)

/** The programme's units in tree order with their depth, for select boxes. */
export async function listUnitOptions(
	db: Db,
	programmeId: number,
	options: { includeClosed?: boolean } = {}
): Promise<{ id: number; name: string; depth: number; closed: boolean }[]> {
	const units = await listUnitRows(db, programmeId);
	const children = new Map<number | null, typeof units>();
	const ids = new Set(units.map((u) => u.id));
	for (const u of units) {
		const parent = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
		const list = children.get(parent) ?? [];
		list.push(u);
		children.set(parent, list);
	}
	const out: { id: number; name: string; depth: number; closed: boolean }[] = [];
	const walk = (parent: number | null, depth: number) => {
		for (const u of children.get(parent) ?? []) {
			if (options.includeClosed || !u.closedAt)
				out.push({ id: u.id, name: u.name, depth, closed: !!u.closedAt });
			walk(u.id, depth + 1);
		}
	};
	walk(null, 0);
	return out;
}

// ---- for the CLI

export { firstProgrammeId } from './organisation.repository.ts';

/** Does a programme with this id exist (no actor: the CLI)? */
export async function programmeExists(db: Db, id: number): Promise<boolean> {
	return (await findProgramme(db, id)) !== undefined;
}

// ---- for imports

/** Every unit of a programme, closed ones included, for matching import rows. */
export function unitsForImport(db: Db, programmeId: number) {
	return findUnitsForImport(db, programmeId);
}

// ---- for home (no actor: home.service asks the policy first)

export interface ProgrammeSummary {
	id: number;
	name: string;
	funder: string | null;
	startsOn: string;
	endsOn: string;
}

export function programmeSummary(db: Db, programmeId: number): Promise<ProgrammeSummary | undefined> {
	return findProgrammeSummary(db, programmeId);
}

/** Every programme's headline fields, by name. */
export function programmeSummaries(db: Db): Promise<ProgrammeSummary[]> {
	return findProgrammeSummaries(db);
}

export interface UnitRow {
	id: number;
	name: string;
	kind: UnitKind;
	parentId: number | null;
}

/** Open units of a programme among `unitIds`, by name. */
export async function openUnitsAmong(
	db: Db,
	programmeId: number,
	unitIds: readonly number[]
): Promise<UnitRow[]> {
	if (unitIds.length === 0) return [];
	return findOpenUnitsAmong(db, programmeId, unitIds);
}

/** Open units of a programme per kind. */
export function openUnitsByKind(db: Db, programmeId: number): Promise<Map<UnitKind, number>> {
	return countOpenUnitsByKind(db, programmeId);
}

/** Open units per programme id. */
export function openUnitsByProgramme(db: Db): Promise<Map<number, number>> {
	return countOpenUnitsByProgramme(db);
}

// ---- for people (unit names)

/** Names of units by id (unknown ids are left out). */
export async function unitNamesOf(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
	const unique = [...new Set(ids)];
	return unique.length === 0 ? new Map() : findUnitNames(db, unique);
}
