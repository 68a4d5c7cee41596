import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { dialect } from '../db/database.ts';
import { containsText, replaceText } from '../db/sql.ts';

/**
 * The audit domain's part of a person's data export and erasure. The log is append-only (a
 * trigger on PostgreSQL, no update path in the app); erasure and retention are the one
 * exception, and only to take the person's identity out of the snapshots: the entries stay.
 */

const AboutPerson = ['person', 'role'];

/** Entries about the person (changes to their profile and roles), in full. */
export function entriesAbout(db: Db, personId: number) {
	return db
		.selectFrom('auditLog')
		.select([
			'id',
			'programmeId',
			'actorId',
			'action',
			'entityType',
			'entityId',
			'before',
			'after',
			'createdAt'
		])
		.where('entityType', 'in', AboutPerson)
		.where('entityId', '=', personId)
		.orderBy('id')
		.execute();
}

/** What the person did: the action and what it was on, never the snapshots (others' data). */
export function entriesBy(db: Db, personId: number) {
	return db
		.selectFrom('auditLog')
		.select(['id', 'programmeId', 'action', 'entityType', 'entityId', 'createdAt'])
		.where('actorId', '=', personId)
		.orderBy('id')
		.execute();
}

const quoting = (name: string, email: string) => (eb: any) =>
	eb.or([
		containsText(eb.ref('before'), name),
		containsText(eb.ref('after'), name),
		containsText(eb.ref('before'), email),
		containsText(eb.ref('after'), email)
	]);

export async function countAuditRows(db: Db, personId: number, name: string, email: string) {
	const row = await db
		.selectFrom('auditLog')
		.select((eb) => eb.fn.countAll<number>().as('all'))
		.where((eb) =>
			eb.or([
				eb.and([eb('entityType', 'in', AboutPerson), eb('entityId', '=', personId)]),
				quoting(name, email)(eb)
			])
		)
		.executeTakeFirstOrThrow();
	return { touched: Number(row.all) };
}

/** Lets this transaction redact audit snapshots (PostgreSQL's append-only trigger checks it). */
export async function allowAuditRedaction(trx: Db) {
	if (dialect(trx) === 'postgres') await sql`set local klok.audit_redaction = 'on'`.execute(trx);
}

/** Snapshots about the person are emptied; copies of their name or e-mail elsewhere replaced. */
export async function redactAudit(
	trx: Db,
	p: { personId: number; name: string; email: string; placeholderName: string; placeholderEmail: string }
) {
	await allowAuditRedaction(trx);
	await trx
		.updateTable('auditLog')
		.set({ before: null, after: null })
		.where('entityType', 'in', AboutPerson)
		.where('entityId', '=', p.personId)
		.execute();
	for (const [from, to] of [
		[p.email, p.placeholderEmail],
		[p.name, p.placeholderName]
	] as const)
		await trx
			.updateTable('auditLog')
			.set((eb) => ({
				before: replaceText(eb.ref('before'), from, to),
				after: replaceText(eb.ref('after'), from, to)
			}))
			.where(quoting(from, from))
			.execute();
}
