import type { PersonalDataPart } from '../core/personal-data.ts';
import { budgetDataOf, countExpensesBy } from './personal-data.repository.ts';

/**
 * Expenses the person recorded. `created_by` is kept, no identity: the expense is the
 * programme's accounts and the id now names "Erased person #N".
 */
export const budgetPersonalData: PersonalDataPart = {
	area: 'budget',
	covers: { subject: [], actor: ['expenses.created_by'] },
	exportOf: (db, personId) => budgetDataOf(db, personId),
	async previewErasure(db, ctx) {
		return [{ table: 'expenses', deleted: 0, anonymised: 0, kept: await countExpensesBy(db, ctx.personId) }];
	},
	async erase(trx, ctx) {
		return this.previewErasure(trx, ctx);
	}
};
