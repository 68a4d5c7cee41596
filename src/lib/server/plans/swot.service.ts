import type { Db } from '../db/database.ts';
import { SWOT_CATEGORIES, type SwotCategory } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { AccessDeniedError, authorize, belongsTo, can, type Actor } from '../policy/policy.ts';
import { programmeWorkplace, workplaceResource, type WorkplaceResource } from './plans.access.ts';
import { unitsByIds } from '../organisation/organisation.service.ts';
import { findPersonFacts, personNames } from '../people/people.service.ts';
import {
	findSwotItem,
	findSwotItems,
	findThemedWorkplaceItems,
	insertSwotItem,
	nextSwotPriority,
	setSwotPriority,
	updateSwotItemRow,
	type SwotItemRow
} from './plans.repository.ts';
import type { SwotItemInput, SwotUpdateInput } from './plans.schema.ts';
import { requireChanges } from '../core/errors.ts';

/**
 * SWOT boards: one per workplace, and the programme's own (unit null). Staff and managers of
 * the workplace add items; the manager (or office) orders them (`priority`, lower first) and
 * may edit or archive any; authors edit and archive their own. Items carry an optional theme
 * so the programme view can show what recurs across workplaces.
 */

export interface SwotItemView {
	id: number;
	unitId: number | null;
	category: SwotCategory;
	text: string;
	theme: string | null;
	priority: number;
	authorId: number | null;
	authorName: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface SwotThemeGroup {
	/** Null: items without a theme. */
	theme: string | null;
	items: SwotItemView[];
}

export interface SwotBoard {
	programmeId: number;
	unitId: number | null;
	unitName: string | null;
	canContribute: boolean;
	canManage: boolean;
	/** Per category, items in priority order, and the same items grouped by theme. */
	categories: { category: SwotCategory; items: SwotItemView[]; themes: SwotThemeGroup[] }[];
}

type SwotRow = SwotItemRow & { authorName: string | null };

/** The items with their authors' names (from the people module). */
async function withAuthors(db: Db, rows: SwotItemRow[]): Promise<SwotRow[]> {
	const names = await personNames(
		db,
		rows.map((r) => r.authorId)
	);
	return rows.map((r) => ({
		...r,
		authorName: r.authorId === null ? null : (names.get(r.authorId) ?? null)
	}));
}

const present = (r: SwotRow): SwotItemView => ({
	id: r.id,
	unitId: r.unitId,
	category: r.category,
	text: r.text,
	theme: r.theme,
	priority: Number(r.priority),
	authorId: r.authorId,
	authorName: r.authorName,
	createdAt: r.createdAt,
	updatedAt: r.updatedAt
});

/** Groups by theme in first-appearance (priority) order; unthemed items last. */
function byTheme(items: SwotItemView[]): SwotThemeGroup[] {
	const groups = new Map<string, SwotThemeGroup>();
	for (const item of items) {
		const key = item.theme === null ? '\u0000' : normaliseTheme(item.theme);
		let g = groups.get(key);
		if (!g) groups.set(key, (g = { theme: item.theme, items: [] }));
		g.items.push(item);
	}
	return [...groups.entries()]
		.sort(([a], [b]) => Number(a === '\u0000') - Number(b === '\u0000'))
		.map(([, g]) => g);
}

/** Themes compare case- and space-insensitively ("Digital skills" = " digital  skills"). */
export function normaliseTheme(theme: string): string {
	return theme.trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');
}

/** Who may do what on one board (programme board: read by members, written by the office). */
async function boardAccess(db: Db, actor: Actor, programmeId: number, unitId: number | null) {
	if (unitId === null) {
		if (!belongsTo(actor, programmeId)) throw new AccessDeniedError();
		const office = can(actor, 'prioritise', programmeWorkplace(programmeId));
		return { resource: null, unitName: null, canContribute: office, canManage: office };
	}
	const { unit, resource } = await workplaceResource(db, actor, unitId);
	if (unit.programmeId !== programmeId) throw new AccessDeniedError();
	authorize(actor, 'read', resource);
	return {
		resource,
		unitName: unit.name,
		canContribute: can(actor, 'contribute', resource),
		canManage: can(actor, 'manage', resource)
	};
}

/** The board of a workplace (`unitId`) or of the programme (`unitId` null). */
export async function getSwotBoard(
	db: Db,
	actor: Actor,
	programmeId: number,
	unitId: number | null
): Promise<SwotBoard> {
	const access = await boardAccess(db, actor, programmeId, unitId);
	const rows = (await withAuthors(db, await findSwotItems(db, programmeId, unitId))).map(present);
	return {
		programmeId,
		unitId,
		unitName: access.unitName,
		canContribute: access.canContribute,
		canManage: access.canManage,
		categories: SWOT_CATEGORIES.map((category) => {
			const items = rows.filter((r) => r.category === category);
			return { category, items, themes: byTheme(items) };
		})
	};
}

/** The programme a unit belongs to (for API callers that give only a unit). */
export async function swotProgrammeOfUnit(db: Db, actor: Actor, unitId: number): Promise<number> {
	const { unit, resource } = await workplaceResource(db, actor, unitId);
	authorize(actor, 'read', resource);
	return unit.programmeId;
}

/** Adds an item at the end of its category. */
export async function addSwotItem(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: SwotItemInput
): Promise<SwotItemView> {
	const unitId = input.unitId ?? null;
	const access = await boardAccess(db, actor, programmeId, unitId);
	if (!access.canContribute) throw new AccessDeniedError();
	return db.transaction().execute(async (trx) => {
		const now = nowIso();
		const row = await insertSwotItem(trx, {
			programmeId,
			unitId,
			category: input.category,
			text: input.text,
			theme: input.theme || null,
			priority: await nextSwotPriority(trx, programmeId, unitId, input.category),
			authorId: actor.personId,
			updatedAt: now
		});
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'swotItem',
			entityId: row.id,
			after: row
		});
		return present({ ...row, authorName: actor.name });
	});
}

