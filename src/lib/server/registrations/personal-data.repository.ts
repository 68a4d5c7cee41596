import type { Db } from '../db/database.ts';

/** The registrations domain's part of a person's data export and erasure. */

export async function registrationDataOf(db: Db, personId: number) {
	const [registrations, feeds, decided] = await Promise.all([
		db
			.selectFrom('registrations')
			.select([
				'id',
				'sessionId',
				'status',
				'waitlistSeq',
				'requestedAt',
				'approvedAt',
				'declinedAt',
				'declineReason',
				'confirmedAt',
				'waitlistedAt',
				'cancelledAt',
				'attendanceMarkedAt',
				'hoursCredited',
				'reminderSentAt',
				'createdAt',
				'updatedAt'
			])
			.where('personId', '=', personId)
			.orderBy('id')
			.execute(),
		db.selectFrom('calendarFeeds').select('createdAt').where('personId', '=', personId).execute(),
		// Others' registrations the person acted on: which and when, not whose.
		db
			.selectFrom('registrations')
			.select(['id', 'sessionId', 'approvedAt', 'attendanceMarkedAt', 'createdAt'])
			.where((eb) =>
				eb.and([
					eb('personId', '!=', personId),
					eb.or([
						eb('approvedBy', '=', personId),
						eb('attendanceMarkedBy', '=', personId),
						eb('registeredBy', '=', personId)
					])
				])
			)
			.orderBy('id')
			.execute()
	]);
	return { registrations, calendar_feed: feeds, registrations_you_handled: decided };
}

export async function countRegistrationRows(db: Db, personId: number) {
	const [regs, feeds] = await Promise.all([
		db
			.selectFrom('registrations')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('personId', '=', personId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('calendarFeeds')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('personId', '=', personId)
			.executeTakeFirstOrThrow()
	]);
	return { registrations: Number(regs.n), feeds: Number(feeds.n) };
}

/** Registrations and hours stay (anonymous counts); free text and the feed token go. */
export async function eraseRegistrationData(trx: Db, personId: number) {
	await trx
		.updateTable('registrations')
		.set({ declineReason: null })
		.where('personId', '=', personId)
		.execute();
	await trx.deleteFrom('calendarFeeds').where('personId', '=', personId).execute();
}
