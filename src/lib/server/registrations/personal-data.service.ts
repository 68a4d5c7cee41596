import type { PersonalDataPart } from '../core/personal-data.ts';
import {
	countRegistrationRows,
	eraseRegistrationData,
	registrationDataOf
} from './personal-data.repository.ts';

/** Registrations, attendance and hours; erasure keeps them as anonymous counts. */
export const registrationsPersonalData: PersonalDataPart = {
	area: 'registrations',
	covers: {
		subject: ['registrations.person_id', 'calendar_feeds.person_id'],
		actor: ['registrations.approved_by', 'registrations.attendance_marked_by', 'registrations.registered_by']
	},
	exportOf: (db, personId) => registrationDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countRegistrationRows(db, ctx.personId);
		return [
			{ table: 'registrations', deleted: 0, anonymised: n.registrations, kept: 0 },
			{ table: 'calendar_feeds', deleted: n.feeds, anonymised: 0, kept: 0 }
		];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await eraseRegistrationData(trx, ctx.personId);
		return counts;
	}
};
