import type { Db } from '../db/database.ts';

/** The newsletter's part of a person's data export and erasure: their choice, issues sent to them. */
export async function newsletterDataOf(db: Db, personId: number) {
	const [subscriptions, deliveries] = await Promise.all([
		db
			.selectFrom('newsletterSubscriptions')
			.select(['programmeId', 'subscribed', 'updatedAt'])
			.where('personId', '=', personId)
			.orderBy('programmeId')
			.execute(),
		db
			.selectFrom('newsletterDeliveries')
			.innerJoin('newsletterIssues', 'newsletterIssues.id', 'newsletterDeliveries.issueId')
			.select([
				'newsletterDeliveries.issueId',
				'newsletterIssues.periodKey',
				'newsletterDeliveries.createdAt'
			])
			.where('newsletterDeliveries.personId', '=', personId)
			.orderBy('newsletterDeliveries.issueId')
			.execute()
	]);
	return { subscriptions, issues_received: deliveries };
}

export async function countNewsletterRows(db: Db, personId: number) {
	const [subscriptions, deliveries] = await Promise.all([
		db
			.selectFrom('newsletterSubscriptions')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('personId', '=', personId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('newsletterDeliveries')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('personId', '=', personId)
			.executeTakeFirstOrThrow()
	]);
	return { subscriptions: Number(subscriptions.n), deliveries: Number(deliveries.n) };
}

/** The choice and the delivery list (with unsubscribe token hashes) go; issues' recipient counts stay. */
export async function deleteNewsletterRowsOf(trx: Db, personId: number) {
	await trx.deleteFrom('newsletterSubscriptions').where('personId', '=', personId).execute();
	await trx.deleteFrom('newsletterDeliveries').where('personId', '=', personId).execute();
}
