import { sql, type RawBuilder } from 'kysely';
import { dialect, type Db } from '../db/database.ts';

/**
 * Sign-in back-off (the OWASP pattern): every key being throttled (an account, a client
 * address, a known device) has one counter row in `sign_in_backoff`. An attempt is reserved
 * before its password is checked, by one conditional upsert that counts it and, past the free
 * attempts, pushes `blocked_until` out by a delay that doubles with each further attempt.
 * Only a row whose `blocked_until` has passed can be reserved, so parallel requests cannot
 * all slip through: the database decides, not a read followed by a write.
 */
export interface BackoffPolicy {
	/** Attempts allowed without any wait. */
	free: number;
	/** Wait after the last free attempt; it doubles with each further one. */
	baseMs: number;
	/** The longest wait. */
	capMs: number;
	/** A key left alone this long starts again from zero. */
	forgetMs: number;
}

export interface BackoffKey {
	key: string;
	policy: BackoffPolicy;
}

/** A reserved attempt, as needed to give it back. */
export interface Reservation {
	key: string;
	failures: number;
	blockedUntil: string;
	reservedAt: string;
}

export type ReserveResult = { ok: true; reservations: Reservation[] } | { ok: false; waitMs: number };

/** Rows untouched this long are forgotten by every policy (none forgets later than a day). */
const PRUNE_AFTER_MS = 24 * 60 * 60 * 1000;

/** A date far enough in the past to never block. */
const NEVER = new Date(0).toISOString();

/** The wait imposed after the `count`-th counted attempt. */
export function backoffDelayMs(policy: BackoffPolicy, count: number): number {
	if (count < policy.free) return 0;
	return Math.min(policy.capMs, policy.baseMs * 2 ** (count - policy.free));
}

/** Every count whose delay is below the cap (the rest get the cap). */
function ladder(policy: BackoffPolicy): number[] {
	const counts: number[] = [];
	for (let n = 1; backoffDelayMs(policy, n) < policy.capMs; n++) counts.push(n);
	return counts;
}

/** A timestamp parameter that PostgreSQL types as timestamptz inside CASE (text on SQLite). */
function at(db: Db, iso: string): RawBuilder<string> {
	return dialect(db) === 'postgres' ? sql<string>`cast(${iso} as timestamptz)` : sql<string>`${iso}`;
}

/**
 * Deletes rows untouched since `before` (they count as no row). On PostgreSQL it skips rows
 * another request holds, so the clean-up never waits on, or deadlocks with, a reservation.
 */
async function pruneBackoff(db: Db, before: string): Promise<void> {
	const stale = db.selectFrom('signInBackoff').select('key').where('updatedAt', '<', before).limit(500);
	await db
		.deleteFrom('signInBackoff')
		.where('key', 'in', dialect(db) === 'postgres' ? stale.forUpdate().skipLocked() : stale)
		.execute();
}

class Refused extends Error {
	constructor(readonly waitMs: number) {
		super('throttled');
	}
}

/** Counts one attempt for `key` unless it is blocked; null when blocked. */
async function reserveOne(db: Db, { key, policy }: BackoffKey, now: number): Promise<Reservation | null> {
	const nowIso = new Date(now).toISOString();
	const staleBefore = new Date(now - policy.forgetMs).toISOString();
	const prior = sql<number>`(case when ${sql.ref('signInBackoff.updatedAt')} < ${staleBefore} then 0 else ${sql.ref('signInBackoff.failures')} end)`;
	const until = (count: number): RawBuilder<string> => {
		const delay = backoffDelayMs(policy, count);
		// A free attempt leaves the row unblocked rather than blocked "until now", so that
		// parallel requests whose clocks were read a moment earlier are not refused.
		return delay === 0
			? sql<string>`${sql.ref('signInBackoff.blockedUntil')}`
			: at(db, new Date(now + delay).toISOString());
	};
	const branches = ladder(policy).map((count) => sql`when ${sql.lit(count - 1)} then ${until(count)}`);
	const blockedUntil = sql<string>`case ${prior} ${sql.join(branches, sql` `)} else ${at(db, new Date(now + policy.capMs).toISOString())} end`;
	const firstDelay = backoffDelayMs(policy, 1);
	const row = await db
		.insertInto('signInBackoff')
		.values({
			key,
			failures: 1,
			blockedUntil: firstDelay === 0 ? NEVER : new Date(now + firstDelay).toISOString(),
			updatedAt: nowIso
		})
		.onConflict((oc) =>
			oc
				.column('key')
				.doUpdateSet({ failures: sql<number>`${prior} + 1`, blockedUntil, updatedAt: nowIso })
				.where('signInBackoff.blockedUntil', '<=', nowIso)
		)
		.returning(['failures', 'blockedUntil'])
		.executeTakeFirst();
	return row ? { key, failures: row.failures, blockedUntil: row.blockedUntil, reservedAt: nowIso } : null;
}

/**
 * Reserves one attempt on every key, all or none, in one transaction. Keys are locked in the
 * order given (callers pass the account before the address), so two sign-ins never wait on
 * each other in a cycle. When a key is blocked, nothing is counted and the answer says how
 * long until it frees up.
 */
export async function reserveAttempt(db: Db, keys: readonly BackoffKey[]): Promise<ReserveResult> {
	const now = Date.now();
	// Other kinds of keys (sign-in, reset requests) share the table: prune only rows that every
	// policy has forgotten, never by this call's own shorter policy.
	const longest = Math.max(PRUNE_AFTER_MS, ...keys.map((k) => k.policy.forgetMs));
	await pruneBackoff(db, new Date(now - longest).toISOString());
	try {
		const reservations = await db.transaction().execute(async (trx) => {
			const taken: Reservation[] = [];
			for (const key of keys) {
				const reservation = await reserveOne(trx, key, now);
				if (!reservation) {
					const row = await trx
						.selectFrom('signInBackoff')
						.select('blockedUntil')
						.where('key', '=', key.key)
						.executeTakeFirst();
					throw new Refused(row ? Date.parse(row.blockedUntil) - now : 1000);
				}
				taken.push(reservation);
			}
			return taken;
		});
		return { ok: true, reservations };
	} catch (e) {
		if (e instanceof Refused) return { ok: false, waitMs: Math.max(1, e.waitMs) };
		throw e;
	}
}

/**
 * Gives a reserved attempt back (a successful sign-in is no failure of its client address):
 * one fewer counted, and the block it caused, if any, lifted unless a later attempt moved it.
 */
export async function releaseAttempt(db: Db, reservation: Reservation): Promise<void> {
	const movedBlock = reservation.blockedUntil > reservation.reservedAt;
	await db
		.updateTable('signInBackoff')
		.set((eb) => ({
			failures: sql<number>`case when ${eb.ref('failures')} > 0 then ${eb.ref('failures')} - 1 else 0 end`,
			...(movedBlock
				? {
						blockedUntil: sql<string>`case when ${eb.ref('blockedUntil')} = ${reservation.blockedUntil} then ${at(db, reservation.reservedAt)} else ${eb.ref('blockedUntil')} end`
					}
				: {})
		}))
		.where('key', '=', reservation.key)
		.execute();
}

/** Forgets every counted attempt for `key`. */
export async function clearBackoff(db: Db, key: string): Promise<void> {
	await db.deleteFrom('signInBackoff').where('key', '=', key).execute();
}
