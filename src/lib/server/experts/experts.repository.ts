import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import { dialect } from '../db/database.ts';
import type { Database, ExpertAreaKind } from '../db/schema.ts';
import { containsInsensitive, nowIso } from '../db/sql.ts';
import type { ExpertQuery } from './experts.schema.ts';

/**
 * Queries of the expert directory. The listing joins `people` (read only) so that a
 * deactivated person, or one who moved to another programme, drops out in SQL; filters are
 * `exists` on `expert_areas` (indexed by programme, kind, value).
 */

type Executor = Db | Kysely<Database>;

export interface ProfileRow {
	personId: number;
	programmeId: number;
	listed: number;
	helpWith: string;
	contact: string;
	updatedAt: string;
	name: string;
	email: string;
	unitId: number | null;
	unitName: string | null;
}

function listedQuery(db: Db, programmeId: number, q: Omit<ExpertQuery, 'page'>) {
	let query = db
		.selectFrom('expertProfiles as e')
		.innerJoin('people as p', 'p.id', 'e.personId')
		.leftJoin('units as u', 'u.id', 'p.unitId')
		.where('e.programmeId', '=', programmeId)
		.where('e.listed', '=', 1)
		.where('p.deactivatedAt', 'is', null)
		.where('p.programmeId', '=', programmeId);
	if (q.subject) {
		const subject = q.subject;
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('expertAreas as a')
					.select('a.personId')
					.whereRef('a.personId', '=', 'e.personId')
					.where('a.programmeId', '=', programmeId)
					.where('a.kind', 'in', ['subject', 'tag'])
					.where('a.value', '=', subject.toLowerCase())
			)
		);
	}
	if (q.language) {
		const language = q.language;
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('expertAreas as a')
					.select('a.personId')
					.whereRef('a.personId', '=', 'e.personId')
					.where('a.programmeId', '=', programmeId)
					.where('a.kind', '=', 'language')
					.where('a.value', '=', language)
			)
		);
	}
	if (q.unitId) query = query.where('p.unitId', '=', q.unitId);
	if (q.q) {
		const d = dialect(db);
		const term = q.q;
		query = query.where((eb) =>
			eb.or([
				containsInsensitive(d, eb.ref('p.name'), term),
				containsInsensitive(d, eb.ref('e.helpWith'), term)
			])
		);
	}
	return query;
}

/** One page of listed, active experts matching the filters, by name. */
export async function findListed(db: Db, programmeId: number, q: ExpertQuery, limit: number, offset: number) {
	return listedQuery(db, programmeId, q)
		.select([
			'e.personId',
			'e.programmeId',
			'e.listed',
			'e.helpWith',
			'e.contact',
			'e.updatedAt',
			'p.name',
			'p.email',
			'p.unitId',
			'u.name as unitName'
		])
		.orderBy('p.name')
		.orderBy('e.personId')
		.limit(limit)
		.offset(offset)
		.execute() as Promise<ProfileRow[]>;
}

export async function countListed(db: Db, programmeId: number, q: ExpertQuery): Promise<number> {
	const row = await listedQuery(db, programmeId, q)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** A profile with its person (whether listed or not, active or not: the caller decides). */
export async function findProfile(
	db: Db,
	personId: number
): Promise<(ProfileRow & { deactivatedAt: string | null; locale: string }) | undefined> {
	return db
		.selectFrom('expertProfiles as e')
		.innerJoin('people as p', 'p.id', 'e.personId')
		.leftJoin('units as u', 'u.id', 'p.unitId')
		.select([
			'e.personId',
			'e.programmeId',
			'e.listed',
			'e.helpWith',
			'e.contact',
			'e.updatedAt',
			'p.name',
			'p.email',
			'p.unitId',
			'u.name as unitName'
		])
		.select(['p.deactivatedAt', 'p.locale'])
		.where('e.personId', '=', personId)
		.executeTakeFirst() as Promise<
		(ProfileRow & { deactivatedAt: string | null; locale: string }) | undefined
	>;
}

/** Is the person active and staff of the programme (for showing a profile)? */
export async function isActiveIn(db: Db, personId: number, programmeId: number): Promise<boolean> {
	const row = await db
		.selectFrom('people')
		.select('id')
		.where('id', '=', personId)
		.where('programmeId', '=', programmeId)
		.where('deactivatedAt', 'is', null)
		.executeTakeFirst();
	return row !== undefined;
}

/** Areas of some profiles (a page of them), grouped by person. */
export async function areasOf(db: Db, personIds: readonly number[]) {
	const out = new Map<number, { kind: ExpertAreaKind; value: string }[]>();
	if (personIds.length === 0) return out;
	const rows = await db
		.selectFrom('expertAreas')
		.select(['personId', 'kind', 'value'])
		.where('personId', 'in', [...personIds])
		.orderBy('kind')
		.orderBy('value')
		.execute();
	for (const r of rows) {
		const list = out.get(r.personId) ?? [];
		list.push({ kind: r.kind, value: r.value });
		out.set(r.personId, list);
	}
	return out;
}

/** Writes a profile and replaces its areas (the caller's transaction). */
export async function saveProfile(
	trx: Executor,
	values: { personId: number; programmeId: number; listed: number; helpWith: string; contact: string },
	areas: { kind: ExpertAreaKind; value: string }[]
): Promise<void> {
	const updatedAt = nowIso();
	await trx
		.insertInto('expertProfiles')
		.values({ ...values, updatedAt })
		.onConflict((oc) =>
			oc.column('personId').doUpdateSet({
				programmeId: values.programmeId,
				listed: values.listed,
				helpWith: values.helpWith,
				contact: values.contact,
				updatedAt
			})
		)
		.execute();
	await trx.deleteFrom('expertAreas').where('personId', '=', values.personId).execute();
	if (areas.length > 0)
		await trx
			.insertInto('expertAreas')
			.values(areas.map((a) => ({ personId: values.personId, programmeId: values.programmeId, ...a })))
			.execute();
}

export async function subjectsOf(db: Db, programmeId: number) {
	return db
		.selectFrom('expertSubjects')
		.select(['id', 'name'])
		.where('programmeId', '=', programmeId)
		.orderBy('name')
		.limit(500)
		.execute();
}

export async function insertSubject(db: Db, programmeId: number, name: string): Promise<boolean> {
	const r = await db
		.insertInto('expertSubjects')
		.values({ programmeId, name })
		.onConflict((oc) => oc.columns(['programmeId', 'name']).doNothing())
		.executeTakeFirst();
	return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Listed, active experts of a programme (a count for the directory's header and the demo check). */
export async function countAllListed(db: Db, programmeId: number): Promise<number> {
	return countListed(db, programmeId, { page: 1 });
}
