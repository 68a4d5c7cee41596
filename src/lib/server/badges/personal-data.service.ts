import type { PersonalDataPart } from '../core/personal-data.ts';
import { badgesDataOf, countBadgeRows } from './personal-data.repository.ts';

/**
 * Badges the person earned, revoked or defined. Erasure keeps the credentials: they hold only a
 * salted hash of the e-mail (no name), the row id is the credential's place in the public
 * status list, and the holder's copy stays verifiable. `revoked_by` and `created_by` are kept,
 * no identity (the id now names "Erased person #N").
 */
export const badgesPersonalData: PersonalDataPart = {
	area: 'badges',
	covers: {
		subject: ['badge_credentials.person_id'],
		actor: ['badge_credentials.revoked_by', 'badge_achievements.created_by']
	},
	exportOf: (db, personId) => badgesDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countBadgeRows(db, ctx.personId);
		return [
			{ table: 'badge_credentials', deleted: 0, anonymised: 0, kept: n.credentials },
			{ table: 'badge_achievements', deleted: 0, anonymised: 0, kept: n.achievements }
		];
	},
	async erase(trx, ctx) {
		return this.previewErasure(trx, ctx);
	}
};
