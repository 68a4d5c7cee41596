import type { Locale } from '#lib/i18n/index.ts';
import { isLocale } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { sendMail, type MailOptions } from '../mail/mail.service.ts';
import { passwordResetMail } from './reset-mail.ts';
import {
	findAccount,
	findAccountOf,
	setPasswordHash,
	setPersonLocale as savePersonLocale
} from '../people/people.service.ts';
import { claimReset, findLiveReset, insertPasswordReset, voidResets } from './auth.repository.ts';
import { dummyVerify, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { createSession, invalidatePersonSessions, invalidateOtherSessions } from './session.service.ts';
import {
	clearBackoff,
	releaseAttempt,
	reserveAttempt,
	type BackoffKey,
	type BackoffPolicy
} from './backoff.repository.ts';
import { knownDeviceHash, rememberDevice } from './device.service.ts';
import { generateToken, sha256 } from './tokens.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Sign-in back-off per account, per client address and per known device: a few attempts
 * free, then a wait that starts at a second and doubles with each further attempt, up to
 * 15 minutes. A key forgets after a quiet spell. Never a lockout: the right password from a
 * known device is only slowed by that device's own failures.
 */
export const SIGN_IN_BACKOFF = {
	account: { free: 5, baseMs: SECOND, capMs: 15 * MINUTE, forgetMs: DAY },
	ip: { free: 20, baseMs: SECOND, capMs: 15 * MINUTE, forgetMs: HOUR },
	device: { free: 5, baseMs: SECOND, capMs: 15 * MINUTE, forgetMs: DAY }
} as const satisfies Record<string, BackoffPolicy>;
/** Password-reset request limits: this many free requests, then a quarter of an hour's wait. */
export const RESET_LIMITS = { perEmail: 3, perIp: 20, windowMs: 15 * MINUTE };
/** The same limits as back-off policies, so each request is reserved atomically (as sign-ins are). */
const RESET_BACKOFF = {
	email: {
		free: RESET_LIMITS.perEmail,
		baseMs: RESET_LIMITS.windowMs,
		capMs: HOUR,
		forgetMs: RESET_LIMITS.windowMs
	},
	ip: {
		free: RESET_LIMITS.perIp,
		baseMs: RESET_LIMITS.windowMs,
		capMs: HOUR,
		forgetMs: RESET_LIMITS.windowMs
	}
} as const satisfies Record<string, BackoffPolicy>;
/** How long a reset link is valid. */
export const RESET_TTL_MINUTES = 60;

/** The form of an e-mail address used for lookups and throttling keys. */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** The back-off key of an account (known or not: unknown addresses are throttled alike). */
export function accountBackoffKey(emailNormalized: string): string {
	return 'account:' + emailNormalized;
}

export type SignInResult =
	| {
			ok: true;
			personId: number;
			token: string;
			expiresAt: string;
			/** A new known-device token for the browser's device cookie. */
			device: { token: string; expiresAt: string };
	  }
	/** Unknown, deactivated, no password, wrong password: deliberately indistinguishable. */
	| { ok: false; reason: 'failed' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks an e-mail and password and opens a session. The attempt is reserved against the
 * back-off first (the device's own key when the browser is a known device of this account,
 * else the account's and the client address's), then the password is verified, so parallel
 * guesses cannot outrun the count. Success clears the account's (or device's) count and gives
 * the address its attempt back. Every kind of failure takes an argon2 verification, so neither
 * the answer nor its timing reveals whether the account exists.
 */
export async function signIn(
	db: Db,
	input: {
		email: string;
		password: string;
		ip?: string | null;
		userAgent?: string | null;
		sessionDays?: number;
		/** The device cookie the browser sent, if any. */
		deviceToken?: string | null;
	}
): Promise<SignInResult> {
	const email = normalizeEmail(input.email);
	const ip = input.ip || null;
	const deviceHash = await knownDeviceHash(db, input.deviceToken, email);
	const keys: BackoffKey[] = deviceHash
		? [{ key: 'device:' + deviceHash, policy: SIGN_IN_BACKOFF.device }]
		: [{ key: accountBackoffKey(email), policy: SIGN_IN_BACKOFF.account }];
	if (!deviceHash && ip) keys.push({ key: 'ip:' + ip, policy: SIGN_IN_BACKOFF.ip });
	const reserved = await reserveAttempt(db, keys);
	if (!reserved.ok)
		return {
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: Math.max(1, Math.ceil(reserved.waitMs / SECOND))
		};

	const person = await findAccount(db, email);
	let valid = false;
	if (person?.passwordHash) valid = await verifyPassword(person.passwordHash, input.password);
	else await dummyVerify(input.password);
	// The reservation already counted the failure.
	if (!person || !valid || person.deactivatedAt) return { ok: false, reason: 'failed' };

	return db.transaction().execute(async (trx) => {
		for (const reservation of reserved.reservations) {
			if (reservation.key.startsWith('ip:')) await releaseAttempt(trx, reservation);
			else await clearBackoff(trx, reservation.key);
		}
		const device = await rememberDevice(trx, person.id, deviceHash);
		const session = await createSession(trx, person.id, {
			ip,
			userAgent: input.userAgent ?? null,
			days: input.sessionDays ?? 14
		});
		// Sign-ins are part of the audit of reading (issue 14).
		await recordAudit(trx, {
			programmeId: person.programmeId,
			actorId: person.id,
			action: 'signIn',
			entityType: 'person',
			entityId: person.id
		});
		return { ok: true as const, personId: person.id, ...session, device };
	});
}

export type ResetRequestResult = { ok: true } | { ok: false; reason: 'throttled'; retryAfterMinutes: number };

/**
 * Starts a password reset: when the address belongs to an active person, stores the hash of
 * a random token (valid for an hour) and e-mails the link in the person's language.
 * Answers the same whether or not the address is known; only throttling is reported.
 */
export async function requestPasswordReset(
	db: Db,
	input: { email: string; origin: string; locale: Locale; ip?: string | null },
	mailOptions?: MailOptions
): Promise<ResetRequestResult> {
	const email = normalizeEmail(input.email);
	const keys: BackoffKey[] = [{ key: 'reset:' + email, policy: RESET_BACKOFF.email }];
	if (input.ip) keys.push({ key: 'reset-ip:' + input.ip, policy: RESET_BACKOFF.ip });
	// Reserved before anything is looked up or sent, so parallel requests cannot pass the limit.
	const reserved = await reserveAttempt(db, keys);
	if (!reserved.ok)
		return {
			ok: false,
			reason: 'throttled',
			retryAfterMinutes: Math.max(1, Math.ceil(reserved.waitMs / MINUTE))
		};

	const person = await findAccount(db, email);
	if (!person || person.deactivatedAt) return { ok: true };

	const token = generateToken();
	await insertPasswordReset(db, {
		tokenHash: sha256(token),
		personId: person.id,
		expiresAt: new Date(Date.now() + RESET_TTL_MINUTES * MINUTE).toISOString()
	});
	const locale = isLocale(person.locale) ? person.locale : input.locale;
	const link = `${input.origin.replace(/\/+$/, '')}/reset-password/${token}`;
	const mail = passwordResetMail(locale, { name: person.name, link, minutes: RESET_TTL_MINUTES });
	await sendMail(
		db,
		{
			to: person.email,
			...mail,
			kind: 'password-reset',
			personId: person.id,
			programmeId: person.programmeId,
			secrets: [token]
		},
		mailOptions
	);
	return { ok: true };
}

/** Is this reset token currently usable (unknown, used and expired tokens are not)? */
export async function isResetTokenValid(db: Db, token: string): Promise<boolean> {
	if (!token || token.length > 100) return false;
	const personId = await findLiveReset(db, sha256(token));
	if (personId === undefined) return false;
	const person = await findAccountOf(db, personId);
	return person !== undefined && person.deactivatedAt === null;
}

export type ResetResult = { ok: true; personId: number } | { ok: false; reason: 'invalidToken' | 'policy' };

/**
 * Completes a reset: claims the token with one conditional update (so two concurrent
 * requests cannot both use it), sets the new password, voids the person's other reset
 * links and ends all of their sessions, in one transaction.
 */
export async function resetPassword(
	db: Db,
	input: { token: string; password: string }
): Promise<ResetResult> {
	if (passwordProblem(input.password)) return { ok: false, reason: 'policy' };
	if (!input.token || input.token.length > 100) return { ok: false, reason: 'invalidToken' };
	// Hash outside the transaction: argon2 is deliberately slow and must not hold locks.
	const passwordHash = await hashPassword(input.password);
	return db.transaction().execute(async (trx): Promise<ResetResult> => {
		const now = nowIso();
		const personId = await claimReset(trx, sha256(input.token), now);
		if (personId === undefined) return { ok: false, reason: 'invalidToken' };
		const person = await setPasswordHash(trx, personId, passwordHash, { activeOnly: true, now });
		if (!person) return { ok: false, reason: 'invalidToken' };
		await voidResets(trx, personId, now);
		await invalidatePersonSessions(trx, personId);
		await clearBackoff(trx, accountBackoffKey(person.emailNormalized));
		await recordAudit(trx, {
			programmeId: person.programmeId,
			actorId: personId,
			action: 'reset',
			entityType: 'person',
			entityId: personId,
			after: { password: 'reset by e-mail link' }
		});
		return { ok: true, personId: personId };
	});
}

export type ChangePasswordResult = { ok: true } | { ok: false; reason: 'wrongPassword' | 'policy' };

/**
 * Changes a signed-in person's password after checking the current one, and ends their
 * other sessions (the current one, `keepSessionId`, stays signed in).
 */
export async function changePassword(
	db: Db,
	input: { personId: number; currentPassword: string; newPassword: string; keepSessionId: string | null }
): Promise<ChangePasswordResult> {
	if (passwordProblem(input.newPassword)) return { ok: false, reason: 'policy' };
	const account = await findAccountOf(db, input.personId);
	const person = account && account.deactivatedAt === null ? account : undefined;
	const valid = person?.passwordHash
		? await verifyPassword(person.passwordHash, input.currentPassword)
		: false;
	if (!valid) return { ok: false, reason: 'wrongPassword' };
	const passwordHash = await hashPassword(input.newPassword);
	await db.transaction().execute(async (trx) => {
		const person = await setPasswordHash(trx, input.personId, passwordHash);
		if (!person) throw new Error('changePassword: the person disappeared');
		await recordAudit(trx, {
			programmeId: person.programmeId,
			actorId: input.personId,
			action: 'update',
			entityType: 'person',
			entityId: input.personId,
			after: { password: 'changed' }
		});
		if (input.keepSessionId) await invalidateOtherSessions(trx, input.personId, input.keepSessionId);
		else await invalidatePersonSessions(trx, input.personId);
	});
	return { ok: true };
}

/**
 * Sets a password without the current one (the office or the CLI creating an account) and
 * ends the person's sessions. Throws when the password breaks the policy.
 */
export async function setPassword(db: Db, personId: number, password: string): Promise<void> {
	const problem = passwordProblem(password);
	if (problem) throw new Error(`password rejected: ${problem}`);
	const passwordHash = await hashPassword(password);
	await db.transaction().execute(async (trx) => {
		await setPasswordHash(trx, personId, passwordHash);
		await invalidatePersonSessions(trx, personId);
	});
}

/** Saves the person's language. */
export async function setPersonLocale(db: Db, personId: number, locale: Locale): Promise<void> {
	await savePersonLocale(db, personId, locale);
}

// ---- for forms: the password rules the pages show and check
export { PASSWORD_MAX, PASSWORD_MIN, passwordSchema } from './password.ts';
