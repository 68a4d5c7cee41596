import { API_TOKEN_PREFIX } from '#lib/server/auth/api-token.service.ts';
import { sha256 } from '#lib/server/auth/tokens.ts';
import type { Db } from '#lib/server/db/index.ts';
import { nowIso } from '#lib/server/db/sql.ts';

/**
 * Fixture and verdict of a registration rush, shared by `npm run bench:rush` and the
 * integration test `tests/http/registration-rush.test.ts`: one programme, one open session
 * without approval, and `participants` distinct staff with one personal API token each.
 */
export interface RushSeed {
	programmeId: number;
	sessionId: number;
	/** Person id and plain API token of every participant, in creation order. */
	participants: { personId: number; token: string }[];
	/** A second open session of the same activity, for warming the registration route up. */
	warmSessionId: number;
}

/** Rows per multi-row INSERT (far below both dialects' bound-parameter limits). */
const CHUNK = 400;

/**
 * Writes the rush fixture straight to the database. Tokens are deterministic per index (they
 * only ever exist in a throw-away database) and stored hashed like real ones.
 */
export async function seedRush(
	db: Db,
	options: { participants: number; capacity: number }
): Promise<RushSeed> {
	const now = nowIso();
	const day = 86_400_000;
	return db.transaction().execute(async (trx) => {
		const { id: programmeId } = await trx
			.insertInto('programmes')
			.values({
				name: 'Rush programme',
				funder: 'Bench fund',
				startsOn: '2025-01-01',
				endsOn: '2030-12-31',
				defaultLocale: 'sv',
				timeZone: 'Europe/Stockholm',
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const { id: unitId } = await trx
			.insertInto('units')
			.values({ programmeId, parentId: null, kind: 'organisation', name: 'Rush library', updatedAt: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		const { id: activityId } = await trx
			.insertInto('activities')
			.values({
				programmeId,
				trackId: null,
				type: 'seminar',
				learningForm: 'non_formal',
				title: 'The popular seminar',
				descriptionHtml: '<p>Everyone wants a seat.</p>',
				provider: null,
				cost: null,
				publishedAt: now,
				archivedAt: null,
				createdBy: null,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const { id: sessionId } = await trx
			.insertInto('sessions')
			.values({
				activityId,
				title: null,
				startsAt: new Date(Date.now() + 30 * day).toISOString(),
				endsAt: new Date(Date.now() + 30 * day + 3 * 3_600_000).toISOString(),
				place: 'Main hall',
				onlineUrl: null,
				capacity: options.capacity,
				hours: 3,
				requiresApproval: 0,
				registrationOpensAt: new Date(Date.now() - day).toISOString(),
				registrationClosesAt: null,
				status: 'open',
				recordingUrl: null,
				cancelledAt: null,
				cancelReason: null,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();

		const { id: warmSessionId } = await trx
			.insertInto('sessions')
			.values({
				activityId,
				title: 'Warm-up',
				startsAt: new Date(Date.now() + 31 * day).toISOString(),
				endsAt: new Date(Date.now() + 31 * day + 3 * 3_600_000).toISOString(),
				place: 'Side room',
				onlineUrl: null,
				capacity: options.capacity,
				hours: 3,
				requiresApproval: 0,
				registrationOpensAt: new Date(Date.now() - day).toISOString(),
				registrationClosesAt: null,
				status: 'open',
				recordingUrl: null,
				cancelledAt: null,
				cancelReason: null,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();

		const participants: RushSeed['participants'] = [];
		for (let start = 0; start < options.participants; start += CHUNK) {
			const count = Math.min(CHUNK, options.participants - start);
			const rows = Array.from({ length: count }, (_, k) => {
				const n = start + k + 1;
				const email = `rush${n}@bench.klok`;
				return {
					programmeId,
					unitId,
					name: `Rush Participant ${n}`,
					email,
					emailNormalized: email,
					jobCategory: 'librarian' as const,
					gender: null,
					roleStartedOn: null,
					hourlyCost: null,
					locale: null,
					passwordHash: null,
					deactivatedAt: null,
					updatedAt: now
				};
			});
			const ids = await trx.insertInto('people').values(rows).returning(['id', 'emailNormalized']).execute();
			const tokens = ids.map((row, k) => {
				if (row.emailNormalized !== rows[k]!.emailNormalized) throw new Error('RETURNING out of order');
				return {
					personId: row.id,
					token: `${API_TOKEN_PREFIX}rush-${row.id}-${sha256(String(row.id)).slice(0, 24)}`
				};
			});
			await trx
				.insertInto('apiTokens')
				.values(
					tokens.map((t) => ({
						personId: t.personId,
						name: 'rush',
						tokenHash: sha256(t.token),
						prefix: t.token.slice(0, API_TOKEN_PREFIX.length + 6),
						// Recently used, so the first request does not also write last_used_at.
						lastUsedAt: now
					}))
				)
				.execute();
			participants.push(...tokens);
		}
		return { programmeId, sessionId, participants, warmSessionId };
	});
}

/** What the database says after a rush, and everything that is wrong with it. */
export interface RushVerdict {
	registrations: number;
	confirmed: number;
	waitlisted: number;
	other: number;
	confirmedCount: number;
	waitlistCounter: number;
	/** Empty when the rush was handled exactly. */
	problems: string[];
}

/**
 * Checks the outcome: every participant registered once, exactly `capacity` confirmed (and
 * `confirmed_count` agrees), everyone else waitlisted with `waitlist_seq` 1..n, unique, in
 * arrival order (ascending id and waitlisted_at).
 */
export async function verifyRush(
	db: Db,
	seed: RushSeed,
	options: { capacity: number; /** How many participants registered (default: all). */ registered?: number }
): Promise<RushVerdict> {
	const rows = await db
		.selectFrom('registrations')
		.select(['id', 'personId', 'status', 'waitlistSeq', 'waitlistedAt'])
		.where('sessionId', '=', seed.sessionId)
		.orderBy('id')
		.execute();
	const session = await db
		.selectFrom('sessions')
		.select(['confirmedCount', 'waitlistCounter', 'capacity'])
		.where('id', '=', seed.sessionId)
		.executeTakeFirstOrThrow();
	const n = options.registered ?? seed.participants.length;
	const expectedWaitlist = Math.max(0, n - options.capacity);
	const confirmed = rows.filter((r) => r.status === 'confirmed');
	const waitlisted = rows.filter((r) => r.status === 'waitlisted');
	const problems: string[] = [];

	if (rows.length !== n) problems.push(`${rows.length} registrations, expected ${n}`);
	if (new Set(rows.map((r) => r.personId)).size !== rows.length) problems.push('a person registered twice');
	if (confirmed.length !== Math.min(n, options.capacity))
		problems.push(`${confirmed.length} confirmed, expected ${Math.min(n, options.capacity)}`);
	if (session.confirmedCount !== confirmed.length)
		problems.push(
			`sessions.confirmed_count is ${session.confirmedCount}, ${confirmed.length} rows are confirmed`
		);
	if (waitlisted.length !== expectedWaitlist)
		problems.push(`${waitlisted.length} waitlisted, expected ${expectedWaitlist}`);
	const other = rows.length - confirmed.length - waitlisted.length;
	if (other > 0) problems.push(`${other} registrations are neither confirmed nor waitlisted`);
	if (session.waitlistCounter !== waitlisted.length)
		problems.push(
			`sessions.waitlist_counter is ${session.waitlistCounter}, ${waitlisted.length} are waitlisted`
		);
	if (confirmed.some((r) => r.waitlistSeq !== null))
		problems.push('a confirmed registration has a waitlist_seq');

	const seqs = waitlisted.map((r) => r.waitlistSeq);
	const sorted = [...seqs].sort((a, b) => (a ?? 0) - (b ?? 0));
	if (!sorted.every((s, i) => s === i + 1))
		problems.push(`waitlist_seq is not exactly 1..${waitlisted.length} (unique)`);
	// Arrival order: the rows were created (ids) and waitlisted (waitlisted_at, the app's clock)
	// in the order their numbers were handed out. Not created_at: on PostgreSQL its default
	// now() is the transaction's start, taken before the transaction waits for the session row.
	const bySeq = [...waitlisted].sort((a, b) => (a.waitlistSeq ?? 0) - (b.waitlistSeq ?? 0));
	let idInversions = 0;
	let timeInversions = 0;
	for (let i = 1; i < bySeq.length; i++) {
		if (bySeq[i]!.id < bySeq[i - 1]!.id) idInversions++;
		if ((bySeq[i]!.waitlistedAt ?? '') < (bySeq[i - 1]!.waitlistedAt ?? '')) timeInversions++;
	}
	if (idInversions > 0)
		problems.push(`waitlist order differs from creation (id) order at ${idInversions} places`);
	if (timeInversions > 0)
		problems.push(`waitlist order differs from waitlisted_at order at ${timeInversions} places`);
	// Every confirmed seat went to someone who arrived before everyone on the waitlist.
	const lastConfirmed = Math.max(0, ...confirmed.map((r) => r.id));
	const firstWaiting = Math.min(Number.MAX_SAFE_INTEGER, ...waitlisted.map((r) => r.id));
	if (confirmed.length > 0 && waitlisted.length > 0 && lastConfirmed > firstWaiting)
		problems.push('someone who arrived after the first waitlisted person got a confirmed seat');

	return {
		registrations: rows.length,
		confirmed: confirmed.length,
		waitlisted: waitlisted.length,
		other,
		confirmedCount: session.confirmedCount,
		waitlistCounter: session.waitlistCounter,
		problems
	};
}
