import type { PersonalDataPart } from '../core/personal-data.ts';
import { removeDocument } from '../search/search.service.ts';
import { countExpertRows, deleteExpertProfileOf, expertsDataOf } from './personal-data.repository.ts';

/**
 * The person's expert profile and areas; erasure deletes them and takes the profile out of the
 * search index (its document is titled with the person's name).
 */
export const expertsPersonalData: PersonalDataPart = {
	area: 'experts',
	covers: { subject: ['expert_profiles.person_id', 'expert_areas.person_id'] },
	exportOf: (db, personId) => expertsDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countExpertRows(db, ctx.personId);
		return [
			{ table: 'expert_profiles', deleted: n.profiles, anonymised: 0, kept: 0 },
			{ table: 'expert_areas', deleted: n.areas, anonymised: 0, kept: 0 }
		];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await deleteExpertProfileOf(trx, ctx.personId);
		// The index document's refId is the person (see experts.service.ts saveMyProfile).
		await removeDocument(trx, 'expert', ctx.personId);
		return counts;
	}
};
