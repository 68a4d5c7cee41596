import type { ZodError } from 'zod';
import { translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import { tableCsv, type FigureTable } from '#lib/funder-figures.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { activityProgrammeId, sessionContext } from '../catalogue/catalogue.service.ts';
import { FieldsRuleError, type RuleMessage } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import type { Db } from '../db/database.ts';
import type { BudgetLineKind, Currency, ExpenseCategory, FundingKind } from '../db/schema.ts';
import { descendantUnitIds, getUnit, listUnits } from '../organisation/organisation.service.ts';
import { AccessDeniedError, authorize, can, type Actor, type Resource } from '../policy/policy.ts';
import { coFinancing, coFinancingPeople, type CoFinancingAggregate } from '../reports/reports.service.ts';
import * as repo from './budget.repository.ts';
import {
	budgetLineSchema,
	currencySchema,
	expenseSchema,
	budgetExportSchema,
	fundingSourceSchema
} from './budget.schema.ts';

/**
 * The programme's budget (SPEC §2 Budget; KUB's split: half to the workplaces as a fixed sum
 * per workplace per year, half to central formal activities): funding sources, allocations,
 * expenses, budget against actual per line, workplace and year, and co-financing from attended
 * hours × hourly cost. The office keeps it; a manager sees their workplace's allocation and
 * spending; the steering group sees totals. Hourly costs and per-person figures: office only.
 */

export class BudgetRuleError extends FieldsRuleError {}

const budgetResource = (
	programmeId: number,
	unitId: number | null = null
): Extract<Resource, { type: 'budget' }> => ({
	type: 'budget',
	programmeId,
	unitId
});

/** A calendar year as a report period. */
const yearPeriod = (year?: number) =>
	year === undefined ? {} : { from: `${year}-01-01`, to: `${year}-12-31` };

/** The programme's currency (no permission check: amounts are shown with it everywhere). */
export function budgetCurrency(db: Db, programmeId: number): Promise<Currency> {
	return repo.currencyOf(db, programmeId);
}

export async function setCurrency(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<Currency> {
	authorize(actor, 'manage', budgetResource(programmeId));
	const { currency } = parseInput(currencySchema, input, toError);
	await repo.upsertCurrency(db, programmeId, currency);
	return currency;
}

function toError(e: ZodError) {
	return new BudgetRuleError({}, e);
}

async function audited<T extends { id: number }>(
	db: Db,
	actor: Actor,
	programmeId: number,
	item: 'fundingSource' | 'budgetLine' | 'expense',
	write: (trx: Db) => Promise<T>,
	after: object
): Promise<T> {
	return db.transaction().execute(async (trx) => {
		const row = await write(trx);
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'budget',
			entityId: row.id,
			after: { item, ...after }
		});
		return row;
	});
}

export async function addFundingSource(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown,
	locale: Locale
): Promise<{ id: number }> {
	authorize(actor, 'manage', budgetResource(programmeId));
	const v = parseInput(fundingSourceSchema(locale), input, toError);
	return audited(
		db,
		actor,
		programmeId,
		'fundingSource',
		(trx) => repo.insertFundingSource(trx, { programmeId, ...v }),
		v
	);
}

export async function addBudgetLine(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown,
	locale: Locale
): Promise<{ id: number }> {
	authorize(actor, 'manage', budgetResource(programmeId));
	const v = parseInput(budgetLineSchema(locale), input, toError);
	return audited(
		db,
		actor,
		programmeId,
		'budgetLine',
		(trx) => repo.insertBudgetLine(trx, { programmeId, ...v, perWorkplace: v.perWorkplace ?? null }),
		v
	);
}

/**
 * Records an expense. Whatever it is linked to (line, activity, session, workplace) must be
 * of the same programme, else a field error and nothing is stored.
 */
