import type { ErasureCount, PersonalDataPart } from '../core/personal-data.ts';
import { authDataOf, countAuthRows, deleteAuthRows } from './personal-data.repository.ts';

/** Sign-in sessions, known devices, API tokens (never a hash); erasure deletes them all. */
export const authPersonalData: PersonalDataPart = {
	area: 'sign_in',
	covers: {
		subject: [
			'auth_sessions.person_id',
			'known_devices.person_id',
			'api_tokens.person_id',
			'password_resets.person_id'
		]
	},
	exportOf: (db, personId) => authDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countAuthRows(db, ctx.personId, ctx.email);
		return Object.entries(n).map(([table, deleted]): ErasureCount => ({
			table,
			deleted,
			anonymised: 0,
			kept: 0
		}));
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await deleteAuthRows(trx, ctx.personId, ctx.email);
		return counts;
	}
};
