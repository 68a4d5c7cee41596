import type { Db } from '../db/database.ts';
import type { PersonalDataPart } from '../core/personal-data.ts';
import {
	countEntriesOfEndedProgramme,
	countLogbookRows,
	deleteEntriesOf,
	deleteEntriesOfEndedProgramme,
	logbookDataOf
} from './personal-data.repository.ts';

/** Logbook entries with shares and consent history; erasure deletes them. */
export const logbookPersonalData: PersonalDataPart = {
	area: 'logbook',
	covers: { subject: ['logbook_entries.person_id'], actor: ['logbook_consent_events.actor_id'] },
	exportOf: (db, personId) => logbookDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countLogbookRows(db, ctx.personId);
		return Object.entries(n).map(([table, deleted]) => ({ table, deleted, anonymised: 0, kept: 0 }));
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await deleteEntriesOf(trx, ctx.personId);
		return counts;
	}
};

/**
 * Retention: the logbook entries of a programme's people, once the programme ended before
 * `cutoffDate` (its end + the programme's months). Dry run counts; otherwise deletes.
 */
export function logbookRetention(db: Db, programmeId: number, cutoffDate: string, dryRun: boolean) {
	return dryRun
		? countEntriesOfEndedProgramme(db, programmeId, cutoffDate)
		: deleteEntriesOfEndedProgramme(db, programmeId, cutoffDate);
}
