import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import {
	deletePersonSessions,
	deleteSession,
	extendSession,
	findLiveSessions,
	findSessionWithPerson,
	insertSession
} from './auth.repository.ts';
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
	await insertSession(db, {
		id: sha256(token),
		personId,
		expiresAt,
		lastSeenAt: now,
		userAgent: meta.userAgent?.slice(0, 300) ?? null,
		ip: meta.ip ?? null
	});
	return { token, expiresAt };
}

/**
 * Resolves a cookie token to its person, or null when unknown, expired or the person is
 * deactivated. `extended` tells the caller to re-send the cookie with the new expiry.
 */
export async function validateSession(
	db: Db,
	token: string,
	days: number
): Promise<{ sessionId: string; personId: number; expiresAt: string; extended: boolean } | null> {
	if (!token || token.length > 100) return null;
	const id = sha256(token);
	// One indexed lookup: the session and whether its person is still active.
	const row = await findSessionWithPerson(db, id);
	if (!row) return null;
	const now = Date.now();
	if (Date.parse(row.expiresAt) <= now || row.deactivatedAt) {
		await deleteSession(db, id);
		return null;
	}
	let expiresAt = row.expiresAt;
	let extended = false;
	if (Date.parse(row.expiresAt) - now < (days * DAY) / 2) {
		expiresAt = new Date(now + days * DAY).toISOString();
		await extendSession(db, id, expiresAt, new Date(now).toISOString());
		extended = true;
	}
	return { sessionId: id, personId: row.personId, expiresAt, extended };
}

/** Ends one session (sign-out). */
export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await deleteSession(db, sessionId);
}

/** Ends every session of a person (password change or reset, deactivation). */
export async function invalidatePersonSessions(db: Db, personId: number): Promise<void> {
	await deletePersonSessions(db, personId);
}

/** Ends every session of a person except `keepSessionId` (password change, "sign out elsewhere"). */
export async function invalidateOtherSessions(
	db: Db,
	personId: number,
	keepSessionId: string
): Promise<void> {
	await deletePersonSessions(db, personId, keepSessionId);
}

/** The person's unexpired sessions, most recently used first; `current` marks `currentSessionId`. */
export async function listSessions(db: Db, personId: number, currentSessionId: string | null) {
	const rows = await findLiveSessions(db, personId);
	// The id is the hash of a live cookie; it is not handed to pages.
	return rows.map(({ id, ...rest }) => ({ ...rest, current: id === currentSessionId }));
}

/** Cookie attributes for the session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS, expiring with the session. */
export function sessionCookieOptions(url: URL, expiresAt: string) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: url.protocol === 'https:',
		expires: new Date(expiresAt)
	};
}