/** An item the actor may change: its author (still a contributor) or the board's manager. */
async function editableItem(db: Db, actor: Actor, id: number) {
	const item = await findSwotItem(db, id);
	if (!item) throw new AccessDeniedError();
	const access = await boardAccess(db, actor, item.programmeId, item.unitId);
	const own = item.authorId === actor.personId && access.canContribute;
	if (!own && !access.canManage) throw new AccessDeniedError();
	return { item, access };
}

/** Edits an item's text or theme. */
export async function updateSwotItem(
	db: Db,
	actor: Actor,
	id: number,
	input: SwotUpdateInput
): Promise<SwotItemView> {
	const { item } = await editableItem(db, actor, id);
	requireChanges(input);
	return db.transaction().execute(async (trx) => {
		const row = await updateSwotItemRow(trx, id, {
			...(input.text !== undefined ? { text: input.text } : {}),
			...('theme' in input ? { theme: input.theme || null } : {}),
			updatedAt: nowIso()
		});
		await recordAudit(trx, {
			programmeId: item.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'swotItem',
			entityId: id,
			before: item,
			after: row
		});
		const author = row.authorId === null ? undefined : await findPersonFacts(trx, row.authorId);
		return present({ ...row, authorName: author?.name ?? null });
	});
}

/** Archives an item (kept for the record, gone from the board). */
export async function archiveSwotItem(db: Db, actor: Actor, id: number): Promise<void> {
	const { item } = await editableItem(db, actor, id);
	await db.transaction().execute(async (trx) => {
		await updateSwotItemRow(trx, id, { archivedAt: nowIso(), updatedAt: nowIso() });
		await recordAudit(trx, {
			programmeId: item.programmeId,
			actorId: actor.personId,
			action: 'archive',
			entityType: 'swotItem',
			entityId: id,
			before: item
		});
	});
}

/**
 * Moves an item one place up or down within its category (manager or office), renumbering
 * the category 0..n-1 in one transaction so the order stays dense and unambiguous.
 */