export async function addExpense(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown,
	locale: Locale
): Promise<{ id: number }> {
	authorize(actor, 'manage', budgetResource(programmeId));
	const v = parseInput(expenseSchema(locale), input, toError);
	const wrong: Record<string, RuleMessage> = {};
	if (v.budgetLineId !== undefined && !(await repo.lineOfProgramme(db, programmeId, v.budgetLineId)))
		wrong.budgetLineId = 'budget.error.wrongProgramme';
	if (v.activityId !== undefined && (await activityProgrammeId(db, v.activityId)) !== programmeId)
		wrong.activityId = 'budget.error.wrongProgramme';
	let activityId = v.activityId ?? null;
	if (v.sessionId !== undefined) {
		const s = await sessionContext(db, v.sessionId);
		if (!s || s.programmeId !== programmeId) wrong.sessionId = 'budget.error.wrongProgramme';
		else activityId ??= s.activityId;
	}
	if (v.unitId !== undefined) {
		const u = await getUnit(db, v.unitId);
		if (!u || u.programmeId !== programmeId) wrong.unitId = 'budget.error.wrongProgramme';
	}
	if (Object.keys(wrong).length > 0) throw new BudgetRuleError(wrong);
	return audited(
		db,
		actor,
		programmeId,
		'expense',
		(trx) =>
			repo.insertExpense(trx, {
				programmeId,
				budgetLineId: v.budgetLineId ?? null,
				category: v.category,
				amount: v.amount,
				spentOn: v.spentOn,
				supplier: v.supplier || null,
				description: v.description || null,
				activityId,
				sessionId: v.sessionId ?? null,
				unitId: v.unitId ?? null,
				createdBy: actor.personId
			}),
		v
	);
}

export async function removeExpense(db: Db, actor: Actor, programmeId: number, id: number): Promise<void> {
	authorize(actor, 'manage', budgetResource(programmeId));
	await db.transaction().execute(async (trx) => {
		const row = await repo.deleteExpense(trx, programmeId, id);
		if (!row) throw new AccessDeniedError();
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'delete',
			entityType: 'budget',
			entityId: id,
			before: { item: 'expense', ...row, amount: Number(row.amount) }
		});
	});
}

export interface BudgetLineView {
	id: number;
	year: number;
	kind: BudgetLineKind;
	name: string;
	planned: number;
	perWorkplace: number | null;
	actual: number;
	remaining: number;
}

export interface WorkplaceBudgetRow {
	unitId: number;
	name: string;
	allocation: number;
	spent: number;
	remaining: number;
	coFinancing: number;
}

export interface BudgetSummary {
	currency: Currency;
	year: number | null;
	funding: Record<FundingKind, number> & { total: number };
	planned: number;
	actual: number;
	remaining: number;
	byCategory: { category: ExpenseCategory; amount: number; count: number }[];
	coFinancing: CoFinancingAggregate;
}

export interface BudgetOverview extends BudgetSummary {
	years: number[];
	sources: { id: number; kind: FundingKind; name: string; year: number; amount: number }[];
	lines: BudgetLineView[];
	/** Office only (null for the steering group, who see totals). */
	workplaces: WorkplaceBudgetRow[] | null;
	/** Whether per-person co-financing may be shown (office). */
	sensitive: boolean;
}

async function summaryOf(db: Db, programmeId: number, year?: number): Promise<BudgetSummary> {
	const [currency, funding, planned, byCategory, cof] = await Promise.all([
		repo.currencyOf(db, programmeId),
		repo.fundingTotals(db, programmeId, year),
		repo.plannedTotal(db, programmeId, year),
		repo.expenseTotals(db, { programmeId, year }),
		coFinancing(db, programmeId, yearPeriod(year))
	]);
	const actual = byCategory.reduce((s, c) => s + c.amount, 0);
	return {
		currency,
		year: year ?? null,
		funding: { ...funding, total: funding.funder + funding.own },
		planned,
		actual,
		remaining: planned - actual,
		byCategory,
		coFinancing: cof.total
	};
}

/** Budget against actual totals (the steering dashboard's card; office and steering). */
export async function budgetSummary(
	db: Db,
	actor: Actor,
	programmeId: number,
	year?: number
): Promise<BudgetSummary> {
	authorize(actor, 'read', budgetResource(programmeId));
	return summaryOf(db, programmeId, year);
}

/** The whole budget for a year (or every year): lines, sources, and per workplace for the office. */
export async function budgetOverview(
	db: Db,
	actor: Actor,
	programmeId: number,
	year?: number
): Promise<BudgetOverview> {
	authorize(actor, 'read', budgetResource(programmeId));
	const office = can(actor, 'manage', budgetResource(programmeId));
	const [summary, years, sources, lines] = await Promise.all([
		summaryOf(db, programmeId, year),
		repo.budgetYears(db, programmeId),
		repo.fundingSources(db, programmeId, year),
		repo.linesWithActual(db, programmeId, year)
	]);
	return {
		...summary,
		years,
		sources: sources.map((s) => ({ ...s, amount: Number(s.amount) })),
		lines: lines.map((l) => ({
			id: l.id,
			year: l.year,
			kind: l.kind,
			name: l.name,
			planned: l.amount,
			perWorkplace: l.perWorkplace,
			actual: l.actual,
			remaining: l.amount - l.actual
		})),
		workplaces: office ? await workplaceRows(db, programmeId, year) : null,
		sensitive: can(actor, 'readSensitive', budgetResource(programmeId))
	};
}

