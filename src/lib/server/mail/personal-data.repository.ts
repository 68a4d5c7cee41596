import type { Db } from '../db/database.ts';
import { containsText, replaceText } from '../db/sql.ts';

/** The mail domain's part of a person's data export and erasure: the messages sent to them. */

export function messagesTo(db: Db, personId: number) {
	return db
		.selectFrom('outbox')
		.select(['id', 'kind', 'toAddress', 'subject', 'textBody', 'status', 'createdAt', 'sentAt'])
		.where('personId', '=', personId)
		.orderBy('id')
		.execute();
}

const own = (personId: number, email: string) => (eb: any) =>
	eb.or([eb('personId', '=', personId), eb('toAddress', '=', email)]);

/** Other messages that quote the person (e.g. a manager's approval request names them). */
const quoting = (name: string, personId: number, email: string) => (eb: any) =>
	eb.and([
		eb.not(own(personId, email)(eb)),
		eb.or([
			containsText(eb.ref('subject'), name),
			containsText(eb.ref('textBody'), name),
			containsText(eb.ref('htmlBody'), name)
		])
	]);

export async function countMessages(db: Db, personId: number, name: string, email: string) {
	const [mine, quoted] = await Promise.all([
		db
			.selectFrom('outbox')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where(own(personId, email))
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('outbox')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where(quoting(name, personId, email))
			.executeTakeFirstOrThrow()
	]);
	return { mine: Number(mine.n), quoted: Number(quoted.n) };
}

/** The person's own mail goes; others' mail keeps its text with the name replaced. */
export async function eraseMessages(
	trx: Db,
	p: { personId: number; name: string; email: string; placeholderName: string }
) {
	await trx.deleteFrom('outbox').where(own(p.personId, p.email)).execute();
	await trx
		.updateTable('outbox')
		.set((eb) => ({
			subject: replaceText(eb.ref('subject'), p.name, p.placeholderName),
			textBody: replaceText(eb.ref('textBody'), p.name, p.placeholderName),
			htmlBody: replaceText(eb.ref('htmlBody'), p.name, p.placeholderName)
		}))
		.where(quoting(p.name, p.personId, p.email))
		.execute();
}
