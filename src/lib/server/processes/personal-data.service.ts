import type { PersonalDataPart } from '../core/personal-data.ts';
import { countMemberships, processDataOf } from './personal-data.repository.ts';

/** Process memberships; erasure keeps them (coverage counts them), tied to the anonymised person. */
export const processesPersonalData: PersonalDataPart = {
	area: 'processes',
	covers: { subject: ['process_participants.person_id'], actor: ['processes.created_by'] },
	exportOf: (db, personId) => processDataOf(db, personId),
	async previewErasure(db, ctx) {
		return [
			{
				table: 'process_participants',
				deleted: 0,
				anonymised: 0,
				kept: await countMemberships(db, ctx.personId)
			}
		];
	},
	async erase(trx, ctx) {
		return this.previewErasure(trx, ctx);
	}
};