/** Allocation, spending and co-financing per workplace: three grouped queries. */
async function workplaceRows(
	db: Db,
	programmeId: number,
	year?: number,
	onlyUnitId?: number
): Promise<WorkplaceBudgetRow[]> {
	const units = await listUnits(db, programmeId);
	const workplaces = units.filter(
		(u) => u.kind === 'workplace' && (onlyUnitId === undefined || u.id === onlyUnitId)
	);
	const [allocation, spentByUnit, cof] = await Promise.all([
		repo.perWorkplaceAllocation(db, programmeId, year),
		repo.expensesByUnit(db, { programmeId, year }),
		coFinancing(db, programmeId, yearPeriod(year))
	]);
	// Expenses may be linked to a team: roll them up to its workplace.
	const byId = new Map(units.map((u) => [u.id, u]));
	const workplaceOf = (unitId: number): number | undefined => {
		let cur = byId.get(unitId);
		for (let depth = 0; cur && depth < 50; depth++) {
			if (cur.kind === 'workplace') return cur.id;
			cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
		}
		return undefined;
	};
	const spent = new Map<number, number>();
	for (const [unitId, amount] of spentByUnit) {
		const w = workplaceOf(unitId);
		if (w !== undefined) spent.set(w, (spent.get(w) ?? 0) + amount);
	}
	return workplaces
		.map((w) => ({
			unitId: w.id,
			name: w.name,
			allocation,
			spent: spent.get(w.id) ?? 0,
			remaining: allocation - (spent.get(w.id) ?? 0),
			coFinancing: cof.byWorkplace.get(w.id)?.amount ?? 0
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** One workplace's allocation and spending (its manager and the office). */
export async function workplaceBudget(
	db: Db,
	actor: Actor,
	unitId: number,
	year?: number
): Promise<{ currency: Currency; row: WorkplaceBudgetRow; expenses: repo.ExpenseRow[] }> {
	const unit = await getUnit(db, unitId);
	if (!unit || unit.kind !== 'workplace') throw new AccessDeniedError();
	authorize(actor, 'read', budgetResource(unit.programmeId, unitId));
	const unitIds = [...(await descendantUnitIds(db, [unitId]))];
	const [currency, rows, expenses] = await Promise.all([
		repo.currencyOf(db, unit.programmeId),
		workplaceRows(db, unit.programmeId, year, unitId),
		repo.expensePage(db, { programmeId: unit.programmeId, year, unitIds }, { limit: 50, offset: 0 })
	]);
	return { currency, row: rows[0]!, expenses: expenses.rows };
}

export const EXPENSE_PAGE_SIZE = 50;

/** Expenses of the programme, newest first, a page at a time (office). */
export async function listExpenses(
	db: Db,
	actor: Actor,
	programmeId: number,
	opts: { year?: number | undefined; page?: number | undefined } = {}
): Promise<{ rows: repo.ExpenseRow[]; total: number; page: number; pageSize: number }> {
	authorize(actor, 'manage', budgetResource(programmeId));
	const page = Math.max(1, opts.page ?? 1);
	const r = await repo.expensePage(
		db,
		{ programmeId, year: opts.year },
		{ limit: EXPENSE_PAGE_SIZE, offset: (page - 1) * EXPENSE_PAGE_SIZE }
	);
	return { ...r, page, pageSize: EXPENSE_PAGE_SIZE };
}

/** Co-financing per person with their hourly cost: the office only (SPEC §4). */
export async function coFinancingByPerson(
	db: Db,
	actor: Actor,
	programmeId: number,
	opts: { year?: number | undefined; page?: number | undefined } = {}
) {
	authorize(actor, 'readSensitive', budgetResource(programmeId));
	const page = Math.max(1, opts.page ?? 1);
	return coFinancingPeople(db, programmeId, yearPeriod(opts.year), {
		limit: EXPENSE_PAGE_SIZE,
		offset: (page - 1) * EXPENSE_PAGE_SIZE
	});
}

/**
 * The budget over a report period (the funder report; the caller authorizes): funding and
 * allocations of the years the period touches, expenses and co-financing within it.
 */
export async function budgetForPeriod(
	db: Db,
	programmeId: number,
	period: { from: string; to: string }
): Promise<BudgetSummary> {
	const years = { from: Number(period.from.slice(0, 4)), to: Number(period.to.slice(0, 4)) };
	const [currency, funding, planned, byCategory, cof] = await Promise.all([
		repo.currencyOf(db, programmeId),
		repo.fundingTotals(db, programmeId, years),
		repo.plannedTotal(db, programmeId, years),
		repo.expenseTotals(db, { programmeId, from: period.from, to: period.to }),
		coFinancing(db, programmeId, period)
	]);
	const actual = byCategory.reduce((s, c) => s + c.amount, 0);
	return {
		currency,
		year: null,
		funding: { ...funding, total: funding.funder + funding.own },
		planned,
		actual,
		remaining: planned - actual,
		byCategory,
		coFinancing: cof.total
	};
}

/** At most this many expenses in one export (a programme's years of receipts fit many times over). */
export const EXPENSE_EXPORT_LIMIT = 100_000;

/**
 * One of the budget page's tables as CSV (budget against actual per line, per workplace, the
 * expenses), for the year or every year; office only, since the workplace and expense rows are
 * the office's view. Every export is written to the audit log.
 */
export async function exportBudgetCsv(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown,
	locale: Locale
): Promise<{ fileName: string; body: string }> {
	authorize(actor, 'manage', budgetResource(programmeId));
	const { table, year } = parseInput(budgetExportSchema, input, toError);
	const t = (key: MessageKey) => translate(locale, key);
	let figures: FigureTable;
	if (table === 'lines') {
		const lines = await repo.linesWithActual(db, programmeId, year);
		figures = {
			id: table,
			title: t('funder.budget.lines'),
			columns: [
				{ label: t('funder.field.name'), kind: 'text' },
				{ label: t('funder.field.year'), kind: 'int' },
				{ label: t('funder.field.kind'), kind: 'text' },
				{ label: t('funder.budget.planned'), kind: 'money' },
				{ label: t('funder.budget.actual'), kind: 'money' },
				{ label: t('funder.budget.remaining'), kind: 'money' }
			],
			rows: lines.map((l) => [
				l.name,
				l.year,
				t(`funder.lineKind.${l.kind}` as MessageKey),
				l.amount,
				l.actual,
				l.amount - l.actual
			])
		};
	} else if (table === 'workplaces') {
		const rows = await workplaceRows(db, programmeId, year);
		figures = {
			id: table,
			title: t('funder.budget.workplaces'),
			columns: [
				{ label: t('reports.groupBy.unit'), kind: 'text' },
				{ label: t('funder.budget.allocation'), kind: 'money' },
				{ label: t('funder.budget.actual'), kind: 'money' },
				{ label: t('funder.budget.remaining'), kind: 'money' },
				{ label: t('funder.budget.coFinancingShort'), kind: 'money' }
			],
			rows: rows.map((w) => [w.name, w.allocation, w.spent, w.remaining, w.coFinancing])
		};
	} else {
		const { rows } = await repo.expensePage(
			db,
			{ programmeId, year },
			{ limit: EXPENSE_EXPORT_LIMIT, offset: 0 }
		);
		figures = {
			id: table,
			title: t('funder.budget.expenses'),
			columns: [
				{ label: t('funder.field.spentOn'), kind: 'text' },
				{ label: t('funder.field.category'), kind: 'text' },
				{ label: t('funder.field.supplier'), kind: 'text' },
				{ label: t('funder.budget.description'), kind: 'text' },
				{ label: t('funder.col.amount'), kind: 'money' },
				{ label: t('funder.field.line'), kind: 'int' },
				{ label: t('reports.groupBy.unit'), kind: 'int' },
				{ label: t('funder.field.activityId'), kind: 'int' },
				{ label: t('funder.field.sessionId'), kind: 'int' }
			],
			rows: rows.map((e) => [
				e.spentOn,
				t(`funder.category.${e.category}` as MessageKey),
				e.supplier,
				e.description,
				e.amount,
				e.budgetLineId,
				e.unitId,
				e.activityId,
				e.sessionId
			])
		};
	}
	await recordAudit(db, {
		programmeId,
		actorId: actor.personId,
		action: 'export',
		entityType: 'budget',
		entityId: null,
		after: { table, year: year ?? null, format: 'csv', rows: figures.rows.length }
	});
	return {
		fileName: `klok-budget-${table}${year !== undefined ? `-${year}` : ''}.csv`,
		body: tableCsv(figures, locale)
	};
}
