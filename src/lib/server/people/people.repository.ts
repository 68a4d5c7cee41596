import { CompiledQuery, sql, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import { dialect } from '../db/database.ts';
import { containsInsensitive, nowIso, unitSetOperand, type UnitSet } from '../db/sql.ts';
import type { JobCategory, Locale, NewPerson, PersonUpdate, Role } from '../db/schema.ts';
import type { PersonScope } from '../policy/policy.ts';

/**
 * Queries on `people` and `role_assignments`. No permission logic here: callers pass the
 * scope the policy computed (see people.service.ts). Unit names come from
 * organisation.service. One exception: `revokeAccess` ends a deactivated person's sessions
 * and tokens (auth's tables) in the deactivation's own transaction, because auth depends on
 * people (accounts) and people may not call auth back without an import cycle.
 */

/** Columns every view of a person needs; never `passwordHash`. */
const PERSON_COLUMNS = [
	'people.id',
	'people.programmeId',
	'people.unitId',
	'people.name',
	'people.email',
	'people.jobCategory',
	'people.gender',
	'people.roleStartedOn',
	'people.hourlyCost',
	'people.locale',
	'people.deactivatedAt',
	'people.createdAt',
	'people.updatedAt'
] as const;

export interface PersonFilter {
	programmeId: number;
	scope: PersonScope;
	q?: string | undefined;
	/** Already expanded to descendants when asked for. */
	unitIds?: readonly number[] | undefined;
	jobCategory?: JobCategory | undefined;
	status: 'active' | 'deactivated' | 'all';
}

function filtered(db: Db, f: PersonFilter) {
	let query = db.selectFrom('people').where('people.programmeId', '=', f.programmeId);
	// The policy's scope as one WHERE clause, so a list is never checked row by row.
	const scope = f.scope;
	if (scope.kind === 'self') query = query.where('people.id', '=', scope.personId);
	else if (scope.kind === 'units')
		query = query.where((eb) =>
			eb.or([
				...(scope.unitIds.length > 0 ? [eb('people.unitId', 'in', scope.unitIds)] : []),
				eb('people.id', '=', scope.personId)
			])
		);
	const q = f.q?.trim();
	if (q) {
		const d = dialect(db);
		query = query.where((eb) =>
			eb.or([
				containsInsensitive(d, eb.ref('people.name'), q),
				containsInsensitive(d, eb.ref('people.email'), q)
			])
		);
	}
	if (f.unitIds)
		query =
			f.unitIds.length > 0 ? query.where('people.unitId', 'in', f.unitIds) : query.where(sql<SqlBool>`1 = 0`);
	if (f.jobCategory) query = query.where('people.jobCategory', '=', f.jobCategory);
	if (f.status === 'active') query = query.where('people.deactivatedAt', 'is', null);
	else if (f.status === 'deactivated') query = query.where('people.deactivatedAt', 'is not', null);
	return query;
}

/** One page of people matching the filter, sorted by name, plus the total count. */
export async function findPeople(
	db: Db,
	f: PersonFilter,
	paging: { page: number; pageSize: number }
): Promise<{ rows: PersonRecord[]; total: number }> {
	const [rows, count] = await Promise.all([
		filtered(db, f)
			.select(PERSON_COLUMNS)
			.orderBy('people.name')
			.orderBy('people.id')
			.limit(paging.pageSize)
			.offset((paging.page - 1) * paging.pageSize)
			.execute(),
		filtered(db, f)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(count.n) };
}

/** A person's row without the password hash; people.service adds the unit's name. */
export type PersonRecord = Awaited<ReturnType<typeof findPersonById>> & {};

/** One person, or undefined. */
export async function findPersonById(db: Db, id: number) {
	return db.selectFrom('people').select(PERSON_COLUMNS).where('people.id', '=', id).executeTakeFirst();
}

/** Id of the person holding this e-mail (case-insensitive), if any. */
export async function findPersonIdByEmail(db: Db, email: string): Promise<number | undefined> {
	const row = await db
		.selectFrom('people')
		.select('id')
		.where('emailNormalized', '=', normalizeEmail(email))
		.executeTakeFirst();
	return row?.id;
}

/** The form stored in `email_normalized`, which carries the unique index. */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** Inserts a person; `emailNormalized` and `updatedAt` are filled here. Returns the new id. */
export async function insertPerson(db: Db, values: Omit<NewPerson, 'emailNormalized' | 'updatedAt'>) {
	const row = await db
		.insertInto('people')
		.values({ ...values, emailNormalized: normalizeEmail(values.email), updatedAt: nowIso() })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Updates a person's columns, keeping `emailNormalized` in step with `email`. */
export async function updatePersonRow(db: Db, id: number, values: PersonUpdate): Promise<void> {
	const set: PersonUpdate = { ...values, updatedAt: nowIso() };
	if (values.email !== undefined) set.emailNormalized = normalizeEmail(values.email);
	await db.updateTable('people').set(set).where('id', '=', id).execute();
}

/** Ends every session and revokes every API token of a person (deactivation; see the note at the top). */
export async function revokeAccess(db: Db, personId: number): Promise<void> {
	await db.deleteFrom('authSessions').where('personId', '=', personId).execute();
	await db
		.updateTable('apiTokens')
		.set({ revokedAt: nowIso() })
		.where('personId', '=', personId)
		.where('revokedAt', 'is', null)
		.execute();
}

/** A person's role assignments. */
export async function findRoles(db: Db, personId: number) {
	return db
		.selectFrom('roleAssignments')
		.select(['id', 'personId', 'role', 'programmeId', 'unitId', 'createdAt'])
		.where('personId', '=', personId)
		.orderBy('id')
		.execute();
}

/** One role assignment by id. */
export async function findRoleAssignment(db: Db, id: number) {
	return db.selectFrom('roleAssignments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Is there already an identical assignment (NULL-safe comparison)? */
export async function roleExists(
	db: Db,
	a: { personId: number; role: Role; programmeId: number | null; unitId: number | null }
): Promise<boolean> {
	let q = db
		.selectFrom('roleAssignments')
		.select('id')
		.where('personId', '=', a.personId)
		.where('role', '=', a.role);
	q =
		a.programmeId === null ? q.where('programmeId', 'is', null) : q.where('programmeId', '=', a.programmeId);
	q = a.unitId === null ? q.where('unitId', 'is', null) : q.where('unitId', '=', a.unitId);
	return (await q.executeTakeFirst()) !== undefined;
}

/** Inserts a role assignment; returns its id. */
export async function insertRole(
	db: Db,
	a: { personId: number; role: Role; programmeId: number | null; unitId: number | null }
): Promise<number> {
	const row = await db.insertInto('roleAssignments').values(a).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

/** Deletes a role assignment (roles are revoked by deletion; the audit log keeps the history). */
export async function deleteRole(db: Db, id: number): Promise<void> {
	await db.deleteFrom('roleAssignments').where('id', '=', id).execute();
}

// ---- for surveys

/** Filters of `activeStaffRows`; `personIds` and `emails` together match either. */
export interface ActiveStaffFilter {
	programmeId?: number;
	unitIds?: readonly number[];
	jobCategories?: readonly JobCategory[];
	personIds?: readonly number[];
	/** Normalised (trimmed, lower case). */
	emails?: readonly string[];
}

/** Active (not deactivated) people matching every given filter, by id. */
export async function activeStaffRows(db: Db, filter: ActiveStaffFilter) {
	let q = db
		.selectFrom('people')
		.select(['people.id', 'people.name', 'people.email', 'people.unitId', 'people.locale'])
		.where('people.deactivatedAt', 'is', null);
	if (filter.programmeId !== undefined) q = q.where('people.programmeId', '=', filter.programmeId);
	if (filter.unitIds) {
		if (filter.unitIds.length === 0) return [];
		q = q.where('people.unitId', 'in', [...filter.unitIds]);
	}
	if (filter.jobCategories) {
		if (filter.jobCategories.length === 0) return [];
		q = q.where('people.jobCategory', 'in', [...filter.jobCategories]);
	}
	if (filter.personIds || filter.emails) {
		const ids = filter.personIds ?? [];
		const emails = filter.emails ?? [];
		if (ids.length === 0 && emails.length === 0) return [];
		q = q.where((eb) =>
			eb.or([
				...(emails.length ? [eb('people.emailNormalized', 'in', [...emails])] : []),
				...(ids.length ? [eb('people.id', 'in', [...ids])] : [])
			])
		);
	}
	return q.orderBy('people.id').execute();
}

/** What a survey response records of its respondent (and whether they are still active). */
export async function respondentRow(db: Db, personId: number) {
	return db
		.selectFrom('people')
		.select(['unitId', 'jobCategory', 'gender', 'roleStartedOn', 'locale', 'deactivatedAt'])
		.where('id', '=', personId)
		.executeTakeFirst();
}
// ---- for catalogue

/** A person's job category (null when unknown or not set). */
export async function findJobCategory(db: Db, personId: number): Promise<JobCategory | null> {
	const row = await db
		.selectFrom('people')
		.select('jobCategory')
		.where('id', '=', personId)
		.executeTakeFirst();
	return row?.jobCategory ?? null;
}

/** Active holders of `role` in a programme (limited to `unitIds` when given): id, name, e-mail, language. */
export async function findRoleHolders(db: Db, programmeId: number, role: Role, unitIds?: readonly number[]) {
	let query = db
		.selectFrom('roleAssignments')
		.innerJoin('people', 'people.id', 'roleAssignments.personId')
		.select(['people.id', 'people.name', 'people.email', 'people.locale'])
		.distinct()
		.where('people.deactivatedAt', 'is', null)
		.where('roleAssignments.programmeId', '=', programmeId)
		.where('roleAssignments.role', '=', role);
	if (unitIds) query = query.where('roleAssignments.unitId', 'in', [...unitIds]);
	return query.orderBy('people.id').execute();
}

/** People of a programme (staff or role holders), active only, among `ids`. */
export async function findProgrammePeopleAmong(
	db: Db,
	programmeId: number,
	ids: number[]
): Promise<Set<number>> {
	if (ids.length === 0) return new Set();
	const rows = await db
		.selectFrom('people')
		.select('id')
		.where('id', 'in', ids)
		.where('deactivatedAt', 'is', null)
		.where((eb) =>
			eb.or([
				eb('programmeId', '=', programmeId),
				eb.exists(
					eb
						.selectFrom('roleAssignments as r')
						.whereRef('r.personId', '=', 'people.id')
						.where('r.programmeId', '=', programmeId)
						.select('r.id')
				)
			])
		)
		.execute();
	return new Set(rows.map((r) => r.id));
}

/**
 * People holding the trainer role in a programme, plus `extraIds` (current trainers). From the
 * role holders to the people (an `in` over the role index), not a correlated `exists` per
 * person: that read all 100,000 people of a national programme for a handful of trainers.
 */
export async function findTrainerCandidates(db: Db, programmeId: number, extraIds: number[] = []) {
	return db
		.selectFrom('people')
		.select(['id', 'name'])
		.where('deactivatedAt', 'is', null)
		.where((eb) =>
			eb.or([
				eb(
					'id',
					'in',
					eb
						.selectFrom('roleAssignments as r')
						.where('r.programmeId', '=', programmeId)
						.where('r.role', '=', 'trainer')
						.select('r.personId')
				),
				...(extraIds.length > 0 ? [eb('id', 'in', extraIds)] : [])
			])
		)
		.orderBy('name')
		.limit(1000)
		.execute();
}

// ---- for registrations

/** The person a registration is for, as the rules need them. */
export async function findRegistrantFacts(db: Db, personId: number) {
	return db
		.selectFrom('people')
		.select(['id', 'name', 'programmeId', 'unitId', 'deactivatedAt'])
		.where('id', '=', personId)
		.executeTakeFirst();
}

/**
 * One page of active staff in the given units (or the whole programme), by name, leaving out
 * `exceptId`, and how many there are: the "register my team" list.
 */
export async function findStaffPage(
	db: Db,
	programmeId: number,
	unitIds: number[] | undefined,
	paging: { limit: number; offset: number; exceptId?: number }
) {
	let q = db
		.selectFrom('people as p')
		.where('p.programmeId', '=', programmeId)
		.where('p.deactivatedAt', 'is', null)
		.where('p.unitId', 'is not', null);
	if (unitIds) q = q.where('p.unitId', 'in', unitIds.length ? unitIds : [-1]);
	if (paging.exceptId !== undefined) q = q.where('p.id', '!=', paging.exceptId);
	const [rows, count] = await Promise.all([
		q
			.leftJoin('units as u', 'u.id', 'p.unitId')
			.select(['p.id', 'p.name', 'u.name as unitName'])
			.orderBy('p.name')
			.orderBy('p.id')
			.limit(paging.limit)
			.offset(paging.offset)
			.execute(),
		q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(count.n) };
}

// ---- for plans and processes

/** A person's facts for other domains' policy resources and checks, or undefined. */
export async function findPersonFacts(db: Db, id: number) {
	return db
		.selectFrom('people')
		.select(['id', 'name', 'programmeId', 'unitId', 'deactivatedAt'])
		.where('id', '=', id)
		.executeTakeFirst();
}

/** Active people in the units, as a query to nest (columns `id`, `name`, `unitId`). */
export function activePeopleInUnitsQuery(db: Db, unitIds: readonly number[]) {
	return db
		.selectFrom('people')
		.select(['id', 'name', 'unitId'])
		.where('unitId', 'in', unitIds.length === 0 ? [-1] : [...unitIds])
		.where('deactivatedAt', 'is', null);
}

/**
 * Active people of a programme whose name or e-mail contains `term` (id, name, unit, e-mail),
 * by name, at most `limit`: a picker's matches, never the whole programme.
 */
export async function searchActivePeople(db: Db, programmeId: number, term: string, limit: number) {
	return db
		.selectFrom('people')
		.select(['id', 'name', 'unitId', 'email'])
		.where('programmeId', '=', programmeId)
		.where('deactivatedAt', 'is', null)
		.where((eb) =>
			eb.or([
				containsInsensitive(dialect(db), eb.ref('name'), term),
				containsInsensitive(dialect(db), eb.ref('email'), term)
			])
		)
		.orderBy('name')
		.orderBy('id')
		.limit(limit)
		.execute();
}

/**
 * Coverage's people as a query to join or nest (columns `id`, `name`, `unitId`, `manager`
 * 0/1), never loaded here: active staff of the units, and active managers of them with a
 * manager role's unit when they are not staff there. One row a person.
 */
export function staffAndManagersOfUnitsQuery(db: Db, programmeId: number, unitIds: UnitSet) {
	const ids = () => unitSetOperand(unitIds);
	const managerRole = (personId: 'people.id' | 'pe.id') =>
		db
			.selectFrom('roleAssignments as ra')
			.select('ra.id')
			.where('ra.personId', '=', sql.ref<number>(personId))
			.where('ra.role', '=', 'manager')
			.where('ra.programmeId', '=', programmeId)
			.where('ra.unitId', 'in', ids());
	const staff = db
		.selectFrom('people')
		.select((eb) => [
			'people.id',
			'people.name',
			'people.unitId',
			eb
				.case()
				.when(eb.exists(managerRole('people.id')))
				.then(1)
				.else(0)
				.end()
				.as('manager')
		])
		.where('people.programmeId', '=', programmeId)
		.where('people.unitId', 'in', ids())
		.where('people.deactivatedAt', 'is', null);
	// Managers who are not staff of the units: with a managed unit (the first, if several).
	const managersOnly = db
		.selectFrom('roleAssignments as ra')
		.innerJoin('people as pe', 'pe.id', 'ra.personId')
		.select((eb) => ['pe.id', 'pe.name', eb.fn.min('ra.unitId').as('unitId'), sql<number>`1`.as('manager')])
		.where('ra.role', '=', 'manager')
		.where('ra.programmeId', '=', programmeId)
		.where('ra.unitId', 'in', ids())
		.where('pe.deactivatedAt', 'is', null)
		.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('people as s')
						.select('s.id')
						.whereRef('s.id', '=', 'pe.id')
						.where('s.programmeId', '=', programmeId)
						.where('s.unitId', 'in', ids())
				)
			)
		)
		.groupBy(['pe.id', 'pe.name']);
	return db
		.selectFrom(staff.unionAll(managersOnly).as('sm'))
		.select(['sm.id', 'sm.name', 'sm.unitId', 'sm.manager']);
}

/** Names of people by id (unknown ids are left out). */
export async function personNames(db: Db, ids: readonly (number | null)[]): Promise<Map<number, string>> {
	const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
	if (wanted.length === 0) return new Map();
	const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', wanted).execute();
	return new Map(rows.map((r) => [r.id, r.name]));
}

// ---- accounts (for auth, the CLI and the actor loader)

const ACCOUNT_COLUMNS = [
	'id',
	'name',
	'email',
	'locale',
	'programmeId',
	'passwordHash',
	'deactivatedAt',
	'emailNormalized'
] as const;

/** What signing in and password resets need of the person with this normalized e-mail. */
export async function findAccountByEmail(db: Db, emailNormalized: string) {
	return db
		.selectFrom('people')
		.select(ACCOUNT_COLUMNS)
		.where('emailNormalized', '=', emailNormalized)
		.executeTakeFirst();
}

/** The same by id. */
export async function findAccountById(db: Db, id: number) {
	return db.selectFrom('people').select(ACCOUNT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/**
 * Stores a password hash; with `activeOnly` a deactivated person is left alone. The person's
 * programme and e-mail key, or undefined when no row was updated.
 */
export async function updatePasswordHash(
	db: Db,
	id: number,
	passwordHash: string,
	options: { activeOnly?: boolean; now?: string } = {}
) {
	let q = db
		.updateTable('people')
		.set({ passwordHash, updatedAt: options.now ?? nowIso() })
		.where('id', '=', id);
	if (options.activeOnly) q = q.where('deactivatedAt', 'is', null);
	return q.returning(['programmeId', 'emailNormalized']).executeTakeFirst();
}

export async function updateLocale(db: Db, id: number, locale: Locale): Promise<void> {
	await db.updateTable('people').set({ locale, updatedAt: nowIso() }).where('id', '=', id).execute();
}

/** One row of `findActorRows`: the person, and one of their roles (null when they hold none). */
export interface ActorRow {
	id: number;
	name: string;
	email: string;
	programmeId: number | null;
	unitId: number | null;
	locale: Locale | null;
	deactivatedAt: string | null;
	role: Role | null;
	roleProgrammeId: number | null;
	roleUnitId: number | null;
}

/**
 * The signed-in person and their role rows in ONE indexed statement (primary key, then
 * `role_assignments_person`), written out once: it runs on every signed-in request, where
 * building two queries with the query builder cost more than running them. One row per role,
 * or one row with a null role for a person without any; no row for an unknown id.
 */
export async function findActorRows(db: Db, personId: number): Promise<ActorRow[]> {
	const placeholder = dialect(db) === 'postgres' ? '$1' : '?';
	const result = await db.executeQuery<ActorRow>(
		CompiledQuery.raw(
			`select p.id, p.name, p.email, p.programme_id, p.unit_id, p.locale, p.deactivated_at,
				r.role, r.programme_id as role_programme_id, r.unit_id as role_unit_id
			from people p left join role_assignments r on r.person_id = p.id
			where p.id = ${placeholder}
			order by r.id`,
			[personId]
		)
	);
	return result.rows;
}

/** Does the person hold `role` (in any programme or none)? */
export async function hasRoleRow(db: Db, personId: number, role: Role): Promise<boolean> {
	const row = await db
		.selectFrom('roleAssignments')
		.select('id')
		.where('personId', '=', personId)
		.where('role', '=', role)
		.executeTakeFirst();
	return row !== undefined;
}

/** Which of these normalised e-mails already belong to someone (in any programme). */
export async function findTakenEmails(db: Db, emails: string[]): Promise<Set<string>> {
	const taken = new Set<string>();
	const unique = [...new Set(emails)];
	for (let i = 0; i < unique.length; i += 500) {
		const rows = await db
			.selectFrom('people')
			.select('emailNormalized')
			.where('emailNormalized', 'in', unique.slice(i, i + 500))
			.execute();
		for (const r of rows) taken.add(r.emailNormalized);
	}
	return taken;
}

// ---- for home

/** Active people per unit, for the given units. */
export async function countActiveByUnit(db: Db, unitIds: readonly number[]): Promise<Map<number, number>> {
	const rows = await db
		.selectFrom('people')
		.select(['unitId', (eb) => eb.fn.countAll<number>().as('count')])
		.where('unitId', 'in', [...unitIds])
		.where('deactivatedAt', 'is', null)
		.groupBy('unitId')
		.execute();
	return new Map(rows.map((r) => [r.unitId as number, Number(r.count)]));
}

/** The first `limit` active people (by name) in the given units, and how many there are. */
export async function findActiveInUnits(db: Db, unitIds: readonly number[], limit: number) {
	const base = db
		.selectFrom('people')
		.where('people.unitId', 'in', [...unitIds])
		.where('people.deactivatedAt', 'is', null);
	const [items, total] = await Promise.all([
		base
			.select(['people.id', 'people.name', 'people.email', 'people.unitId'])
			.orderBy('people.name')
			.orderBy('people.id')
			.limit(limit)
			.execute(),
		base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()
	]);
	return { items, total: Number(total.count) };
}

/** People of a programme by job category and active/deactivated, in one grouped query. */
export async function countByJobAndStatus(db: Db, programmeId: number) {
	const active = sql<number>`case when deactivated_at is null then 1 else 0 end`;
	const rows = await db
		.selectFrom('people')
		.select(['jobCategory', active.as('active'), (eb) => eb.fn.countAll<number>().as('count')])
		.where('programmeId', '=', programmeId)
		.groupBy(['jobCategory', active])
		.execute();
	return rows.map((r) => ({
		jobCategory: r.jobCategory,
		active: Number(r.active) === 1,
		count: Number(r.count)
	}));
}

/** How many active people hold each stored role in a programme. */
export async function countRoleHolders(db: Db, programmeId: number): Promise<Map<Role, number>> {
	const rows = await db
		.selectFrom('roleAssignments')
		.innerJoin('people', 'people.id', 'roleAssignments.personId')
		.select([
			'roleAssignments.role',
			(eb) => eb.fn.count<number>('roleAssignments.personId').distinct().as('count')
		])
		.where('roleAssignments.programmeId', '=', programmeId)
		.where('people.deactivatedAt', 'is', null)
		.groupBy('roleAssignments.role')
		.execute();
	return new Map(rows.map((r) => [r.role, Number(r.count)]));
}

/** Active staff per programme. */
export async function countActiveByProgramme(db: Db): Promise<Map<number | null, number>> {
	const rows = await db
		.selectFrom('people')
		.select(['programmeId', (eb) => eb.fn.countAll<number>().as('count')])
		.where('deactivatedAt', 'is', null)
		.where('programmeId', 'is not', null)
		.groupBy('programmeId')
		.execute();
	return new Map(rows.map((r) => [r.programmeId, Number(r.count)]));
}

/** A person's own details for the home page. */
export function findOwnDetails(db: Db, personId: number) {
	return db
		.selectFrom('people')
		.select(['email', 'jobCategory', 'roleStartedOn'])
		.where('id', '=', personId)
		.executeTakeFirst();
}

/** E-mail and name of the given people (xAPI actors: `mbox` by address, `name`). */
export async function findPersonEmails(
	db: Db,
	ids: readonly number[]
): Promise<Map<number, { email: string; name: string }>> {
	const wanted = [...new Set(ids)];
	if (wanted.length === 0) return new Map();
	const rows = await db
		.selectFrom('people')
		.select(['id', 'email', 'name'])
		.where('id', 'in', wanted)
		.execute();
	return new Map(rows.map((r) => [r.id, { email: r.email, name: r.name }]));
}
