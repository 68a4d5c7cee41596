import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';

/**
 * Password-reset request counting in the `login_attempts` table, so limits hold across any
 * number of app instances. A key names what is limited: `reset:<address>`,
 * `reset-ip:<address>`. (Sign-in uses the back-off in `backoff.repository.ts`.)
 */
export interface Limit {
	key: string;
	/** How many attempts the window allows. */
	max: number;
	windowMs: number;
}

/** Records one attempt for `key`, pruning that key's rows that have left every window. */
export async function recordAttempt(db: Db, key: string, keepMs = 24 * 60 * 60 * 1000): Promise<void> {
	const cutoff = new Date(Date.now() - keepMs).toISOString();
	await db.deleteFrom('loginAttempts').where('key', '=', key).where('attemptedAt', '<', cutoff).execute();
	await db.insertInto('loginAttempts').values({ key, attemptedAt: nowIso() }).execute();
}

/**
 * When the first of `limits` that is exhausted frees up again, as milliseconds from now,
 * or 0 when every limit still allows an attempt. A limit frees up when its oldest
 * attempt among the newest `max` leaves the window.
 */
export async function retryAfterMs(db: Db, limits: readonly Limit[]): Promise<number> {
	const now = Date.now();
	let wait = 0;
	for (const limit of limits) {
		const since = new Date(now - limit.windowMs).toISOString();
		const recent = await db
			.selectFrom('loginAttempts')
			.select('attemptedAt')
			.where('key', '=', limit.key)
			.where('attemptedAt', '>', since)
			.orderBy('attemptedAt', 'desc')
			.limit(limit.max)
			.execute();
		if (recent.length < limit.max) continue;
		const oldest = recent[recent.length - 1]!.attemptedAt;
		wait = Math.max(wait, Date.parse(oldest) + limit.windowMs - now);
	}
	return Math.max(0, wait);
}

/** Whole minutes to tell a person, never less than one. */
export function minutesToWait(ms: number): number {
	return Math.max(1, Math.ceil(ms / 60_000));
}
