import type { PersonalDataPart } from '../core/personal-data.ts';
import { countForms, eraseFormTexts, formsOf } from './personal-data.repository.ts';

/** The 40-20-40 forms (no person column: they belong to the person's registrations). */
export const cyclePersonalData: PersonalDataPart = {
	area: 'cycle',
	covers: { subject: ['cycle_forms.registration_id'] },
	async exportOf(db, personId) {
		return { forms_40_20_40: await formsOf(db, personId) };
	},
	async previewErasure(db, ctx) {
		return [{ table: 'cycle_forms', deleted: 0, anonymised: await countForms(db, ctx.personId), kept: 0 }];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await eraseFormTexts(trx, ctx.personId);
		return counts;
	}
};
