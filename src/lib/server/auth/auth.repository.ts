import { CompiledQuery } from 'kysely';
import { dialect, type Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';

/**
 * Every query on the auth tables that are not counters: `auth_sessions`, `known_devices`,
 * `api_tokens` and `password_resets`. (The sign-in and reset-request counters live in
 * `backoff.repository.ts`.) The people table belongs to people.service.
 */

// ---- sessions

export async function insertSession(
	db: Db,
	values: {
		id: string;
		personId: number;
		expiresAt: string;
		lastSeenAt: string;
		userAgent: string | null;
		ip: string | null;
	}
): Promise<void> {
	await db.insertInto('authSessions').values(values).execute();
}

/**
 * The session of a cookie with its person's deactivation, in ONE indexed lookup (every signed-in
 * request runs it): the primary key of `auth_sessions` joined to `people` by primary key. The
 * read of `people.deactivated_at` is the one read of another domain's table here, kept in SQL so
 * a request costs one statement; the statement is written out once, not built per request.
 */
export async function findSessionWithPerson(
	db: Db,
	id: string
): Promise<{ id: string; personId: number; expiresAt: string; deactivatedAt: string | null } | undefined> {
	const placeholder = dialect(db) === 'postgres' ? '$1' : '?';
	const result = await db.executeQuery<{
		id: string;
		personId: number;
		expiresAt: string;
		deactivatedAt: string | null;
	}>(
		CompiledQuery.raw(
			`select s.id, s.person_id, s.expires_at, p.deactivated_at from auth_sessions s
			join people p on p.id = s.person_id where s.id = ${placeholder}`,
			[id]
		)
	);
	return result.rows[0];
}

export async function extendSession(
	db: Db,
	id: string,
	expiresAt: string,
	lastSeenAt: string
): Promise<void> {
	await db.updateTable('authSessions').set({ expiresAt, lastSeenAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
	await db.deleteFrom('authSessions').where('id', '=', id).execute();
}

export async function deletePersonSessions(db: Db, personId: number, exceptId?: string): Promise<void> {
	let q = db.deleteFrom('authSessions').where('personId', '=', personId);
	if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
	await q.execute();
}

export async function findLiveSessions(db: Db, personId: number) {
	return db
		.selectFrom('authSessions')
		.select(['id', 'createdAt', 'lastSeenAt', 'expiresAt', 'userAgent', 'ip'])
		.where('personId', '=', personId)
		.where('expiresAt', '>', new Date().toISOString())
		.orderBy('lastSeenAt', 'desc')
		.execute();
}

// ---- known devices

/** The owner of a current device with this token hash, if any. */
export async function findDeviceOwner(db: Db, tokenHash: string): Promise<number | undefined> {
	const row = await db
		.selectFrom('knownDevices')
		.select('personId')
		.where('tokenHash', '=', tokenHash)
		.where('expiresAt', '>', nowIso())
		.executeTakeFirst();
	return row?.personId;
}

/** Deletes the person's expired devices and, when given, the one with `previousHash`. */
export async function pruneDevices(db: Db, personId: number, previousHash: string | null): Promise<void> {
	await db
		.deleteFrom('knownDevices')
		.where('personId', '=', personId)
		.where((eb) =>
			previousHash
				? eb.or([eb('expiresAt', '<=', nowIso()), eb('tokenHash', '=', previousHash)])
				: eb('expiresAt', '<=', nowIso())
		)
		.execute();
}

export async function insertDevice(
	db: Db,
	values: { tokenHash: string; personId: number; expiresAt: string }
): Promise<void> {
	await db.insertInto('knownDevices').values(values).execute();
}

// ---- API tokens

/** A live (not revoked) token by its hash: one indexed lookup, written out once (every API request). */
export async function findLiveApiToken(
	db: Db,
	tokenHash: string
): Promise<{ id: number; personId: number; lastUsedAt: string | null } | undefined> {
	const placeholder = dialect(db) === 'postgres' ? '$1' : '?';
	const result = await db.executeQuery<{ id: number; personId: number; lastUsedAt: string | null }>(
		CompiledQuery.raw(
			`select id, person_id, last_used_at from api_tokens where token_hash = ${placeholder} and revoked_at is null`,
			[tokenHash]
		)
	);
	return result.rows[0];
}

export async function touchApiToken(db: Db, id: number): Promise<void> {
	await db.updateTable('apiTokens').set({ lastUsedAt: nowIso() }).where('id', '=', id).execute();
}

export async function insertApiToken(
	db: Db,
	values: { personId: number; name: string; tokenHash: string; prefix: string }
): Promise<number> {
	const row = await db.insertInto('apiTokens').values(values).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

/** Revokes one of the person's live tokens; false when there was none. */
export async function revokeApiTokenRow(db: Db, personId: number, tokenId: number): Promise<boolean> {
	const result = await db
		.updateTable('apiTokens')
		.set({ revokedAt: nowIso() })
		.where('id', '=', tokenId)
		.where('personId', '=', personId)
		.where('revokedAt', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function findApiTokens(db: Db, personId: number) {
	return db
		.selectFrom('apiTokens')
		.select(['id', 'name', 'prefix', 'createdAt', 'lastUsedAt', 'revokedAt'])
		.where('personId', '=', personId)
		.orderBy('id', 'desc')
		.execute();
}

// ---- password resets

export async function insertPasswordReset(
	db: Db,
	values: { tokenHash: string; personId: number; expiresAt: string }
): Promise<void> {
	await db.insertInto('passwordResets').values(values).execute();
}

/** The person of an unused, unexpired reset token, if any. */
export async function findLiveReset(db: Db, tokenHash: string): Promise<number | undefined> {
	const row = await db
		.selectFrom('passwordResets')
		.select('personId')
		.where('tokenHash', '=', tokenHash)
		.where('usedAt', 'is', null)
		.where('expiresAt', '>', nowIso())
		.executeTakeFirst();
	return row?.personId;
}

/** Marks an unused, unexpired token used with one conditional update; its person, or undefined. */
export async function claimReset(db: Db, tokenHash: string, now: string): Promise<number | undefined> {
	const claimed = await db
		.updateTable('passwordResets')
		.set({ usedAt: now })
		.where('tokenHash', '=', tokenHash)
		.where('usedAt', 'is', null)
		.where('expiresAt', '>', now)
		.returning('personId')
		.executeTakeFirst();
	return claimed?.personId;
}

/** Voids the person's other unused reset links. */
export async function voidResets(db: Db, personId: number, now: string): Promise<void> {
	await db
		.updateTable('passwordResets')
		.set({ usedAt: now })
		.where('personId', '=', personId)
		.where('usedAt', 'is', null)
		.execute();
}
