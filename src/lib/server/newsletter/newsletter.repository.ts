import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database, NewsletterFrequency } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/**
 * Queries of the newsletter. Recipients are chosen in one `insert … select` over `people`
 * (read only: active staff of the programme whose own choice, else the programme default, is
 * "subscribed"); the (issue, person) primary key makes a second sender's insert a no-op.
 */

type Executor = Db | Kysely<Database>;

export async function findSettings(db: Executor, programmeId: number) {
	return db
		.selectFrom('newsletterSettings')
		.selectAll()
		.where('programmeId', '=', programmeId)
		.executeTakeFirst();
}

export async function upsertSettings(
	db: Executor,
	programmeId: number,
	frequency: NewsletterFrequency,
	defaultSubscribed: boolean
): Promise<void> {
	const updatedAt = nowIso();
	const values = { programmeId, frequency, defaultSubscribed: defaultSubscribed ? 1 : 0, updatedAt };
	await db
		.insertInto('newsletterSettings')
		.values(values)
		.onConflict((oc) =>
			oc
				.column('programmeId')
				.doUpdateSet({ frequency, defaultSubscribed: values.defaultSubscribed, updatedAt })
		)
		.execute();
}

/** Programmes whose newsletter goes out at this frequency. */
export async function programmesWithFrequency(db: Db, frequency: NewsletterFrequency): Promise<number[]> {
	const rows = await db
		.selectFrom('newsletterSettings')
		.select('programmeId')
		.where('frequency', '=', frequency)
		.execute();
	return rows.map((r) => r.programmeId);
}

export async function findSubscription(db: Executor, programmeId: number, personId: number) {
	return db
		.selectFrom('newsletterSubscriptions')
		.select(['subscribed'])
		.where('programmeId', '=', programmeId)
		.where('personId', '=', personId)
		.executeTakeFirst();
}

export async function upsertSubscription(
	db: Executor,
	programmeId: number,
	personId: number,
	subscribed: boolean
): Promise<void> {
	const updatedAt = nowIso();
	await db
		.insertInto('newsletterSubscriptions')
		.values({ programmeId, personId, subscribed: subscribed ? 1 : 0, updatedAt })
		.onConflict((oc) =>
			oc.columns(['programmeId', 'personId']).doUpdateSet({ subscribed: subscribed ? 1 : 0, updatedAt })
		)
		.execute();
}

/** Creates the issue of a programme's period unless it exists; the issue's id either way. */
export async function insertIssueIfAbsent(
	db: Db,
	values: {
		programmeId: number;
		periodKey: string;
		periodStart: string;
		periodEnd: string;
		content: string;
		scheduledFor: string;
	}
): Promise<{ id: number; created: boolean }> {
	const inserted = await db
		.insertInto('newsletterIssues')
		.values(values)
		.onConflict((oc) => oc.columns(['programmeId', 'periodKey']).doNothing())
		.returning('id')
		.executeTakeFirst();
	if (inserted) return { id: inserted.id, created: true };
	const row = await db
		.selectFrom('newsletterIssues')
		.select('id')
		.where('programmeId', '=', values.programmeId)
		.where('periodKey', '=', values.periodKey)
		.executeTakeFirstOrThrow();
	return { id: row.id, created: false };
}

