import { PICKER_LIMIT, pickMatches } from '../core/picker.ts';
import { FieldsRuleError, requireChanges } from '../core/errors.ts';
import type { z } from 'zod';
import { type Locale, type MessageKey } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import {
	activeStaffRows,
	respondentRow,
	searchActivePeople as searchActivePeopleRows,
	type ActiveStaffFilter
} from './people.repository.ts';
import type { Gender, JobCategory, Locale as PersonLocale, PersonUpdate, Role } from '../db/schema.ts';
import { parseInput, type FieldErrors } from '../core/validation.ts';
import { descendantUnitIds, getUnit, unitNamesOf } from '../organisation/organisation.service.ts';
import {
	AccessDeniedError,
	authorize,
	can,
	mayHandleRoleKind,
	personScope,
	type Actor,
	type Resource
} from '../policy/policy.ts';
import {
	deleteRole,
	findPeople,
	findPersonById as findPersonRecord,
	findPersonIdByEmail,
	findRoleAssignment,
	findRoles,
	insertPerson,
	insertRole,
	revokeAccess,
	roleExists,
	findAccountByEmail,
	findAccountById,
	updateLocale,
	updatePasswordHash,
	hasRoleRow,
	countActiveByProgramme,
	countActiveByUnit,
	countByJobAndStatus,
	countRoleHolders,
	findActiveInUnits,
	findOwnDetails,
	findTakenEmails,
	updatePersonRow,
	type PersonRecord
} from './people.repository.ts';
import {
	personCreateSchema,
	personUpdateSchema,
	roleGrantSchema,
	type PeopleQuery,
	type PersonCreateInput,
	type PersonUpdateInput
} from './people.schema.ts';

/**
 * People and their roles: the rules and permission checks around people.repository.ts.
 * Every function takes the acting person and refuses with `AccessDeniedError` (shown as
 * "not found") when the policy says no, and with `InputError` when the input is invalid.
 * Every change runs in one transaction together with its audit entry.
 */

/**
 * Invalid input, with messages per field as i18n keys (translated when shown) or as a zod
 * error. `conflict` marks a duplicate (the API answers 409 instead of 422).
 */
export class InputError extends FieldsRuleError {
	constructor(keys: Record<string, MessageKey>, zodError?: z.ZodError, conflict = false) {
		super(keys, zodError, conflict);
	}

	/** Field → translated messages, as forms and the API show them. */
	fields(locale: Locale): FieldErrors {
		return this.fieldErrors(locale);
	}
}

const parse = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> =>
	parseInput(schema, input, (e) => new InputError({}, e));

/** A person's row with their unit's name (units belong to organisation.service). */
export type PersonRow = PersonRecord & { unitName: string | null };

/** Adds each row's unit name, in one lookup for all rows. */
async function withUnitNames<R extends { unitId: number | null }>(
	db: Db,
	rows: readonly R[]
): Promise<(R & { unitName: string | null })[]> {
	const names = await unitNamesOf(
		db,
		rows.flatMap((r) => (r.unitId === null ? [] : [r.unitId]))
	);
	return rows.map((r) => ({ ...r, unitName: r.unitId === null ? null : (names.get(r.unitId) ?? null) }));
}

/** One person with their unit's name, or undefined. */
async function findPersonById(db: Db, id: number): Promise<PersonRow | undefined> {
	const row = await findPersonRecord(db, id);
	return row ? (await withUnitNames(db, [row]))[0] : undefined;
}

/** How a person is shown; sensitive fields appear only when the viewer may read them. */
export interface PersonView {
	id: number;
	name: string;
	email: string;
	programmeId: number | null;
	unitId: number | null;
	unitName: string | null;
	jobCategory: JobCategory | null;
	roleStartedOn: string | null;
	locale: PersonLocale | null;
	status: 'active' | 'deactivated';
	deactivatedAt: string | null;
	createdAt: string;
	updatedAt: string;
	/** Only for viewers with `readSensitive` (programme office). */
	gender?: Gender | null;
	/** Only for viewers with `readSensitive` (programme office). */
	hourlyCost?: number | null;
}

/** The policy's view of a person row. */
export function personResource(row: {
	id: number;
	programmeId: number | null;
	unitId: number | null;
}): Extract<Resource, { type: 'person' }> {
	return { type: 'person', id: row.id, programmeId: row.programmeId, unitId: row.unitId };
}

