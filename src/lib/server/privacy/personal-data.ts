import type { PersonalDataPart } from '../core/personal-data.ts';
import { countExportsOf, deleteExportsOf, erasuresBy, erasuresOf, exportsOf } from './privacy.repository.ts';

/** The privacy domain's own part: the person's export requests and erasure record. */
export const privacyPersonalData: PersonalDataPart = {
	area: 'privacy',
	covers: {
		subject: ['privacy_exports.person_id', 'privacy_erasures.person_id'],
		actor: ['privacy_erasures.erased_by']
	},
	async exportOf(db, personId) {
		const [exports, erasures, erasedOthers] = await Promise.all([
			exportsOf(db, personId),
			erasuresOf(db, personId),
			erasuresBy(db, personId)
		]);
		return { data_exports: exports, erasures, erasures_you_carried_out: erasedOthers };
	},
	async previewErasure(db, ctx) {
		return [
			{ table: 'privacy_exports', deleted: await countExportsOf(db, ctx.personId), anonymised: 0, kept: 0 }
		];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await deleteExportsOf(trx, ctx.personId);
		return counts;
	}
};
