import type { Db } from '../db/database.ts';
import { containsText, nowIso, replaceText } from '../db/sql.ts';

/** The people domain's part of a person's data export and erasure (see core/personal-data.ts). */

export function profileOf(db: Db, personId: number) {
	return db
		.selectFrom('people')
		.select([
			'id',
			'programmeId',
			'unitId',
			'name',
			'email',
			'jobCategory',
			'gender',
			'roleStartedOn',
			'hourlyCost',
			'locale',
			'deactivatedAt',
			'createdAt',
			'updatedAt'
		])
		.where('id', '=', personId)
		.execute();
}

export function rolesOf(db: Db, personId: number) {
	return db
		.selectFrom('roleAssignments')
		.select(['id', 'role', 'programmeId', 'unitId', 'createdAt'])
		.where('personId', '=', personId)
		.orderBy('id')
		.execute();
}

/** Imports the person ran: the file's facts, never its rows (other people's data). */
export function importsRunBy(db: Db, personId: number) {
	return db
		.selectFrom('importJobs')
		.select([
			'id',
			'programmeId',
			'kind',
			'fileName',
			'rowCount',
			'errorCount',
			'status',
			'createdAt',
			'finishedAt'
		])
		.where('personId', '=', personId)
		.orderBy('id')
		.execute();
}

export async function countPeopleRows(db: Db, personId: number, name: string, email: string) {
	const [roles, imports] = await Promise.all([
		db
			.selectFrom('roleAssignments')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('personId', '=', personId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('importJobs')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where((eb) => eb.or([containsText(eb.ref('rows'), name), containsText(eb.ref('rows'), email)]))
			.executeTakeFirstOrThrow()
	]);
	return { roles: Number(roles.n), importsMentioning: Number(imports.n) };
}

/** Identifying fields replaced; unit, job category, gender and cost stay for the reports' counts. */
export async function anonymisePerson(
	trx: Db,
	personId: number,
	p: { name: string; email: string; placeholderName: string; placeholderEmail: string }
) {
	await trx
		.updateTable('people')
		.set({
			name: p.placeholderName,
			email: p.placeholderEmail,
			emailNormalized: p.placeholderEmail,
			passwordHash: null,
			locale: null,
			updatedAt: nowIso()
		})
		.where('id', '=', personId)
		.execute();
	await trx.deleteFrom('roleAssignments').where('personId', '=', personId).execute();
	// Import files keep the rows as imported: the person's copy there goes too.
	for (const [from, to] of [
		[p.email, p.placeholderEmail],
		[p.name, p.placeholderName]
	] as const)
		await trx
			.updateTable('importJobs')
			.set((eb) => ({ rows: replaceText(eb.ref('rows'), from, to) }))
			.where((eb) => containsText(eb.ref('rows'), from))
			.execute();
}

/** Who the person is, for erasure (the policy's person resource and the texts to scrub). */
export function identityOf(db: Db, personId: number) {
	return db
		.selectFrom('people')
		.select(['id', 'name', 'email', 'programmeId', 'unitId', 'deactivatedAt'])
		.where('id', '=', personId)
		.executeTakeFirst();
}

/** Erased people keep a placeholder address on this reserved domain (RFC 2606). */
export const ERASED_DOMAIN = 'erased.invalid';

/** People of a programme deactivated before `cutoff` and not yet erased, a batch at a time. */
export function inactiveSince(db: Db, programmeId: number, cutoff: string, limit: number) {
	return db
		.selectFrom('people')
		.select('id')
		.where('programmeId', '=', programmeId)
		.where('deactivatedAt', '<', cutoff)
		.where('emailNormalized', 'not like', '%@' + ERASED_DOMAIN)
		.orderBy('id')
		.limit(limit)
		.execute();
}

export async function countInactiveSince(db: Db, programmeId: number, cutoff: string) {
	const row = await db
		.selectFrom('people')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('programmeId', '=', programmeId)
		.where('deactivatedAt', '<', cutoff)
		.where('emailNormalized', 'not like', '%@' + ERASED_DOMAIN)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
