import argon2 from 'argon2';
import { z } from 'zod';

/** Password length limits. The upper bound keeps hashing cost bounded for hostile input. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** argon2id with the OWASP minimum (19 MiB, 2 iterations, 1 lane): ~30 ms per hash. */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id; the salt and parameters are stored in the result. */
export async function hashPassword(password: string): Promise<string> {
	return argon2.hash(password, HASH_OPTIONS);
}

/** True when `password` matches `hash`; false for a wrong password or a malformed hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
	if (password.length > PASSWORD_MAX) return false;
	try {
		return await argon2.verify(hash, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throw-away hash so that an unknown account costs as much time as a
 * known one, and response times do not reveal which e-mail addresses exist.
 */
export async function dummyVerify(password: string): Promise<void> {
	dummyHash ??= hashPassword('klok-dummy-' + Math.random().toString(36));
	await verifyPassword(await dummyHash, password.slice(0, PASSWORD_MAX));
}

/** The password policy as a zod schema; messages are translated by `parseForm`. */
export function passwordSchema() {
	return z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
}

/** Checks the policy outside forms (CLI, services): an i18n key, or null when acceptable. */
export function passwordProblem(password: string): 'error.tooShort' | 'error.tooLong' | null {
	if (password.length < PASSWORD_MIN) return 'error.tooShort';
	if (password.length > PASSWORD_MAX) return 'error.tooLong';
	return null;
}
