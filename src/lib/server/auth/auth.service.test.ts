import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { mailedLink, startSmtpReceiver, type SmtpReceiver } from '../mail/smtp-receiver.ts';
import { describeEachDb } from '../testing/db.ts';
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from './api-token.service.ts';
import {
	changePassword,
	isResetTokenValid,
	requestPasswordReset,
	RESET_LIMITS,
	resetPassword,
	SIGN_IN_BACKOFF,
	signIn,
	type SignInResult
} from './auth.service.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { invalidateOtherSessions, listSessions, validateSession } from './session.service.ts';
import { sha256 } from './tokens.ts';

const PASSWORD = 'correct horse battery';
let counter = 0;

// Reset links reach people by e-mail only (the outbox masks them), so tests read them from SMTP.
let receiver: SmtpReceiver;
beforeAll(async () => {
	receiver = await startSmtpReceiver();
});
afterAll(async () => {
	await receiver.close();
});

/** Inserts a person directly (the people service is not this module's). */
async function person(
	db: Db,
	options: { password?: string | null; deactivated?: boolean; locale?: 'en' | 'sv' } = {}
): Promise<{ id: number; email: string }> {
	counter += 1;
	const email = `Auth.Person${counter}.${Math.random().toString(36).slice(2, 8)}@Example.org`;
	const password = options.password === undefined ? PASSWORD : options.password;
	const row = await db
		.insertInto('people')
		.values({
			programmeId: null,
			unitId: null,
			name: `Person ${counter}`,
			email,
			emailNormalized: email.toLowerCase(),
			jobCategory: null,
			gender: null,
			roleStartedOn: null,
			hourlyCost: null,
			locale: options.locale ?? null,
			passwordHash: password === null ? null : await hashPassword(password),
			deactivatedAt: options.deactivated ? nowIso() : null,
			updatedAt: nowIso()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, email };
}

const PAST = new Date(Date.now() - 3_600_000).toISOString();

/** Lifts a back-off key's current wait, instead of sleeping through it (the count stays). */
async function unblock(db: Db, key: string): Promise<void> {
	await db.updateTable('signInBackoff').set({ blockedUntil: PAST }).where('key', '=', key).execute();
}

async function backoffRow(db: Db, key: string) {
	return db.selectFrom('signInBackoff').selectAll().where('key', '=', key).executeTakeFirst();
}

function isThrottled(r: SignInResult): boolean {
	return r.ok === false && r.reason === 'throttled';
}

function uniqueIp(): string {
	return `10.${counter % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

describeEachDb('auth.service', (ctx) => {
	/** Signs in once to get a known-device token for the account. */
	async function deviceOf(email: string, ip = uniqueIp()): Promise<string> {
		const r = await signIn(ctx.db, { email, password: PASSWORD, ip });
		if (!r.ok) throw new Error('sign-in failed');
		return r.device.token;
	}

	it('hashes with argon2id and verifies', async () => {
		const hash = await hashPassword(PASSWORD);
		expect(hash.startsWith('$argon2id$')).toBe(true);
		expect(hash).toContain('m=19456,p=1,t=2');
		expect(await verifyPassword(hash, PASSWORD)).toBe(true);
		expect(await verifyPassword(hash, PASSWORD + 'x')).toBe(false);
		expect(await verifyPassword('not a hash', PASSWORD)).toBe(false);
	});

	it('signs in with the right password, case-insensitively by e-mail, and the session validates', async () => {
		const p = await person(ctx.db);
		const result = await signIn(ctx.db, {
			email: '  ' + p.email.toUpperCase(),
			password: PASSWORD,
			ip: uniqueIp()
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.personId).toBe(p.id);
		const session = await validateSession(ctx.db, result.token, 14);
		expect(session?.personId).toBe(p.id);
		const stored = await ctx.db
			.selectFrom('authSessions')
			.select('id')
			.where('personId', '=', p.id)
			.execute();
		// Only the hash of the cookie token is stored.
		expect(stored.map((s) => s.id)).toEqual([sha256(result.token)]);
	});

	it('gives the identical result for wrong password, unknown, deactivated and password-less accounts', async () => {
		const ip = uniqueIp();
		const known = await person(ctx.db);
		const deactivated = await person(ctx.db, { deactivated: true });
		const noPassword = await person(ctx.db, { password: null });
		const results = [
			await signIn(ctx.db, { email: known.email, password: 'wrong password!', ip }),
			await signIn(ctx.db, { email: 'nobody-' + known.email, password: PASSWORD, ip }),
			await signIn(ctx.db, { email: deactivated.email, password: PASSWORD, ip }),
			await signIn(ctx.db, { email: noPassword.email, password: PASSWORD, ip })
		];
		for (const r of results) expect(r).toEqual({ ok: false, reason: 'failed' });
	});

	it('evaluates at most the free attempts of 40 parallel guesses and then refuses the right password', async () => {
		const p = await person(ctx.db);
		const ip = uniqueIp();
		const guesses = await Promise.all(
			Array.from({ length: 40 }, () => signIn(ctx.db, { email: p.email, password: 'wrong password!', ip }))
		);
		const evaluated = guesses.filter((r) => !isThrottled(r));
		expect(evaluated.length).toBeGreaterThanOrEqual(1);
		expect(evaluated.length).toBeLessThanOrEqual(SIGN_IN_BACKOFF.account.free);
		expect(evaluated.every((r) => r.ok === false && r.reason === 'failed')).toBe(true);
		expect(isThrottled(await signIn(ctx.db, { email: p.email, password: PASSWORD, ip }))).toBe(true);
		expect(isThrottled(await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() }))).toBe(
			true
		);

		// The right password as the 30th of 40 parallel guesses: still at most the free attempts run.
		const q = await person(ctx.db);
		const mixed = await Promise.all(
			Array.from({ length: 40 }, (_, i) =>
				signIn(ctx.db, { email: q.email, password: i === 29 ? PASSWORD : 'wrong password!', ip: uniqueIp() })
			)
		);
		expect(mixed.filter((r) => !isThrottled(r)).length).toBeLessThanOrEqual(SIGN_IN_BACKOFF.account.free);
	});

	it('evaluates at most the free attempts of 40 parallel guesses from a known device', async () => {
		const p = await person(ctx.db);
		const device = await deviceOf(p.email);
		const guesses = await Promise.all(
			Array.from({ length: 40 }, () =>
				signIn(ctx.db, { email: p.email, password: 'wrong password!', ip: uniqueIp(), deviceToken: device })
			)
		);
		const evaluated = guesses.filter((r) => !isThrottled(r)).length;
		expect(evaluated).toBeGreaterThanOrEqual(1);
		expect(evaluated).toBeLessThanOrEqual(SIGN_IN_BACKOFF.device.free);
	});

	it('slows an account down with a doubling wait after 5 failures, capped at 15 minutes, and forgets', async () => {
		const p = await person(ctx.db);
		const key = 'account:' + p.email.toLowerCase();
		for (let i = 0; i < 5; i++) {
			expect(await signIn(ctx.db, { email: p.email, password: 'wrong password!', ip: uniqueIp() })).toEqual({
				ok: false,
				reason: 'failed'
			});
		}
		// Even the right password waits: the wait is a second, not a quarter of an hour.
		expect(await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() })).toEqual({
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: 1
		});
		for (const seconds of [2, 4, 8]) {
			await unblock(ctx.db, key);
			expect((await signIn(ctx.db, { email: p.email, password: 'wrong', ip: uniqueIp() })).ok).toBe(false);
			expect(await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() })).toEqual({
				ok: false,
				reason: 'throttled',
				retryAfterSeconds: seconds
			});
		}
		await ctx.db.updateTable('signInBackoff').set({ failures: 40 }).where('key', '=', key).execute();
		await unblock(ctx.db, key);
		await signIn(ctx.db, { email: p.email, password: 'wrong', ip: uniqueIp() });
		expect(await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() })).toEqual({
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: 15 * 60
		});

		await unblock(ctx.db, key);
		expect((await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() })).ok).toBe(true);
		// Success clears the account's count.
		expect(await backoffRow(ctx.db, key)).toBeUndefined();

		// A day without attempts: the count starts again from zero.
		for (let i = 0; i < 5; i++) await signIn(ctx.db, { email: p.email, password: 'wrong', ip: uniqueIp() });
		await ctx.db
			.updateTable('signInBackoff')
			.set({ updatedAt: new Date(Date.now() - 25 * 3_600_000).toISOString(), blockedUntil: PAST })
			.where('key', '=', key)
			.execute();
		expect((await signIn(ctx.db, { email: p.email, password: 'wrong', ip: uniqueIp() })).ok).toBe(false);
		expect((await backoffRow(ctx.db, key))?.failures).toBe(1);

		// Rows left alone for longer than any key remembers are deleted.
		await ctx.db
			.updateTable('signInBackoff')
			.set({ updatedAt: new Date(Date.now() - 25 * 3_600_000).toISOString(), blockedUntil: PAST })
			.where('key', '=', key)
			.execute();
		await signIn(ctx.db, { email: 'someone-else@example.org', password: 'wrong', ip: uniqueIp() });
		expect(await backoffRow(ctx.db, key)).toBeUndefined();
	});

	it('throttles unknown e-mails the same way (no enumeration through throttling)', async () => {
		const email = `ghost-${Date.now()}@example.org`;
		for (let i = 0; i < 5; i++) await signIn(ctx.db, { email, password: 'whatever123', ip: uniqueIp() });
		const r = await signIn(ctx.db, { email, password: 'whatever123', ip: uniqueIp() });
		expect(r).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 1 });
	});

	it('slows one address down after 20 failures across accounts; its successful sign-ins do not count', async () => {
		const ip = '192.0.2.' + (counter % 250);
		const regular = await person(ctx.db);
		// 25 successful sign-ins from one address (an office behind one NAT) never slow it down.
		for (let i = 0; i < 25; i++)
			expect((await signIn(ctx.db, { email: regular.email, password: PASSWORD, ip })).ok).toBe(true);
		for (let i = 0; i < 20; i++) {
			await signIn(ctx.db, { email: `spray-${i}-${counter}@example.org`, password: 'wrong password!', ip });
		}
		const p = await person(ctx.db);
		expect(await signIn(ctx.db, { email: p.email, password: PASSWORD, ip })).toEqual({
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: 1
		});
		// Another address is not affected.
		expect((await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() })).ok).toBe(true);
		await unblock(ctx.db, 'ip:' + ip);
		expect((await signIn(ctx.db, { email: p.email, password: PASSWORD, ip })).ok).toBe(true);
	});

	it('lets a known device sign in with the right password while others keep its account and address in back-off', async () => {
		const ip = uniqueIp();
		const p = await person(ctx.db);
		const device = await deviceOf(p.email, ip);
		// Only the hash of the device token is stored, with the person.
		const stored = await ctx.db
			.selectFrom('knownDevices')
			.select(['tokenHash', 'personId'])
			.where('tokenHash', '=', sha256(device))
			.execute();
		expect(stored).toEqual([{ tokenHash: sha256(device), personId: p.id }]);

		// An attacker hammers the account from the same address and from others, and sprays the address.
		for (let i = 0; i < 12; i++) {
			await unblock(ctx.db, 'account:' + p.email.toLowerCase());
			await signIn(ctx.db, { email: p.email, password: 'wrong password!', ip: i % 2 ? ip : uniqueIp() });
		}
		for (let i = 0; i < 25; i++)
			await signIn(ctx.db, { email: `other-${i}-${counter}@example.org`, password: 'wrong password!', ip });
		expect(isThrottled(await signIn(ctx.db, { email: p.email, password: PASSWORD, ip }))).toBe(true);

		const owner = await signIn(ctx.db, { email: p.email, password: PASSWORD, ip, deviceToken: device });
		expect(owner.ok).toBe(true);
		if (!owner.ok) return;
		// The device token is replaced at each sign-in; the old one is no longer a known device.
		expect(owner.device.token).not.toBe(device);
		const blocked = await signIn(ctx.db, { email: p.email, password: PASSWORD, ip, deviceToken: device });
		expect(isThrottled(blocked)).toBe(true);
		expect(
			(await signIn(ctx.db, { email: p.email, password: PASSWORD, ip, deviceToken: owner.device.token })).ok
		).toBe(true);

		// A device cookie of another account is no device of this one.
		const other = await person(ctx.db);
		const otherDevice = await deviceOf(other.email);
		expect(
			isThrottled(await signIn(ctx.db, { email: p.email, password: PASSWORD, ip, deviceToken: otherDevice }))
		).toBe(true);
	});

	it("gives a known device its own small budget, which does not slow the account's other sign-ins", async () => {
		const p = await person(ctx.db);
		const device = await deviceOf(p.email);
		for (let i = 0; i < SIGN_IN_BACKOFF.device.free; i++) {
			const r = await signIn(ctx.db, {
				email: p.email,
				password: 'wrong',
				ip: uniqueIp(),
				deviceToken: device
			});
			expect(r).toEqual({ ok: false, reason: 'failed' });
		}
		expect(
			await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp(), deviceToken: device })
		).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 1 });
		expect(await backoffRow(ctx.db, 'account:' + p.email.toLowerCase())).toBeUndefined();
		expect((await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() })).ok).toBe(true);
	});

	it('expires sessions, slides them in the second half of their life, and ends them for deactivated people', async () => {
		const p = await person(ctx.db);
		const r = await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp(), sessionDays: 14 });
		if (!r.ok) throw new Error('sign-in failed');
		const id = sha256(r.token);

		const fresh = await validateSession(ctx.db, r.token, 14);
		expect(fresh?.extended).toBe(false);

		// 3 days left of 14: the next use extends it to 14 days from now.
		const soon = new Date(Date.now() + 3 * 86_400_000).toISOString();
		await ctx.db.updateTable('authSessions').set({ expiresAt: soon }).where('id', '=', id).execute();
		const slid = await validateSession(ctx.db, r.token, 14);
		expect(slid?.extended).toBe(true);
		expect(Date.parse(slid!.expiresAt)).toBeGreaterThan(Date.now() + 13.9 * 86_400_000);

		await ctx.db
			.updateTable('authSessions')
			.set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
			.where('id', '=', id)
			.execute();
		expect(await validateSession(ctx.db, r.token, 14)).toBeNull();
		expect(await ctx.db.selectFrom('authSessions').select('id').where('id', '=', id).execute()).toHaveLength(
			0
		);

		const again = await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() });
		if (!again.ok) throw new Error('sign-in failed');
		await ctx.db.updateTable('people').set({ deactivatedAt: nowIso() }).where('id', '=', p.id).execute();
		expect(await validateSession(ctx.db, again.token, 14)).toBeNull();
		expect(await validateSession(ctx.db, 'made-up-token', 14)).toBeNull();
	});

	it('lists sessions and signs out the other ones', async () => {
		const p = await person(ctx.db);
		const a = await signIn(ctx.db, {
			email: p.email,
			password: PASSWORD,
			ip: uniqueIp(),
			userAgent: 'Browser A'
		});
		const b = await signIn(ctx.db, {
			email: p.email,
			password: PASSWORD,
			ip: uniqueIp(),
			userAgent: 'Browser B'
		});
		if (!a.ok || !b.ok) throw new Error('sign-in failed');
		const listed = await listSessions(ctx.db, p.id, sha256(a.token));
		expect(listed).toHaveLength(2);
		expect(listed.find((s) => s.current)?.userAgent).toBe('Browser A');
		expect(listed[0]).not.toHaveProperty('id');
		await invalidateOtherSessions(ctx.db, p.id, sha256(a.token));
		expect(await validateSession(ctx.db, a.token, 14)).not.toBeNull();
		expect(await validateSession(ctx.db, b.token, 14)).toBeNull();
	});

	async function resetTokenFor(email: string, ip = uniqueIp()): Promise<string> {
		const r = await requestPasswordReset(
			ctx.db,
			{ email, origin: 'https://klok.example', locale: 'en', ip },
			receiver.mailOptions
		);
		expect(r).toEqual({ ok: true });
		const { url, match } = await mailedLink(receiver, email, /^\/reset-password\/([\w-]+)$/, {
			kind: 'password-reset'
		});
		expect(url).toMatch(/^https:\/\/klok\.example\//);
		return match[1]!;
	}

	it('resets a password once, ends every session, and the old password stops working', async () => {
		const p = await person(ctx.db, { locale: 'sv' });
		const session = await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() });
		if (!session.ok) throw new Error('sign-in failed');
		const token = await resetTokenFor(p.email);

		const mail = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('personId', '=', p.id)
			.executeTakeFirstOrThrow();
		// In the person's own language (Swedish), not the request's (English).
		expect(mail.subject).toBe('Återställ ditt lösenord i Klok');
		expect(mail.toAddress).toBe(p.email);
		expect(mail.sentAt).not.toBeNull();
		expect(
			await ctx.db.selectFrom('passwordResets').select('tokenHash').where('tokenHash', '=', token).execute()
		).toHaveLength(0);

		expect(await isResetTokenValid(ctx.db, token)).toBe(true);
		expect(await resetPassword(ctx.db, { token, password: 'short' })).toEqual({
			ok: false,
			reason: 'policy'
		});
		const done = await resetPassword(ctx.db, { token, password: 'a brand new password' });
		expect(done).toEqual({ ok: true, personId: p.id });
		expect(await validateSession(ctx.db, session.token, 14)).toBeNull();
		expect(await isResetTokenValid(ctx.db, token)).toBe(false);
		const audit = await ctx.db
			.selectFrom('auditLog')
			.select(['action', 'after'])
			.where('entityType', '=', 'person')
			.where('entityId', '=', p.id)
			.where('action', '!=', 'signIn')
			.execute();
		expect(audit.map((a) => a.action)).toEqual(['reset']);
		expect(audit[0]!.after).not.toContain('$argon2');
		expect(await resetPassword(ctx.db, { token, password: 'another new password' })).toEqual({
			ok: false,
			reason: 'invalidToken'
		});
		expect((await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() })).ok).toBe(false);
		expect(
			(await signIn(ctx.db, { email: p.email, password: 'a brand new password', ip: uniqueIp() })).ok
		).toBe(true);
	});

	it('lets only one of two concurrent resets with the same token succeed', async () => {
		const p = await person(ctx.db);
		const token = await resetTokenFor(p.email);
		const results = await Promise.all([
			resetPassword(ctx.db, { token, password: 'first new password' }),
			resetPassword(ctx.db, { token, password: 'second new password' })
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
	});

	it('refuses expired and unknown reset tokens', async () => {
		const p = await person(ctx.db);
		const token = await resetTokenFor(p.email);
		await ctx.db
			.updateTable('passwordResets')
			.set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
			.where('tokenHash', '=', sha256(token))
			.execute();
		expect(await isResetTokenValid(ctx.db, token)).toBe(false);
		expect(await resetPassword(ctx.db, { token, password: 'a brand new password' })).toEqual({
			ok: false,
			reason: 'invalidToken'
		});
		expect(await resetPassword(ctx.db, { token: 'unknown', password: 'a brand new password' })).toEqual({
			ok: false,
			reason: 'invalidToken'
		});
	});

	it('answers the same for unknown addresses, sends nothing, and throttles reset requests per address', async () => {
		const email = `unknown-${Date.now()}@example.org`;
		const before = await ctx.db
			.selectFrom('outbox')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		for (let i = 0; i < 3; i++) {
			expect(
				await requestPasswordReset(
					ctx.db,
					{ email, origin: 'https://klok.example', locale: 'en', ip: uniqueIp() },
					{}
				)
			).toEqual({ ok: true });
		}
		const after = await ctx.db
			.selectFrom('outbox')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
		const fourth = await requestPasswordReset(
			ctx.db,
			{ email, origin: 'https://klok.example', locale: 'en', ip: uniqueIp() },
			{}
		);
		expect(fourth).toEqual({ ok: false, reason: 'throttled', retryAfterMinutes: 15 });
		await unblock(ctx.db, 'reset:' + email);
		expect(
			await requestPasswordReset(
				ctx.db,
				{ email, origin: 'https://klok.example', locale: 'en', ip: uniqueIp() },
				{}
			)
		).toEqual({ ok: true });
	});

	it('sends at most the allowed reset mails when 20 requests for one address arrive at once', async () => {
		const p = await person(ctx.db);
		const mails = async () =>
			Number(
				(
					await ctx.db
						.selectFrom('outbox')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.where('personId', '=', p.id)
						.where('kind', '=', 'password-reset')
						.executeTakeFirstOrThrow()
				).n
			);
		const results = await Promise.all(
			Array.from({ length: 20 }, () =>
				requestPasswordReset(
					ctx.db,
					{ email: p.email, origin: 'https://klok.example', locale: 'en', ip: uniqueIp() },
					{}
				)
			)
		);
		expect(results.filter((r) => r.ok)).toHaveLength(RESET_LIMITS.perEmail);
		expect(await mails()).toBe(RESET_LIMITS.perEmail);
	});

	it('changes the password only with the current one, and keeps only the current session', async () => {
		const p = await person(ctx.db);
		const a = await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() });
		const b = await signIn(ctx.db, { email: p.email, password: PASSWORD, ip: uniqueIp() });
		if (!a.ok || !b.ok) throw new Error('sign-in failed');
		const keep = sha256(a.token);
		expect(
			await changePassword(ctx.db, {
				personId: p.id,
				currentPassword: 'not the password',
				newPassword: 'new password 123',
				keepSessionId: keep
			})
		).toEqual({ ok: false, reason: 'wrongPassword' });
		expect(
			await changePassword(ctx.db, {
				personId: p.id,
				currentPassword: PASSWORD,
				newPassword: 'new password 123',
				keepSessionId: keep
			})
		).toEqual({ ok: true });
		expect(await validateSession(ctx.db, a.token, 14)).not.toBeNull();
		expect(await validateSession(ctx.db, b.token, 14)).toBeNull();
		expect((await signIn(ctx.db, { email: p.email, password: 'new password 123', ip: uniqueIp() })).ok).toBe(
			true
		);
	});

	it('creates, authenticates, lists and revokes API tokens', async () => {
		const p = await person(ctx.db);
		const other = await person(ctx.db);
		const { id, token } = await createApiToken(ctx.db, p.id, 'Report script');
		expect(token.startsWith('klok_')).toBe(true);
		expect(await authenticateApiToken(ctx.db, token)).toBe(p.id);
		expect(await authenticateApiToken(ctx.db, token + 'x')).toBeNull();

		const listed = await listApiTokens(ctx.db, p.id);
		expect(listed).toHaveLength(1);
		expect(listed[0]).toMatchObject({
			id,
			name: 'Report script',
			prefix: token.slice(0, 11),
			revokedAt: null
		});
		expect(listed[0]!.lastUsedAt).not.toBeNull();
		expect(JSON.stringify(listed)).not.toContain(token);

		// Someone else cannot revoke it.
		expect(await revokeApiToken(ctx.db, other.id, id)).toBe(false);
		expect(await revokeApiToken(ctx.db, p.id, id)).toBe(true);
		expect(await revokeApiToken(ctx.db, p.id, id)).toBe(false);
		expect(await authenticateApiToken(ctx.db, token)).toBeNull();
	});
});
