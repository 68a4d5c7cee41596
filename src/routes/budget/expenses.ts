import { fmtDate, t } from '#lib/i18n/ui.ts';
import type { MessageKey } from '#lib/i18n/index.ts';
import type { BudgetColumn } from './BudgetTable.svelte';

/** The expense table's columns and cells, the same on the budget page and a workplace's page. */
export const expenseColumns = (): BudgetColumn[] => [
	{ id: 'date', label: t('funder.field.spentOn'), rowHeader: true },
	{ id: 'category', label: t('funder.field.category') },
	{ id: 'supplier', label: t('funder.field.supplier') },
	{ id: 'amount', label: t('funder.col.amount'), kind: 'money' }
];

export function expenseValue(
	e: { spentOn: string; category: string; supplier: string | null; amount: number },
	column: string
): string | number | null {
	if (column === 'date') return fmtDate(e.spentOn);
	if (column === 'category') return t(`funder.category.${e.category}` as MessageKey);
	if (column === 'supplier') return e.supplier;
	return e.amount;
}
