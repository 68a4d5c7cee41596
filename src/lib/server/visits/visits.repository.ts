import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';

/** Queries of follow-up visits (`visit_templates`, `visits`, `visit_actions`). No permission logic. */

export async function templateOf(db: Db, programmeId: number): Promise<string | undefined> {
	return (
		await db
			.selectFrom('visitTemplates')
			.select('questions')
			.where('programmeId', '=', programmeId)
			.executeTakeFirst()
	)?.questions;
}

export async function upsertTemplate(db: Db, programmeId: number, questions: string): Promise<void> {
	const updatedAt = nowIso();
	await db
		.insertInto('visitTemplates')
		.values({ programmeId, questions, updatedAt })
		.onConflict((oc) => oc.column('programmeId').doUpdateSet({ questions, updatedAt }))
		.execute();
}

export function insertVisit(
	db: Db,
	v: {
		programmeId: number;
		unitId: number;
		visitedOn: string;
		coordinatorId: number | null;
		indicators: string;
		answers: string;
		notes: string | null;
	}
) {
	return db
		.insertInto('visits')
		.values({ ...v, updatedAt: nowIso() })
		.returning('id')
		.executeTakeFirstOrThrow();
}

export async function updateVisit(
	db: Db,
	id: number,
	v: { answers: string; notes: string | null }
): Promise<void> {
	await db
		.updateTable('visits')
		.set({ ...v, updatedAt: nowIso() })
		.where('id', '=', id)
		.execute();
}

const visitColumns = [
	'v.id',
	'v.programmeId',
	'v.unitId',
	'v.visitedOn',
	'v.coordinatorId',
	'v.indicators',
	'v.answers',
	'v.notes',
	'v.updatedAt'
] as const;

export function findVisit(db: Db, id: number) {
	return db.selectFrom('visits as v').select(visitColumns).where('v.id', '=', id).executeTakeFirst();
}

/** A workplace's visits, newest first. */
export function visitsOfUnit(db: Db, programmeId: number, unitId: number) {
	return db
		.selectFrom('visits as v')
		.select(visitColumns)
		.where('v.programmeId', '=', programmeId)
		.where('v.unitId', '=', unitId)
		.orderBy('v.visitedOn', 'desc')
		.orderBy('v.id', 'desc')
		.limit(100)
		.execute();
}

/** One page of the programme's visits, newest first, and the count. */
export async function visitPage(db: Db, programmeId: number, page: { limit: number; offset: number }) {
	const base = db.selectFrom('visits as v').where('v.programmeId', '=', programmeId);
	const [rows, count] = await Promise.all([
		base
			.select(['v.id', 'v.unitId', 'v.visitedOn', 'v.coordinatorId'])
			.orderBy('v.visitedOn', 'desc')
			.orderBy('v.id', 'desc')
			.limit(page.limit)
			.offset(page.offset)
			.execute(),
		base.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(count.n) };
}

/** How many visits a programme has had, and to how many workplaces. */
export async function visitCounts(db: Db, programmeId: number, period: { from: string; to: string }) {
	const row = await db
		.selectFrom('visits')
		.where('programmeId', '=', programmeId)
		.where('visitedOn', '>=', period.from)
		.where('visitedOn', '<=', period.to)
		.select(({ fn }) => [
			fn.countAll<number>().as('visits'),
			fn.count<number>('unitId').distinct().as('units')
		])
		.executeTakeFirstOrThrow();
	return { visits: Number(row.visits), workplaces: Number(row.units) };
}

export function insertAction(
	db: Db,
	v: { visitId: number; text: string; responsible: string | null; followUpOn: string | null }
) {
	return db.insertInto('visitActions').values(v).returning('id').executeTakeFirstOrThrow();
}

export function actionsOf(db: Db, visitId: number) {
	return db
		.selectFrom('visitActions')
		.select(['id', 'text', 'responsible', 'followUpOn', 'doneAt'])
		.where('visitId', '=', visitId)
		.orderBy('id')
		.execute();
}

/** Marks an agreed action done (now) or open again; false when it is not this visit's or already so. */
export async function setActionDone(
	db: Db,
	visitId: number,
	actionId: number,
	done: boolean
): Promise<boolean> {
	const r = await db
		.updateTable('visitActions')
		.set({ doneAt: done ? nowIso() : null })
		.where('id', '=', actionId)
		.where('visitId', '=', visitId)
		.where('doneAt', done ? 'is' : 'is not', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}