/** Lists fields explicitly so a new column is never exposed by accident. */
export function presentPerson(actor: Actor, row: PersonRow): PersonView {
	const view: PersonView = {
		id: row.id,
		name: row.name,
		email: row.email,
		programmeId: row.programmeId,
		unitId: row.unitId,
		unitName: row.unitName,
		jobCategory: row.jobCategory,
		roleStartedOn: row.roleStartedOn,
		locale: row.locale,
		status: row.deactivatedAt ? 'deactivated' : 'active',
		deactivatedAt: row.deactivatedAt,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt
	};
	if (can(actor, 'readSensitive', personResource(row))) {
		view.gender = row.gender;
		view.hourlyCost = row.hourlyCost === null ? null : Number(row.hourlyCost);
	}
	return view;
}

/** What the viewer may do with a person, returned with the record so pages show only allowed actions. */
export function personAbilities(
	actor: Actor,
	row: { id: number; programmeId: number | null; unitId: number | null }
) {
	const r = personResource(row);
	return {
		update: can(actor, 'update', r),
		deactivate: can(actor, 'deactivate', r) && row.id !== actor.personId,
		grantRole: can(actor, 'grantRole', r),
		readSensitive: can(actor, 'readSensitive', r)
	};
}

/** The fields copied into the audit log (never the password hash). */
function auditSnapshot(row: PersonRecord) {
	return {
		name: row.name,
		email: row.email,
		unitId: row.unitId,
		jobCategory: row.jobCategory,
		gender: row.gender,
		roleStartedOn: row.roleStartedOn,
		hourlyCost: row.hourlyCost === null ? null : Number(row.hourlyCost),
		locale: row.locale,
		deactivatedAt: row.deactivatedAt
	};
}

/** One page of a list, as pages and `GET /api/v1/people` return it. */
export interface Page<T> {
	data: T[];
	page: number;
	pageSize: number;
	total: number;
}

/**
 * People of a programme the actor may see (office: all; manager: their units and below,
 * plus self; others: self), filtered, sorted by name, one page.
 */
export async function listPeople(
	db: Db,
	actor: Actor,
	programmeId: number,
	query: PeopleQuery,
	options: { recordSensitiveRead?: boolean } = {}
): Promise<Page<PersonView>> {
	authorize(actor, 'read', { type: 'programme', id: programmeId });
	let unitIds: number[] | undefined;
	if (query.unitId !== undefined)
		unitIds = query.includeDescendants ? [...(await descendantUnitIds(db, [query.unitId]))] : [query.unitId];
	const { rows, total } = await findPeople(
		db,
		{
			programmeId,
			scope: personScope(actor, programmeId),
			q: query.q,
			unitIds,
			jobCategory: query.jobCategory,
			status: query.status
		},
		{ page: query.page, pageSize: query.pageSize }
	);
	const data = (await withUnitNames(db, rows)).map((r) => presentPerson(actor, r));
	// A list handed out with others' gender and hourly cost (the API) is a reading to account for.
	const sensitive = data.filter((p) => p.id !== actor.personId && p.gender !== undefined).length;
	if (options.recordSensitiveRead && sensitive > 0)
		await recordAudit(db, {
			programmeId,
			actorId: actor.personId,
			action: 'read',
			entityType: 'person',
			entityId: null,
			after: { fields: ['gender', 'hourlyCost'], people: sensitive, page: query.page, list: true }
		});
	return { data, page: query.page, pageSize: query.pageSize, total };
}

/** Loads a person the actor may `action`; unknown and refused look the same (AccessDeniedError). */
async function loadAuthorized(
	db: Db,
	actor: Actor,
	id: number,
	action: 'read' | 'update' | 'deactivate' | 'grantRole'
) {
	const row = Number.isSafeInteger(id) && id > 0 ? await findPersonById(db, id) : undefined;
	if (!row) throw new AccessDeniedError();
	authorize(actor, action, personResource(row));
	return row;
}

/** One person, or AccessDeniedError when unknown or not visible to the actor. */
export async function getPerson(db: Db, actor: Actor, id: number): Promise<PersonView> {
	const row = await loadAuthorized(db, actor, id, 'read');
	await auditSensitiveView(db, actor, row);
	return presentPerson(actor, row);
}

/** The raw row behind a person the actor may read, with their abilities (pages). */
export async function getPersonWithAbilities(db: Db, actor: Actor, id: number) {
	const row = await loadAuthorized(db, actor, id, 'read');
	await auditSensitiveView(db, actor, row);
	return { person: presentPerson(actor, row), abilities: personAbilities(actor, row) };
}

