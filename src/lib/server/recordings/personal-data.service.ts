import type { PersonalDataPart } from '../core/personal-data.ts';
import { countRecordingsBy, recordingsDataOf } from './personal-data.repository.ts';

/**
 * Recordings the person added or whose lecturer consent they noted. Both actor columns are
 * kept, no identity: the consent record must stay to keep a recording published.
 */
export const recordingsPersonalData: PersonalDataPart = {
	area: 'recordings',
	covers: { subject: [], actor: ['session_recordings.created_by', 'session_recordings.consent_noted_by'] },
	exportOf: (db, personId) => recordingsDataOf(db, personId),
	async previewErasure(db, ctx) {
		return [
			{
				table: 'session_recordings',
				deleted: 0,
				anonymised: 0,
				kept: await countRecordingsBy(db, ctx.personId)
			}
		];
	},
	async erase(trx, ctx) {
		return this.previewErasure(trx, ctx);
	}
};