export async function findIssue(db: Executor, id: number) {
	return db.selectFrom('newsletterIssues').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateIssueContent(db: Db, id: number, content: string): Promise<void> {
	await db
		.updateTable('newsletterIssues')
		.set({ content })
		.where('id', '=', id)
		.where('status', '=', 'draft')
		.execute();
}

export async function findIssues(
	db: Db,
	programmeId: number,
	sentOnly: boolean,
	limit: number,
	offset: number
) {
	let q = db
		.selectFrom('newsletterIssues')
		.select([
			'id',
			'periodKey',
			'periodStart',
			'periodEnd',
			'status',
			'scheduledFor',
			'sentAt',
			'recipientCount'
		])
		.where('programmeId', '=', programmeId);
	if (sentOnly) q = q.where('status', '=', 'sent');
	return q.orderBy('periodStart', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function countIssues(db: Db, programmeId: number, sentOnly: boolean): Promise<number> {
	let q = db
		.selectFrom('newsletterIssues')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('programmeId', '=', programmeId);
	if (sentOnly) q = q.where('status', '=', 'sent');
	return Number((await q.executeTakeFirst())?.n ?? 0);
}

/** Drafts whose preview time is over (the periodic job sends them). */
export async function dueIssueIds(db: Db, now: string): Promise<number[]> {
	const rows = await db
		.selectFrom('newsletterIssues')
		.select('id')
		.where('status', '=', 'draft')
		.where('scheduledFor', '<=', now)
		.orderBy('id')
		.limit(100)
		.execute();
	return rows.map((r) => r.id);
}

/** Claims a draft for sending: true for exactly one caller, however many instances try. */
export async function claimIssue(trx: Executor, id: number, now: string): Promise<boolean> {
	const r = await trx
		.updateTable('newsletterIssues')
		.set({ status: 'sent', sentAt: now })
		.where('id', '=', id)
		.where('status', '=', 'draft')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Writes one delivery row per subscribed, active person of the programme (one statement). */
export async function insertDeliveries(trx: Executor, issueId: number, programmeId: number): Promise<number> {
	const r = await trx
		.insertInto('newsletterDeliveries')
		.columns(['issueId', 'personId'])
		.expression((eb) =>
			eb
				.selectFrom('people as p')
				.leftJoin('newsletterSubscriptions as s', (j) =>
					j.onRef('s.personId', '=', 'p.id').on('s.programmeId', '=', programmeId)
				)
				.leftJoin('newsletterSettings as st', (j) => j.on('st.programmeId', '=', programmeId))
				.select([sql<number>`${sql.lit(issueId)}`.as('issueId'), 'p.id as personId'])
				.where('p.programmeId', '=', programmeId)
				.where('p.deactivatedAt', 'is', null)
				.where(sql<boolean>`coalesce(${sql.ref('s.subscribed')}, ${sql.ref('st.defaultSubscribed')}, 1) = 1`)
		)
		.onConflict((oc) => oc.columns(['issueId', 'personId']).doNothing())
		.executeTakeFirst();
	return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** A page of an issue's recipients, by person id (queueing their mails in bounded batches). */
export async function deliveryPage(trx: Executor, issueId: number, afterPersonId: number, limit: number) {
	const rows = await trx
		.selectFrom('newsletterDeliveries')
		.select('personId')
		.where('issueId', '=', issueId)
		.where('personId', '>', afterPersonId)
		.orderBy('personId')
		.limit(limit)
		.execute();
	return rows.map((r) => r.personId);
}

export async function setRecipientCount(trx: Executor, id: number, count: number): Promise<void> {
	await trx.updateTable('newsletterIssues').set({ recipientCount: count }).where('id', '=', id).execute();
}

export async function findDelivery(db: Db, issueId: number, personId: number) {
	return db
		.selectFrom('newsletterDeliveries')
		.select(['issueId', 'personId'])
		.where('issueId', '=', issueId)
		.where('personId', '=', personId)
		.executeTakeFirst();
}

export async function setTokenHash(
	db: Db,
	issueId: number,
	personId: number,
	tokenHash: string
): Promise<void> {
	await db
		.updateTable('newsletterDeliveries')
		.set({ tokenHash })
		.where('issueId', '=', issueId)
		.where('personId', '=', personId)
		.execute();
}

/** Whose link this is: the delivery's person and the issue's programme. */
export async function findByTokenHash(db: Db, tokenHash: string) {
	return db
		.selectFrom('newsletterDeliveries as d')
		.innerJoin('newsletterIssues as i', 'i.id', 'd.issueId')
		.select(['d.personId', 'i.programmeId'])
		.where('d.tokenHash', '=', tokenHash)
		.executeTakeFirst();
}
