import type { Db } from '../db/database.ts';
import { findAccount } from '../people/people.service.ts';
import { findDeviceOwner, insertDevice, pruneDevices } from './auth.repository.ts';
import { generateToken, sha256 } from './tokens.ts';

/**
 * Known devices: a browser that signed in successfully gets a long-lived random cookie; the
 * table keeps its hash with the person. Sign-ins carrying it skip the account and address
 * back-off that others caused (they have a budget of their own). It grants nothing else.
 */
export const DEVICE_COOKIE = 'klok_device';
export const DEVICE_DAYS = 365;
const DAY = 24 * 60 * 60 * 1000;

/** The hash of `token` when it is a current device of the account with this e-mail, else null. */
export async function knownDeviceHash(db: Db, token: string | null | undefined, emailNormalized: string) {
	if (!token || token.length > 100) return null;
	const hash = sha256(token);
	const ownerId = await findDeviceOwner(db, hash);
	if (ownerId === undefined) return null;
	const account = await findAccount(db, emailNormalized);
	return account?.id === ownerId ? hash : null;
}

/**
 * Issues a new device token for the person, replacing `previousHash` (the cookie the browser
 * sent, when it was theirs), and prunes their expired devices.
 */
export async function rememberDevice(
	db: Db,
	personId: number,
	previousHash: string | null
): Promise<{ token: string; expiresAt: string }> {
	const token = generateToken();
	const expiresAt = new Date(Date.now() + DEVICE_DAYS * DAY).toISOString();
	await pruneDevices(db, personId, previousHash);
	await insertDevice(db, { tokenHash: sha256(token), personId, expiresAt });
	return { token, expiresAt };
}

/** Cookie options for the device cookie: only sent to the sign-in page. */
export function deviceCookieOptions(url: URL, expiresAt: string) {
	return {
		path: '/sign-in',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: url.protocol === 'https:',
		expires: new Date(expiresAt)
	};
}
