import type { Db } from '../db/database.ts';

/** The auth domain's part of a person's data export and erasure: sign-ins, devices, tokens. */

export async function authDataOf(db: Db, personId: number) {
	const [sessions, devices, tokens, resets] = await Promise.all([
		db
			.selectFrom('authSessions')
			.select(['createdAt', 'expiresAt', 'lastSeenAt', 'userAgent', 'ip'])
			.where('personId', '=', personId)
			.orderBy('createdAt')
			.execute(),
		db
			.selectFrom('knownDevices')
			.select(['createdAt', 'expiresAt'])
			.where('personId', '=', personId)
			.orderBy('createdAt')
			.execute(),
		db
			.selectFrom('apiTokens')
			.select(['id', 'name', 'prefix', 'createdAt', 'lastUsedAt', 'revokedAt'])
			.where('personId', '=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('passwordResets')
			.select(['createdAt', 'expiresAt', 'usedAt'])
			.where('personId', '=', personId)
			.orderBy('createdAt')
			.execute()
	]);
	return { sessions, devices, tokens, resets };
}

/** Back-off counters keyed by the person's e-mail (see auth.service.ts). */
const backoffKeys = (email: string) => ['account:' + email.toLowerCase(), 'reset:' + email.toLowerCase()];

export async function countAuthRows(db: Db, personId: number, email: string) {
	const count = async (table: 'authSessions' | 'knownDevices' | 'apiTokens' | 'passwordResets') =>
		Number(
			(
				await db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('personId', '=', personId)
					.executeTakeFirstOrThrow()
			).n
		);
	const backoff = await db
		.selectFrom('signInBackoff')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('key', 'in', backoffKeys(email))
		.executeTakeFirstOrThrow();
	return {
		auth_sessions: await count('authSessions'),
		known_devices: await count('knownDevices'),
		api_tokens: await count('apiTokens'),
		password_resets: await count('passwordResets'),
		sign_in_backoff: Number(backoff.n)
	};
}

/** Signs the person out everywhere and forgets every credential. */
export async function deleteAuthRows(trx: Db, personId: number, email: string) {
	for (const table of ['authSessions', 'knownDevices', 'apiTokens', 'passwordResets'] as const)
		await trx.deleteFrom(table).where('personId', '=', personId).execute();
	await trx.deleteFrom('signInBackoff').where('key', 'in', backoffKeys(email)).execute();
}
