import type { PersonalDataPart } from '../core/personal-data.ts';
import { countNetworkRows, deleteMembershipsOf, networksDataOf } from './personal-data.repository.ts';

/**
 * Network memberships (removed on erasure) and networks the person started (`created_by` kept,
 * no identity: the network is the programme's and counts in its figures; so is the contact person,
 * until the office names another).
 */
export const networksPersonalData: PersonalDataPart = {
	area: 'networks',
	covers: {
		subject: ['network_members.person_id'],
		actor: ['networks.created_by', 'networks.contact_person_id']
	},
	exportOf: (db, personId) => networksDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countNetworkRows(db, ctx.personId);
		return [
			{ table: 'network_members', deleted: n.memberships, anonymised: 0, kept: 0 },
			{ table: 'networks', deleted: 0, anonymised: 0, kept: n.created }
		];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await deleteMembershipsOf(trx, ctx.personId);
		return counts;
	}
};
