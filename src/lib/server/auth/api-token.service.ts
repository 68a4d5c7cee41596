import type { Db } from '../db/database.ts';
import {
	findApiTokens,
	findLiveApiToken,
	insertApiToken,
	revokeApiTokenRow,
	touchApiToken
} from './auth.repository.ts';
import { generateToken, sha256 } from './tokens.ts';

/** Every personal API token starts with this, so leaked tokens are easy to recognise and scan for. */
export const API_TOKEN_PREFIX = 'klok_';

/**
 * Resolves a bearer token to its owner's person id, or null when unknown or revoked.
 * Only the SHA-256 is stored; `last_used_at` is updated at most once a minute.
 */
export async function authenticateApiToken(db: Db, token: string): Promise<number | null> {
	if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return null;
	const row = await findLiveApiToken(db, sha256(token));
	if (!row) return null;
	if (!row.lastUsedAt || Date.now() - Date.parse(row.lastUsedAt) > 60_000) {
		await touchApiToken(db, row.id);
	}
	return row.personId;
}

/** Creates a token for `personId`; the plain token is returned once and never stored. */
export async function createApiToken(
	db: Db,
	personId: number,
	name: string
): Promise<{ id: number; token: string }> {
	const token = generateToken(API_TOKEN_PREFIX);
	const id = await insertApiToken(db, {
		personId,
		name,
		tokenHash: sha256(token),
		prefix: token.slice(0, API_TOKEN_PREFIX.length + 6)
	});
	return { id, token };
}

/** Revokes one of the person's own tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken(db: Db, personId: number, tokenId: number): Promise<boolean> {
	return revokeApiTokenRow(db, personId, tokenId);
}

/** The person's tokens, newest first, without hashes. */
export async function listApiTokens(db: Db, personId: number) {
	return findApiTokens(db, personId);
}
