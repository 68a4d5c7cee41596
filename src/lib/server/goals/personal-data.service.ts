import type { PersonalDataPart } from '../core/personal-data.ts';
import { countGoalRows, goalsDataOf } from './personal-data.repository.ts';

/**
 * Goal assessments and overrides the person wrote, snapshots they took. `goal_events.person_id`
 * marks who acted (the reason is about the goal, the programme's record), so like the
 * `taken_by` column it is kept, no identity; so is who answers for a steering decision.
 * `goals.examined_by` is text (see NOT_PERSONAL). Who uploaded an attachment (to a goal's
 * assessment or a meeting) is kept the same way: the file is the programme's record.
 */
export const goalsPersonalData: PersonalDataPart = {
	area: 'goals',
	covers: {
		subject: [],
		actor: [
			'goal_events.person_id',
			'goal_snapshots.taken_by',
			'steering_decisions.responsible_id',
			'goal_attachments.uploaded_by'
		]
	},
	exportOf: (db, personId) => goalsDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countGoalRows(db, ctx.personId);
		return [
			{ table: 'goal_events', deleted: 0, anonymised: 0, kept: n.events },
			{ table: 'goal_snapshots', deleted: 0, anonymised: 0, kept: n.snapshots },
			{ table: 'goal_attachments', deleted: 0, anonymised: 0, kept: n.attachments }
		];
	},
	async erase(trx, ctx) {
		return this.previewErasure(trx, ctx);
	}
};
