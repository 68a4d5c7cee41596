import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * Read model (read only): who has earned an achievement and holds no credential for it yet.
 * It reads registrations, sessions, activities and cycle forms in one grouped statement,
 * because at programme scale the rule must be decided in SQL (like reports and cycle rows).
 *
 * - activity: attended a session of the activity.
 * - track: attended every required activity of the track (published, not archived, not
 *   interest-only) with that session's 40-20-40 follow-up (after part) done.
 */
export async function findNewEarners(
	db: Db,
	achievement: {
		id: number;
		criteriaKind: 'track' | 'activity';
		trackId: number | null;
		activityId: number | null;
	},
	limit: number
): Promise<number[]> {
	const notYet = () =>
		db
			.selectFrom('badgeCredentials as bc')
			.select('bc.id')
			.where('bc.achievementId', '=', achievement.id)
			.where('bc.personId', '=', sql.ref<number>('r.person_id'));
	if (achievement.criteriaKind === 'activity') {
		const rows = await db
			.selectFrom('registrations as r')
			.innerJoin('sessions as s', 's.id', 'r.sessionId')
			.select('r.personId')
			.distinct()
			.where('s.activityId', '=', achievement.activityId ?? -1)
			.where('r.status', '=', 'attended')
			.where(({ not, exists }) => not(exists(notYet())))
			.orderBy('r.personId')
			.limit(limit)
			.execute();
		return rows.map((r) => r.personId);
	}
	const trackId = achievement.trackId ?? -1;
	const rows = await db
		.selectFrom('registrations as r')
		.innerJoin('sessions as s', 's.id', 'r.sessionId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.innerJoin('cycleForms as cf', 'cf.registrationId', 'r.id')
		.select('r.personId')
		.where('a.trackId', '=', trackId)
		.where('a.publishedAt', 'is not', null)
		.where('a.archivedAt', 'is', null)
		.where('a.interestOnly', '=', 0)
		.where('r.status', '=', 'attended')
		.where('cf.afterCompletedAt', 'is not', null)
		.where(({ not, exists }) => not(exists(notYet())))
		.groupBy('r.personId')
		.having(
			(eb) => eb.fn.count('a.id').distinct(),
			'=',
			db
				.selectFrom('activities as ra')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('ra.trackId', '=', trackId)
				.where('ra.publishedAt', 'is not', null)
				.where('ra.archivedAt', 'is', null)
				.where('ra.interestOnly', '=', 0)
		)
		.orderBy('r.personId')
		.limit(limit)
		.execute();
	return rows.map((r) => r.personId);
}