export async function moveSwotItem(
	db: Db,
	actor: Actor,
	id: number,
	direction: 'up' | 'down'
): Promise<void> {
	const item = await findSwotItem(db, id);
	if (!item) throw new AccessDeniedError();
	const access = await boardAccess(db, actor, item.programmeId, item.unitId);
	if (!access.canManage) throw new AccessDeniedError();
	await db.transaction().execute(async (trx) => {
		const ids = (await findSwotItems(trx, item.programmeId, item.unitId))
			.filter((r) => r.category === item.category)
			.map((r) => r.id);
		const at = ids.indexOf(id);
		const to = direction === 'up' ? at - 1 : at + 1;
		if (at < 0 || to < 0 || to >= ids.length) return;
		[ids[at], ids[to]] = [ids[to]!, ids[at]!];
		await reorder(trx, ids);
	});
}

/**
 * Sets a category's order from a full list of its item ids (API). The list must be exactly
 * the category's current items; otherwise nothing changes.
 */
export async function reorderSwotCategory(
	db: Db,
	actor: Actor,
	programmeId: number,
	unitId: number | null,
	category: SwotCategory,
	orderedIds: readonly number[]
): Promise<boolean> {
	const access = await boardAccess(db, actor, programmeId, unitId);
	if (!access.canManage) throw new AccessDeniedError();
	return db.transaction().execute(async (trx) => {
		const current = (await findSwotItems(trx, programmeId, unitId))
			.filter((r) => r.category === category)
			.map((r) => r.id);
		const same =
			current.length === orderedIds.length &&
			new Set(orderedIds).size === orderedIds.length &&
			orderedIds.every((id) => current.includes(id));
		if (!same) return false;
		await reorder(trx, orderedIds);
		return true;
	});
}

async function reorder(db: Db, ids: readonly number[]) {
	const now = nowIso();
	for (const [i, itemId] of ids.entries()) await setSwotPriority(db, itemId, i, now);
}

export interface SwotTheme {
	theme: string;
	/** Items per category with this theme. */
	counts: Record<SwotCategory, number>;
	total: number;
	/** The workplaces the items come from, by name. */
	units: { id: number; name: string; count: number }[];
}

/**
 * Themes across the programme's workplaces, most widespread first: how many items per
 * category and which workplaces raise them. `recurring` lists themes from two or more workplaces.
 */
export async function programmeSwotThemes(
	db: Db,
	actor: Actor,
	programmeId: number
): Promise<{ recurring: SwotTheme[]; single: SwotTheme[] }> {
	if (!belongsTo(actor, programmeId)) throw new AccessDeniedError();
	const items = await findThemedWorkplaceItems(db, programmeId);
	const unitNames = new Map(
		(
			await unitsByIds(db, [...new Set(items.map((r) => r.unitId).filter((u): u is number => u !== null))])
		).map((u) => [u.id, u.name])
	);
	const rows = items.map((r) => ({
		...r,
		unitName: r.unitId === null ? '' : (unitNames.get(r.unitId) ?? '')
	}));
	const themes = new Map<
		string,
		SwotTheme & { unitMap: Map<number, { id: number; name: string; count: number }> }
	>();
	for (const r of rows) {
		if (r.theme === null || r.unitId === null || r.theme.trim() === '') continue;
		const key = normaliseTheme(r.theme);
		let t = themes.get(key);
		if (!t)
			themes.set(
				key,
				(t = {
					theme: r.theme.trim(),
					counts: { strength: 0, weakness: 0, opportunity: 0, threat: 0 },
					total: 0,
					units: [],
					unitMap: new Map()
				})
			);
		t.counts[r.category]++;
		t.total++;
		const u = t.unitMap.get(r.unitId) ?? { id: r.unitId, name: r.unitName, count: 0 };
		u.count++;
		t.unitMap.set(r.unitId, u);
	}
	const all: SwotTheme[] = [...themes.values()]
		.map(({ unitMap, ...t }) => ({
			...t,
			units: [...unitMap.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv'))
		}))
		.sort(
			(a, b) => b.units.length - a.units.length || b.total - a.total || a.theme.localeCompare(b.theme, 'sv')
		);
	return { recurring: all.filter((t) => t.units.length >= 2), single: all.filter((t) => t.units.length < 2) };
}

export type { WorkplaceResource };
