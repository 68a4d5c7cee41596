import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { GoalAttachmentTable } from '../db/schema.ts';

/** Queries on `goal_attachments` (files on goals' assessments and on steering meetings). */

const listed = ['id', 'goalId', 'meetingId', 'fileName', 'contentType', 'size', 'createdAt'] as const;

export function insertAttachment(trx: Db, values: Insertable<GoalAttachmentTable>) {
	return trx
		.insertInto('goalAttachments')
		.values(values)
		.returning([...listed])
		.executeTakeFirstOrThrow();
}

/** The file's owner and metadata, without the content. */
export function findAttachment(db: Db, id: number) {
	return db
		.selectFrom('goalAttachments')
		.select([...listed, 'programmeId'])
		.where('id', '=', id)
		.executeTakeFirst();
}

export function attachmentContent(db: Db, id: number) {
	return db.selectFrom('goalAttachments').select(['content']).where('id', '=', id).executeTakeFirst();
}

export function attachmentsOfGoal(db: Db, goalId: number) {
	return db
		.selectFrom('goalAttachments')
		.select([...listed])
		.where('goalId', '=', goalId)
		.orderBy('id')
		.execute();
}

/** The attachments of one page of the programme's meetings (the same order and page as the log). */
export function attachmentsOfMeetingPage(db: Db, programmeId: number, limit: number, offset: number) {
	return db
		.selectFrom('goalAttachments')
		.select([...listed])
		.where('meetingId', 'in', (eb) =>
			eb
				.selectFrom('steeringMeetings')
				.select('id')
				.where('programmeId', '=', programmeId)
				.orderBy('heldOn', 'desc')
				.orderBy('id', 'desc')
				.limit(limit)
				.offset(offset)
		)
		.orderBy('id')
		.execute();
}

export async function deleteAttachmentRow(trx: Db, id: number): Promise<boolean> {
	const r = await trx.deleteFrom('goalAttachments').where('id', '=', id).executeTakeFirst();
	return Number(r.numDeletedRows) > 0;
}
