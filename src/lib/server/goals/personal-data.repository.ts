import type { Db } from '../db/database.ts';

/** Goals' part of a person's data export: assessments and overrides they wrote, snapshots taken. */
export async function goalsDataOf(db: Db, personId: number) {
	const [events, snapshots, decisions, attachments] = await Promise.all([
		db
			.selectFrom('goalEvents')
			.select(['id', 'goalId', 'kind', 'status', 'reason', 'at'])
			.where('personId', '=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('goalSnapshots')
			.select(['id', 'programmeId', 'label', 'takenAt'])
			.where('takenBy', '=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('steeringDecisions')
			.select(['id', 'meetingId', 'text', 'followUpOn', 'status'])
			.where('responsibleId', '=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('goalAttachments')
			.select(['id', 'goalId', 'meetingId', 'fileName', 'size', 'createdAt'])
			.where('uploadedBy', '=', personId)
			.orderBy('id')
			.execute()
	]);
	return {
		goal_events_written: events,
		snapshots_taken: snapshots,
		decisions_responsible_for: decisions,
		attachments_uploaded: attachments
	};
}

export async function countGoalRows(db: Db, personId: number) {
	const [events, snapshots, attachments] = await Promise.all([
		db
			.selectFrom('goalEvents')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('personId', '=', personId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('goalSnapshots')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('takenBy', '=', personId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('goalAttachments')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('uploadedBy', '=', personId)
			.executeTakeFirstOrThrow()
	]);
	return { events: Number(events.n), snapshots: Number(snapshots.n), attachments: Number(attachments.n) };
}