/** Someone else's gender and hourly cost shown: recorded as a reading (issue 14). */
async function auditSensitiveView(
	db: Db,
	actor: Actor,
	row: { id: number; programmeId: number | null; unitId: number | null }
): Promise<void> {
	if (row.id === actor.personId || !can(actor, 'readSensitive', personResource(row))) return;
	await recordAudit(db, {
		programmeId: row.programmeId,
		actorId: actor.personId,
		action: 'read',
		entityType: 'person',
		entityId: row.id,
		after: { fields: ['gender', 'hourlyCost'] }
	});
}

async function checkUnit(db: Db, unitId: number, programmeId: number | null): Promise<void> {
	const unit = await getUnit(db, unitId);
	if (!unit || unit.programmeId !== programmeId) throw new InputError({ unitId: 'error.unknownId' });
	if (unit.closedAt) throw new InputError({ unitId: 'people.error.unitClosed' });
}

async function checkEmailFree(db: Db, email: string, exceptId?: number): Promise<void> {
	const owner = await findPersonIdByEmail(db, email);
	if (owner !== undefined && owner !== exceptId)
		throw new InputError({ email: 'error.emailTaken' }, undefined, true);
}

/** True for a unique-constraint violation on `people.email_normalized` (SQLite or PostgreSQL). */
export function isEmailUniqueViolation(e: unknown): boolean {
	if (typeof e !== 'object' || e === null) return false;
	const err = e as { code?: unknown; constraint?: unknown; message?: unknown };
	const message = typeof err.message === 'string' ? err.message : '';
	if (err.code === '23505') return String(err.constraint ?? message).includes('email_normalized');
	return err.code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes('email_normalized');
}

/** Turns a lost race on the e-mail's unique index into the same field error as the pre-check. */
async function withEmailConflict<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (isEmailUniqueViolation(e)) throw new InputError({ email: 'error.emailTaken' }, undefined, true);
		throw e;
	}
}

