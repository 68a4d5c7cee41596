import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database, NetworkTable } from '../db/schema.ts';
import type { Insertable } from 'kysely';
import { containsInsensitive, nowIso } from '../db/sql.ts';
import { dialect } from '../db/database.ts';

/**
 * Queries of networks and groups. Member names of programme people come from `people` in a
 * read-only join; external members are stored here with their own name and organisation.
 */

type Executor = Db | Kysely<Database>;

export interface NetworkRow {
	id: number;
	programmeId: number;
	name: string;
	purpose: string;
	reach: 'programme' | 'national';
	contactPersonId: number | null;
	contactName: string | null;
	startsOn: string;
	memberCount: number;
}

function networkQuery(db: Db) {
	return db
		.selectFrom('networks as n')
		.leftJoin('people as c', 'c.id', 'n.contactPersonId')
		.select((eb) => [
			'n.id',
			'n.programmeId',
			'n.name',
			'n.purpose',
			'n.reach',
			'n.contactPersonId',
			'c.name as contactName',
			'n.startsOn',
			eb
				.selectFrom('networkMembers as m')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('m.networkId', '=', 'n.id')
				.as('memberCount')
		]);
}

const normalise = (r: NetworkRow): NetworkRow => ({ ...r, memberCount: Number(r.memberCount) });

export async function findNetworks(db: Db, programmeId: number, limit: number, offset: number) {
	const rows = await networkQuery(db)
		.where('n.programmeId', '=', programmeId)
		.orderBy('n.startsOn', 'desc')
		.orderBy('n.id', 'desc')
		.limit(limit)
		.offset(offset)
		.execute();
	return (rows as NetworkRow[]).map(normalise);
}

export async function countNetworks(db: Db, programmeId: number): Promise<number> {
	const row = await db
		.selectFrom('networks')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('programmeId', '=', programmeId)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

export async function findNetwork(db: Db, id: number): Promise<NetworkRow | undefined> {
	const row = await networkQuery(db).where('n.id', '=', id).executeTakeFirst();
	return row ? normalise(row as NetworkRow) : undefined;
}

export async function insertNetwork(db: Executor, values: Insertable<NetworkTable>): Promise<number> {
	return (await db.insertInto('networks').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateNetworkRow(
	db: Executor,
	id: number,
	values: {
		name: string;
		purpose: string;
		reach: 'programme' | 'national';
		contactPersonId: number | null;
		startsOn: string;
	}
): Promise<void> {
	await db
		.updateTable('networks')
		.set({ ...values, updatedAt: nowIso() })
		.where('id', '=', id)
		.execute();
}

export async function membersOf(db: Db, networkId: number) {
	return db
		.selectFrom('networkMembers as m')
		.leftJoin('people as p', 'p.id', 'm.personId')
		.leftJoin('units as u', 'u.id', 'p.unitId')
		.select([
			'm.id',
			'm.personId',
			'p.name as personName',
			'u.name as unitName',
			'm.externalName',
			'm.externalOrganisation',
			'm.externalEmail'
		])
		.where('m.networkId', '=', networkId)
		.orderBy('m.id')
		.limit(1000)
		.execute();
}

export async function insertMember(
	db: Executor,
	values: {
		networkId: number;
		personId: number | null;
		externalName: string | null;
		externalOrganisation: string | null;
		externalEmail: string | null;
	}
): Promise<boolean> {
	const r = await db
		.insertInto('networkMembers')
		.values(values)
		.onConflict((oc) => oc.columns(['personId', 'networkId']).doNothing())
		.executeTakeFirst();
	return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteMember(db: Executor, networkId: number, memberId: number): Promise<boolean> {
	const r = await db
		.deleteFrom('networkMembers')
		.where('networkId', '=', networkId)
		.where('id', '=', memberId)
		.executeTakeFirst();
	return Number(r.numDeletedRows) > 0;
}

export async function meetingsOf(db: Db, networkId: number) {
	return db
		.selectFrom('networkMeetings')
		.select(['id', 'meetsOn', 'place', 'notes'])
		.where('networkId', '=', networkId)
		.orderBy('meetsOn', 'desc')
		.limit(200)
		.execute();
}

export async function insertMeeting(
	db: Executor,
	values: { networkId: number; meetsOn: string; place: string | null; notes: string }
): Promise<number> {
	return (await db.insertInto('networkMeetings').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** Networks of a programme that started within [from, to] (dates inclusive). */
export async function countStarted(db: Db, programmeId: number, from: string, to: string): Promise<number> {
	const row = await db
		.selectFrom('networks')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('programmeId', '=', programmeId)
		.where('startsOn', '>=', from)
		.where('startsOn', '<=', to)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** Is the person active staff of the programme (a contact person or member must be)? */
export async function isProgrammePerson(db: Db, personId: number, programmeId: number): Promise<boolean> {
	const row = await db
		.selectFrom('people')
		.select('id')
		.where('id', '=', personId)
		.where('programmeId', '=', programmeId)
		.where('deactivatedAt', 'is', null)
		.executeTakeFirst();
	return row !== undefined;
}

/** The active person of the programme with this e-mail, if any. */
export async function personIdByEmail(
	db: Db,
	programmeId: number,
	email: string
): Promise<number | undefined> {
	const row = await db
		.selectFrom('people')
		.select('id')
		.where('emailNormalized', '=', email.trim().toLowerCase())
		.where('programmeId', '=', programmeId)
		.where('deactivatedAt', 'is', null)
		.executeTakeFirst();
	return row?.id;
}

/** Networks of a programme whose name contains `term`, newest first, at most `limit` (a picker). */
export async function findNetworksByName(db: Db, programmeId: number, term: string, limit: number) {
	return db
		.selectFrom('networks')
		.select(['id', 'name'])
		.where('programmeId', '=', programmeId)
		.where((eb) => containsInsensitive(dialect(db), eb.ref('name'), term))
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}
