import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { generateToken, sha256 } from './tokens.ts';

export const SESSION_COOKIE = 'klok_session';
const DAY = 24 * 60 * 60 * 1000;

/**
 * Sessions live in the database so any number of app instances share them. The cookie holds
 * a random token; the table holds its SHA-256. Sessions slide: use in the second half of
 * their life extends them.
 */
export async function createSession(
	db: Db,
	personId: number,
	meta: { userAgent?: string | null; ip?: string | null; days: number }
): Promise<{ token: string; expiresAt: string }> {
	const token = generateToken();
	const now = nowIso();
	const expiresAt = new Date(Date.now() + meta.days * DAY).toISOString();
	await db
		.insertInto('authSessions')
		.values({
			id: sha256(token),
			personId,
			expiresAt,
			lastSeenAt: now,
			userAgent: meta.userAgent?.slice(0, 300) ?? null,
			ip: meta.ip ?? null
		})
		.execute();
	return { token, expiresAt };
}

/** Resolves a cookie token to its person, or null when unknown, expired or the person is deactivated. */
export async function validateSession(
	db: Db,
	token: string,
	days: number
): Promise<{ sessionId: string; personId: number; expiresAt: string } | null> {
	if (!token || token.length > 100) return null;
	const id = sha256(token);
	const row = await db
		.selectFrom('authSessions')
		.innerJoin('people', 'people.id', 'authSessions.personId')
		.select(['authSessions.id', 'authSessions.personId', 'authSessions.expiresAt', 'people.deactivatedAt'])
		.where('authSessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const now = Date.now();
	if (Date.parse(row.expiresAt) <= now || row.deactivatedAt) {
		await db.deleteFrom('authSessions').where('id', '=', id).execute();
		return null;
	}
	let expiresAt = row.expiresAt;
	if (Date.parse(row.expiresAt) - now < (days * DAY) / 2) {
		expiresAt = new Date(now + days * DAY).toISOString();
		await db
			.updateTable('authSessions')
			.set({ expiresAt, lastSeenAt: new Date(now).toISOString() })
			.where('id', '=', id)
			.execute();
	}
	return { sessionId: id, personId: row.personId, expiresAt };
}

/** Ends one session (sign-out). */
export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.deleteFrom('authSessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a person (password change or reset, deactivation). */
export async function invalidatePersonSessions(db: Db, personId: number): Promise<void> {
	await db.deleteFrom('authSessions').where('personId', '=', personId).execute();
}
