import { z } from 'zod';
import { parseMoney } from '#lib/money.ts';
import { fields } from '../core/validation.ts';
import { BUDGET_LINE_KINDS, CURRENCIES, EXPENSE_CATEGORIES, FUNDING_KINDS } from '../db/schema.ts';

/**
 * Budget input. Amounts are typed as the user writes them ("1 234,50" in sv/da/nb) or sent
 * as numbers of major units by the API; both become integers of minor units, refusing
 * fractions of a minor unit and negatives with a field message.
 */
export function money(locale: string) {
	return z.union([z.string(), z.number()], { error: 'budget.error.amount' }).transform((v, ctx) => {
		const r = parseMoney(v, locale);
		if (r.ok) return r.minor;
		ctx.addIssue({
			code: 'custom',
			message:
				r.error === 'fraction'
					? 'budget.error.fraction'
					: r.error === 'negative'
						? 'budget.error.negative'
						: 'budget.error.amount'
		});
		return z.NEVER;
	});
}

const year = z.coerce.number({ error: 'error.number' }).int().min(2000).max(2199);

export const currencySchema = z.object({ currency: z.enum(CURRENCIES) });

export const fundingSourceSchema = (locale: string) =>
	z.object({
		kind: z.enum(FUNDING_KINDS),
		name: fields.text(200),
		year,
		amount: money(locale)
	});

export const budgetLineSchema = (locale: string) =>
	z.object({
		kind: z.enum(BUDGET_LINE_KINDS),
		name: fields.text(200),
		year,
		amount: money(locale),
		perWorkplace: money(locale).optional()
	});

export const expenseSchema = (locale: string) =>
	z.object({
		category: z.enum(EXPENSE_CATEGORIES),
		amount: money(locale),
		spentOn: fields.date(),
		supplier: fields.optionalText(200),
		description: fields.optionalText(1000),
		budgetLineId: fields.id().optional(),
		activityId: fields.id().optional(),
		sessionId: fields.id().optional(),
		unitId: fields.id().optional()
	});

export type ExpenseInput = z.output<ReturnType<typeof expenseSchema>>;

export const budgetYearSchema = z.object({ year: year.optional() });

/** The budget tables that export as CSV. */
export const BUDGET_TABLES = ['lines', 'workplaces', 'expenses'] as const;
export type BudgetTableName = (typeof BUDGET_TABLES)[number];
export const budgetExportSchema = z.object({
	table: z.enum(BUDGET_TABLES, { error: 'error.choice' }),
	year: z.coerce.number({ error: 'error.number' }).int().min(2000).max(2199).optional()
});
