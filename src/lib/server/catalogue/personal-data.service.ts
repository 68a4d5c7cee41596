import type { PersonalDataPart } from '../core/personal-data.ts';
import { catalogueDataOf, countCatalogueRows, eraseCatalogueTexts } from './personal-data.repository.ts';

/** Expressions of interest, sessions trained, entries and files added. */
export const cataloguePersonalData: PersonalDataPart = {
	area: 'catalogue',
	covers: {
		subject: ['activity_interests.person_id', 'session_trainers.person_id'],
		actor: ['activities.created_by', 'activity_materials.uploaded_by']
	},
	exportOf: (db, personId) => catalogueDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countCatalogueRows(db, ctx.personId);
		return [
			{ table: 'activity_interests', deleted: 0, anonymised: n.interests, kept: 0 },
			{ table: 'session_trainers', deleted: 0, anonymised: 0, kept: n.trained }
		];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await eraseCatalogueTexts(trx, ctx.personId);
		return counts;
	}
};
