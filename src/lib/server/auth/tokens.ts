import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe secret with 256 bits of entropy (session cookies, reset links, API tokens). */
export function generateToken(prefix = ''): string {
	return prefix + randomBytes(32).toString('base64url');
}

/** SHA-256 hex digest. Secrets are stored only as hashes so a database leak does not leak them. */
export function sha256(value: string): string {
	return createHash('sha256').update(value).digest('hex');
}
