import { sql, type Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { BudgetLineKind, Currency, ExpenseCategory, ExpenseTable, FundingKind } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/**
 * Queries of the budget (tables `budget_settings`, `funding_sources`, `budget_lines`,
 * `expenses`). Every figure is a grouped SQL sum; no permission logic here.
 */

/** `[from, before)`: the calendar year as a half-open date range (portable, index-friendly). */
const yearRange = (year: number) => [`${year}-01-01`, `${year + 1}-01-01`] as const;

export async function currencyOf(db: Db, programmeId: number): Promise<Currency> {
	const row = await db
		.selectFrom('budgetSettings')
		.select('currency')
		.where('programmeId', '=', programmeId)
		.executeTakeFirst();
	return row?.currency ?? 'SEK';
}

export async function upsertCurrency(db: Db, programmeId: number, currency: Currency): Promise<void> {
	await db
		.insertInto('budgetSettings')
		.values({ programmeId, currency, updatedAt: nowIso() })
		.onConflict((oc) => oc.column('programmeId').doUpdateSet({ currency, updatedAt: nowIso() }))
		.execute();
}

export function insertFundingSource(
	db: Db,
	v: { programmeId: number; kind: FundingKind; name: string; year: number; amount: number }
) {
	return db.insertInto('fundingSources').values(v).returning('id').executeTakeFirstOrThrow();
}

export function insertBudgetLine(
	db: Db,
	v: {
		programmeId: number;
		year: number;
		kind: BudgetLineKind;
		name: string;
		amount: number;
		perWorkplace: number | null;
	}
) {
	return db.insertInto('budgetLines').values(v).returning('id').executeTakeFirstOrThrow();
}

export function insertExpense(db: Db, v: Insertable<ExpenseTable>) {
	return db.insertInto('expenses').values(v).returning('id').executeTakeFirstOrThrow();
}

/** Deletes an expense of the programme; the deleted row (for the audit log), or undefined. */
export function deleteExpense(db: Db, programmeId: number, id: number) {
	return db
		.deleteFrom('expenses')
		.where('id', '=', id)
		.where('programmeId', '=', programmeId)
		.returning([
			'id',
			'category',
			'amount',
			'spentOn',
			'supplier',
			'description',
			'budgetLineId',
			'activityId',
			'sessionId',
			'unitId'
		])
		.executeTakeFirst();
}

export function lineOfProgramme(db: Db, programmeId: number, id: number) {
	return db
		.selectFrom('budgetLines')
		.select(['id', 'year'])
		.where('id', '=', id)
		.where('programmeId', '=', programmeId)
		.executeTakeFirst();
}

export function fundingSources(db: Db, programmeId: number, year?: number) {
	let q = db
		.selectFrom('fundingSources')
		.select(['id', 'kind', 'name', 'year', 'amount'])
		.where('programmeId', '=', programmeId);
	if (year !== undefined) q = q.where('year', '=', year);
	return q.orderBy('year').orderBy('kind').orderBy('id').execute();
}

/** Budget lines with the sum of their expenses (budget vs actual per line). */
export async function linesWithActual(db: Db, programmeId: number, year?: number) {
	let q = db
		.selectFrom('budgetLines as l')
		.leftJoin('expenses as e', 'e.budgetLineId', 'l.id')
		.select(({ fn }) => [
			'l.id',
			'l.year',
			'l.kind',
			'l.name',
			'l.amount',
			'l.perWorkplace',
			fn.coalesce(fn.sum<number>('e.amount'), sql<number>`0`).as('actual')
		])
		.where('l.programmeId', '=', programmeId);
	if (year !== undefined) q = q.where('l.year', '=', year);
	const rows = await q
		.groupBy(['l.id', 'l.year', 'l.kind', 'l.name', 'l.amount', 'l.perWorkplace'])
		.orderBy('l.year')
		.orderBy('l.id')
		.execute();
	return rows.map((r) => ({
		...r,
		amount: Number(r.amount),
		perWorkplace: r.perWorkplace === null ? null : Number(r.perWorkplace),
		actual: Number(r.actual)
	}));
}

export interface ExpenseFilter {
	programmeId: number;
	year?: number | undefined;
	/** Inclusive date range on `spentOn` (the funder report's period). */
	from?: string | undefined;
	to?: string | undefined;
	/** Expenses linked to these workplaces (a manager's view). */
	unitIds?: readonly number[] | undefined;
}

function expenseQuery(db: Db, f: ExpenseFilter) {
	let q = db.selectFrom('expenses as e').where('e.programmeId', '=', f.programmeId);
	if (f.year !== undefined) {
		const [from, before] = yearRange(f.year);
		q = q.where('e.spentOn', '>=', from).where('e.spentOn', '<', before);
	}
	if (f.from !== undefined) q = q.where('e.spentOn', '>=', f.from);
	if (f.to !== undefined) q = q.where('e.spentOn', '<=', f.to);
	if (f.unitIds !== undefined)
		q = f.unitIds.length > 0 ? q.where('e.unitId', 'in', [...f.unitIds]) : q.where(sql<boolean>`1 = 0`);
	return q;
}

/** Total spent, and per category. */
export async function expenseTotals(db: Db, f: ExpenseFilter) {
	const rows = await expenseQuery(db, f)
		.select(({ fn }) => [
			'e.category',
			fn.sum<number>('e.amount').as('amount'),
			fn.countAll<number>().as('n')
		])
		.groupBy('e.category')
		.execute();
	return rows.map((r) => ({ category: r.category, amount: Number(r.amount), count: Number(r.n) }));
}

/** Spending per workplace (expenses linked to a unit), one grouped query. */
export async function expensesByUnit(db: Db, f: ExpenseFilter) {
	const rows = await expenseQuery(db, f)
		.where('e.unitId', 'is not', null)
		.select(({ fn }) => ['e.unitId', fn.sum<number>('e.amount').as('amount')])
		.groupBy('e.unitId')
		.execute();
	return new Map(rows.map((r) => [r.unitId!, Number(r.amount)]));
}

/** Sum of the fixed per-workplace sums of the year's lines (what each workplace is allotted). */
export async function perWorkplaceAllocation(db: Db, programmeId: number, year?: number): Promise<number> {
	let q = db
		.selectFrom('budgetLines')
		.select(({ fn }) => fn.sum<number>('perWorkplace').as('s'))
		.where('programmeId', '=', programmeId)
		.where('perWorkplace', 'is not', null);
	if (year !== undefined) q = q.where('year', '=', year);
	return Number((await q.executeTakeFirst())?.s ?? 0);
}

/** Planned and funded totals (for the summary), one query each. */
/** A year, or an inclusive range of years. */
export type Years = number | { from: number; to: number };

export async function plannedTotal(db: Db, programmeId: number, year?: Years): Promise<number> {
	let q = db
		.selectFrom('budgetLines')
		.select(({ fn }) => fn.sum<number>('amount').as('s'))
		.where('programmeId', '=', programmeId);
	if (typeof year === 'number') q = q.where('year', '=', year);
	else if (year) q = q.where('year', '>=', year.from).where('year', '<=', year.to);
	return Number((await q.executeTakeFirst())?.s ?? 0);
}

export async function fundingTotals(db: Db, programmeId: number, year?: Years) {
	let q = db
		.selectFrom('fundingSources')
		.select(({ fn }) => ['kind', fn.sum<number>('amount').as('s')])
		.where('programmeId', '=', programmeId);
	if (typeof year === 'number') q = q.where('year', '=', year);
	else if (year) q = q.where('year', '>=', year.from).where('year', '<=', year.to);
	const rows = await q.groupBy('kind').execute();
	const out: Record<FundingKind, number> = { funder: 0, own: 0 };
	for (const r of rows) out[r.kind] = Number(r.s);
	return out;
}

export interface ExpenseRow {
	id: number;
	category: ExpenseCategory;
	amount: number;
	spentOn: string;
	supplier: string | null;
	description: string | null;
	budgetLineId: number | null;
	activityId: number | null;
	sessionId: number | null;
	unitId: number | null;
}

/** One page of expenses, newest first, and the count. */
export async function expensePage(
	db: Db,
	f: ExpenseFilter,
	page: { limit: number; offset: number }
): Promise<{ rows: ExpenseRow[]; total: number }> {
	const [rows, count] = await Promise.all([
		expenseQuery(db, f)
			.select([
				'e.id',
				'e.category',
				'e.amount',
				'e.spentOn',
				'e.supplier',
				'e.description',
				'e.budgetLineId',
				'e.activityId',
				'e.sessionId',
				'e.unitId'
			])
			.orderBy('e.spentOn', 'desc')
			.orderBy('e.id', 'desc')
			.limit(page.limit)
			.offset(page.offset)
			.execute(),
		expenseQuery(db, f)
			.select(({ fn }) => fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows: rows.map((r) => ({ ...r, amount: Number(r.amount) })), total: Number(count.n) };
}

/** Years that have funding, lines or expenses (for the year picker). */
export async function budgetYears(db: Db, programmeId: number): Promise<number[]> {
	const [a, b] = await Promise.all([
		db
			.selectFrom('fundingSources')
			.select('year')
			.distinct()
			.where('programmeId', '=', programmeId)
			.execute(),
		db.selectFrom('budgetLines').select('year').distinct().where('programmeId', '=', programmeId).execute()
	]);
	return [...new Set([...a, ...b].map((r) => Number(r.year)))].sort();
}