/** Creates a person in `programmeId` (programme office). `input` is validated here. */
export async function createPerson(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<PersonView> {
	authorize(actor, 'create', { type: 'person', id: 0, programmeId, unitId: null });
	const data: PersonCreateInput = parse(personCreateSchema, input);
	const id = await withEmailConflict(() =>
		db.transaction().execute(async (trx) => {
			await checkUnit(trx, data.unitId, programmeId);
			await checkEmailFree(trx, data.email);
			const id = await insertPerson(trx, {
				programmeId,
				unitId: data.unitId,
				name: data.name,
				email: data.email,
				jobCategory: data.jobCategory,
				gender: data.gender ?? null,
				roleStartedOn: data.roleStartedOn ?? null,
				hourlyCost: data.hourlyCost ?? null,
				locale: data.locale ?? null
			});
			const row = (await findPersonRecord(trx, id))!;
			await recordAudit(trx, {
				programmeId,
				actorId: actor.personId,
				action: 'create',
				entityType: 'person',
				entityId: id,
				after: auditSnapshot(row)
			});
			return id;
		})
	);
	return presentPerson(actor, (await findPersonById(db, id))!);
}

/** Changes some fields of a person (programme office). Absent fields stay; `null` clears an optional one. */
export async function updatePerson(db: Db, actor: Actor, id: number, input: unknown): Promise<PersonView> {
	await loadAuthorized(db, actor, id, 'update');
	const data: PersonUpdateInput = parse(personUpdateSchema, input);
	requireChanges(data);
	await withEmailConflict(() =>
		db.transaction().execute(async (trx) => {
			// Re-read inside the transaction so the audit's "before" is what was replaced.
			const before = (await findPersonRecord(trx, id))!;
			if (data.unitId !== undefined && data.unitId !== before.unitId)
				await checkUnit(trx, data.unitId, before.programmeId);
			if (data.email !== undefined) await checkEmailFree(trx, data.email, id);
			const set: PersonUpdate = {};
			if (data.name !== undefined) set.name = data.name;
			if (data.email !== undefined) set.email = data.email;
			if (data.unitId !== undefined) set.unitId = data.unitId;
			if (data.jobCategory !== undefined) set.jobCategory = data.jobCategory;
			if (data.gender !== undefined) set.gender = data.gender;
			if (data.roleStartedOn !== undefined) set.roleStartedOn = data.roleStartedOn;
			if (data.hourlyCost !== undefined) set.hourlyCost = data.hourlyCost;
			if (data.locale !== undefined) set.locale = data.locale;
			if (Object.keys(set).length === 0) return;
			await updatePersonRow(trx, id, set);
			const after = (await findPersonRecord(trx, id))!;
			await recordAudit(trx, {
				programmeId: before.programmeId,
				actorId: actor.personId,
				action: 'update',
				entityType: 'person',
				entityId: id,
				before: auditSnapshot(before),
				after: auditSnapshot(after)
			});
		})
	);
	return presentPerson(actor, (await findPersonById(db, id))!);
}

/**
 * Domains that keep something shown for an active person only (the expert directory's search
 * document) hear of a deactivation or reactivation inside its transaction, so the change and
 * theirs commit together. Wired at start (`hooks.server.ts`); people never imports them.
 */
export type ActivationListener = (trx: Db, change: { personId: number; active: boolean }) => Promise<void>;
const activationListeners = new Set<ActivationListener>();

/** Registers a listener (once per function); returns its removal. */
export function onPersonActivation(listener: ActivationListener): () => void {
	activationListeners.add(listener);
	return () => activationListeners.delete(listener);
}

async function activationChanged(trx: Db, personId: number, active: boolean): Promise<void> {
	for (const listener of activationListeners) await listener(trx, { personId, active });
}

/**
 * Deactivation instead of deletion: the person keeps their history but can no longer sign
 * in; sessions are deleted and API tokens revoked in the same transaction.
 */
export async function deactivatePerson(db: Db, actor: Actor, id: number): Promise<PersonView> {
	await loadAuthorized(db, actor, id, 'deactivate');
	if (id === actor.personId) throw new InputError({ _form: 'people.error.deactivateSelf' });
	await db.transaction().execute(async (trx) => {
		const before = (await findPersonRecord(trx, id))!;
		if (before.deactivatedAt) return;
		await updatePersonRow(trx, id, { deactivatedAt: nowIso() });
		await revokeAccess(trx, id);
		await activationChanged(trx, id, false);
		const after = (await findPersonRecord(trx, id))!;
		await recordAudit(trx, {
			programmeId: before.programmeId,
			actorId: actor.personId,
			action: 'deactivate',
			entityType: 'person',
			entityId: id,
			before: auditSnapshot(before),
			after: auditSnapshot(after)
		});
	});
	return presentPerson(actor, (await findPersonById(db, id))!);
}

/** Lets a deactivated person sign in again (they set a new session by signing in). */
export async function reactivatePerson(db: Db, actor: Actor, id: number): Promise<PersonView> {
	await loadAuthorized(db, actor, id, 'deactivate');
	await db.transaction().execute(async (trx) => {
		const before = (await findPersonRecord(trx, id))!;
		if (!before.deactivatedAt) return;
		await updatePersonRow(trx, id, { deactivatedAt: null });
		await activationChanged(trx, id, true);
		const after = (await findPersonRecord(trx, id))!;
		await recordAudit(trx, {
			programmeId: before.programmeId,
			actorId: actor.personId,
			action: 'reactivate',
			entityType: 'person',
			entityId: id,
			before: auditSnapshot(before),
			after: auditSnapshot(after)
		});
	});
	return presentPerson(actor, (await findPersonById(db, id))!);
}

/** A role assignment as shown on the person page. */
export interface RoleView {
	id: number;
	role: Role;
	programmeId: number | null;
	unitId: number | null;
	unitName: string | null;
	/** May the viewer revoke it (admin roles only by an admin)? */
	revocable: boolean;
}

/** A person's elevated roles (participant is implied). Visible to whoever may read the person. */
export async function listRoles(db: Db, actor: Actor, personId: number): Promise<RoleView[]> {
	const person = await loadAuthorized(db, actor, personId, 'read');
	const mayGrant = can(actor, 'grantRole', personResource(person));
	return (await withUnitNames(db, await findRoles(db, personId))).map((r) => ({
		id: r.id,
		role: r.role,
		programmeId: r.programmeId,
		unitId: r.unitId,
		unitName: r.unitName,
		revocable: mayGrant && mayHandleRoleKind(actor, r.role)
	}));
}

/**
 * Grants a role to a person, in the person's programme. A manager role needs a unit (its
 * scope is that unit and everything below). Only an admin grants `admin`.
 */
export async function grantRole(db: Db, actor: Actor, personId: number, input: unknown): Promise<RoleView> {
	const person = await loadAuthorized(db, actor, personId, 'grantRole');
	const data = parse(roleGrantSchema, input);
	if (!mayHandleRoleKind(actor, data.role)) throw new InputError({ role: 'people.roles.adminOnly' });
	const programmeId = data.role === 'admin' ? null : person.programmeId;
	if (data.role !== 'admin' && programmeId === null) throw new InputError({ role: 'error.choice' });
	let unitId: number | null = null;
	if (data.role === 'manager') {
		if (data.unitId === undefined) throw new InputError({ unitId: 'people.roles.unitRequired' });
		unitId = data.unitId;
	}
	const assignment = { personId, role: data.role, programmeId, unitId };
	const id = await db.transaction().execute(async (trx) => {
		if (unitId !== null) await checkUnit(trx, unitId, programmeId);
		if (await roleExists(trx, assignment))
			throw new InputError({ role: 'people.roles.duplicate' }, undefined, true);
		const id = await insertRole(trx, assignment);
		// Role entries carry the person's id as entity id, so a person's history includes them.
		await recordAudit(trx, {
			programmeId: person.programmeId,
			actorId: actor.personId,
			action: 'grant',
			entityType: 'role',
			entityId: personId,
			after: { assignmentId: id, role: data.role, unitId }
		});
		return id;
	});
	const unit = unitId !== null ? await getUnit(db, unitId) : undefined;
	return { id, role: data.role, programmeId, unitId, unitName: unit?.name ?? null, revocable: true };
}

/** Revokes one of a person's roles; unknown ids look like refusals. */
export async function revokeRole(
	db: Db,
	actor: Actor,
	personId: number,
	assignmentId: number
): Promise<void> {
	const person = await loadAuthorized(db, actor, personId, 'grantRole');
	const assignment = Number.isSafeInteger(assignmentId)
		? await findRoleAssignment(db, assignmentId)
		: undefined;
	if (!assignment || assignment.personId !== personId) throw new AccessDeniedError();
	if (!mayHandleRoleKind(actor, assignment.role)) throw new InputError({ role: 'people.roles.adminOnly' });
	await db.transaction().execute(async (trx) => {
		await deleteRole(trx, assignmentId);
		await recordAudit(trx, {
			programmeId: person.programmeId,
			actorId: actor.personId,
			action: 'revoke',
			entityType: 'role',
			entityId: personId,
			before: { assignmentId, role: assignment.role, unitId: assignment.unitId }
		});
	});
}

// ---- for surveys

export type { ActiveStaffFilter };

/**
 * Active (not deactivated) people matching every given filter (a programme, units, job
 * categories; ids and e-mails match either), by id, with what an invitation needs. No
 * permission check: surveys resolve audiences the office has been authorised to send to.
 */
export async function activeStaff(db: Db, filter: ActiveStaffFilter) {
	return activeStaffRows(db, filter);
}

/** The grouping attributes a survey response records of a person, and `deactivatedAt`; undefined when unknown. No permission check. */
export async function respondentFacts(db: Db, personId: number) {
	return respondentRow(db, personId);
}
// ---- for catalogue, registrations

export {
	findJobCategory as jobCategoryOf,
	findRegistrantFacts as registrantFacts,
	findStaffPage as staffPage,
	findProgrammePeopleAmong as programmePeopleAmong,
	findRoleHolders as roleHolders,
	findTrainerCandidates as trainerCandidates
} from './people.repository.ts';

// ---- for plans and processes

/** How many matches a person picker shows; more means "narrow the search". */
export const PERSON_PICKER_LIMIT = PICKER_LIMIT;

/** A person picker's answer: at most PERSON_PICKER_LIMIT matches, and whether there were more. */
export interface PersonPick {
	query: string;
	people: { id: number; name: string; email: string; unitId: number | null }[];
	more: boolean;
}

/**
 * Active people of a programme matching `query` (two characters or more) by name or e-mail, for
 * a bounded picker; never the whole programme. No permission check: callers authorise first.
 */
export async function pickActivePeople(db: Db, programmeId: number, query: string): Promise<PersonPick> {
	const pick = await pickMatches(query, (term, limit) =>
		searchActivePeopleRows(db, programmeId, term, limit)
	);
	return { query: pick.query, people: pick.matches, more: pick.more };
}

/** People facts for other domains (no permission check: callers authorise first). */
export {
	activePeopleInUnitsQuery,
	searchActivePeople,
	findPersonFacts,
	personNames,
	staffAndManagersOfUnitsQuery
} from './people.repository.ts';

// ---- for auth, the CLI and imports (accounts)

export { insertPeopleBulk, BULK_CHUNK } from './bulk.repository.ts';
export { loadActor } from './actor.ts';

/** The account with this normalized e-mail (what sign-in and resets need), if any. */
export function findAccount(db: Db, emailNormalized: string) {
	return findAccountByEmail(db, emailNormalized);
}

/** The same by person id. */
export function findAccountOf(db: Db, personId: number) {
	return findAccountById(db, personId);
}

/**
 * Stores a new password hash (hashing and the policy are auth's). With `activeOnly` a
 * deactivated person is left alone. The person's programme and e-mail key, or undefined
 * when nobody was updated.
 */
export function setPasswordHash(
	db: Db,
	personId: number,
	passwordHash: string,
	options: { activeOnly?: boolean; now?: string } = {}
) {
	return updatePasswordHash(db, personId, passwordHash, options);
}

/** Saves a person's language. */
export async function setPersonLocale(db: Db, personId: number, locale: PersonLocale): Promise<void> {
	await updateLocale(db, personId, locale);
}

// ---- for the CLI (administrator accounts)

/**
 * Creates an account outside any programme (the CLI's administrator); the caller records the
 * audit entry. Returns the new id.
 */
export function createAccount(
	db: Db,
	account: { name: string; email: string; passwordHash: string | null }
): Promise<number> {
	return insertPerson(db, {
		programmeId: null,
		unitId: null,
		name: account.name,
		email: account.email,
		passwordHash: account.passwordHash,
		jobCategory: null,
		gender: null,
		roleStartedOn: null,
		hourlyCost: null,
		locale: null,
		deactivatedAt: null
	});
}

/** Does the person hold `role` with no programme (the admin role)? */
export function holdsGlobalRole(db: Db, personId: number, role: Role): Promise<boolean> {
	return hasRoleRow(db, personId, role);
}

/** Gives the person `role` with no programme or unit; returns the assignment id. */
export function addGlobalRole(db: Db, personId: number, role: Role): Promise<number> {
	return insertRole(db, { personId, role, programmeId: null, unitId: null });
}

// ---- for imports

/** Which of these normalised e-mails already belong to someone (in any programme). */
export function takenEmails(db: Db, emails: string[]): Promise<Set<string>> {
	return findTakenEmails(db, emails);
}

// ---- for home (aggregates; home.service asks the policy first)

export interface PersonListItem {
	id: number;
	name: string;
	email: string;
	unitName: string | null;
}

/** Active people per unit, for the given units. */
export async function activeStaffByUnit(db: Db, unitIds: readonly number[]): Promise<Map<number, number>> {
	if (unitIds.length === 0) return new Map();
	return countActiveByUnit(db, unitIds);
}

/** The first `limit` active people (by name) in the given units, and how many there are. */
export async function firstActivePeopleInUnits(
	db: Db,
	unitIds: readonly number[],
	limit: number
): Promise<{ items: PersonListItem[]; total: number }> {
	if (unitIds.length === 0) return { items: [], total: 0 };
	const { items, total } = await findActiveInUnits(db, unitIds, limit);
	const named = await withUnitNames(db, items);
	return { items: named.map(({ unitId: _unitId, ...item }) => item), total };
}

/** People of a programme by job category and active/deactivated. */
export function peopleByJobAndStatus(
	db: Db,
	programmeId: number
): Promise<{ jobCategory: JobCategory | null; active: boolean; count: number }[]> {
	return countByJobAndStatus(db, programmeId);
}

/** How many active people hold each stored role in a programme. */
export function roleHolderCounts(db: Db, programmeId: number): Promise<Map<Role, number>> {
	return countRoleHolders(db, programmeId);
}

/** Active staff per programme id. */
export function activePeopleByProgramme(db: Db): Promise<Map<number | null, number>> {
	return countActiveByProgramme(db);
}

/** A person's own e-mail, job category and start date. */
export function ownDetails(db: Db, personId: number) {
	return findOwnDetails(db, personId);
}

// ---- for xapi and badges

/** E-mail and name by person id (no permission check: the caller records the person's own event). */
export { findPersonEmails as personEmails } from './people.repository.ts';
