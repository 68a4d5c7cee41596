import type { Db } from '../db/database.ts';

/** The latest sent course evaluations of an activity (its own and its sessions'; index `surveys_activity`). */
export async function courseEvaluationsOfActivity(db: Db, activityId: number, limit: number) {
	return db
		.selectFrom('surveys')
		.select(['id', 'programmeId', 'titleJson', 'status', 'sessionId'])
		.where('activityId', '=', activityId)
		.where('kind', '=', 'course_evaluation')
		.where('status', 'in', ['open', 'closed'])
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}
