import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';

/** Test data for registration tests, written straight to the tables (independent of the catalogue code). */

export const HOUR = 3600_000;
export const iso = (ms: number) => new Date(Date.now() + ms).toISOString();

/** Writes an activity and a session straight to the tables (independent of the catalogue code). */
export async function makeSession(
	db: Db,
	programmeId: number,
	opts: {
		capacity?: number;
		requiresApproval?: boolean;
		status?: 'planned' | 'open' | 'cancelled' | 'done';
		startsIn?: number;
		opensAt?: string | null;
		closesAt?: string | null;
		published?: boolean;
	} = {}
): Promise<number> {
	const now = nowIso();
	const activity = await db
		.insertInto('activities')
		.values({
			programmeId,
			type: 'lecture',
			learningForm: 'formal',
			title: 'Läsfrämjande ' + Math.random().toString(36).slice(2, 7),
			publishedAt: opts.published === false ? null : now,
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const startsIn = opts.startsIn ?? 48 * HOUR;
	const session = await db
		.insertInto('sessions')
		.values({
			activityId: activity.id,
			startsAt: iso(startsIn),
			endsAt: iso(startsIn + 2 * HOUR),
			capacity: opts.capacity ?? 10,
			hours: 2.5,
			requiresApproval: opts.requiresApproval ? 1 : 0,
			registrationOpensAt: opts.opensAt ?? null,
			registrationClosesAt: opts.closesAt ?? null,
			status: opts.status ?? 'open',
			place: 'Stadsbiblioteket',
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return session.id;
}

/** N fresh staff in a unit of the programme, loaded as actors. */
export async function makeStaff(
	db: Db,
	programmeId: number,
	unitId: number,
	n: number,
	tag: string
): Promise<Actor[]> {
	const now = nowIso();
	const rows = await db
		.insertInto('people')
		.values(
			Array.from({ length: n }, (_, i) => ({
				programmeId,
				unitId,
				name: `Staff ${tag} ${i}`,
				email: `staff.${tag}.${i}@example.org`,
				emailNormalized: `staff.${tag}.${i}@example.org`,
				updatedAt: now
			}))
		)
		.returning('id')
		.execute();
	return Promise.all(rows.map(async (r) => (await loadActor(db, r.id))!));
}
