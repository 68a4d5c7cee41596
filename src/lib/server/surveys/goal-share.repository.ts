import type { Db } from '../db/database.ts';

/**
 * Reads for goal indicators (issue 12): answer counts by value from the maintained result
 * counts (`survey_result_counts`, dimension `all`), per survey, for one question or for every
 * course-evaluation question made from one bank question. One grouped query; no permission
 * logic here.
 */
export type ShareSource = { questionId: number } | { bankQuestionId: number };

export async function shareCountsBySurvey(db: Db, programmeId: number, source: ShareSource, item: number) {
	let q = db
		.selectFrom('surveyResultCounts as c')
		.innerJoin('surveyQuestions as q', 'q.id', 'c.questionId')
		.innerJoin('surveys as s', 's.id', 'c.surveyId')
		.where('s.programmeId', '=', programmeId)
		.where('c.dimension', '=', 'all')
		.where('c.groupKey', '=', '')
		.where('c.kind', '=', 'v')
		.where('c.item', '=', item);
	q =
		'questionId' in source
			? q.where('q.id', '=', source.questionId)
			: q.where('q.bankQuestionId', '=', source.bankQuestionId).where('s.kind', '=', 'course_evaluation');
	return q
		.select((eb) => ['s.id as surveyId', 's.titleJson', 'c.value', eb.fn.sum<number>('c.n').as('n')])
		.groupBy(['s.id', 's.titleJson', 'c.value'])
		.orderBy('s.id')
		.execute();
}

/** A question of the programme's surveys (for checking a goal's settings), with its options. */
export async function programmeQuestion(db: Db, programmeId: number, questionId: number) {
	return db
		.selectFrom('surveyQuestions as q')
		.innerJoin('surveys as s', 's.id', 'q.surveyId')
		.select(['q.id', 'q.type', 'q.textJson', 'q.scaleId', 'q.optionsJson', 's.titleJson as surveyTitleJson'])
		.where('q.id', '=', questionId)
		.where('s.programmeId', '=', programmeId)
		.executeTakeFirst();
}

/** Is the bank question used by a course evaluation of the programme? */
export async function bankQuestionInProgramme(db: Db, programmeId: number, bankQuestionId: number) {
	const row = await db
		.selectFrom('surveyQuestions as q')
		.innerJoin('surveys as s', 's.id', 'q.surveyId')
		.select('q.id')
		.where('q.bankQuestionId', '=', bankQuestionId)
		.where('s.programmeId', '=', programmeId)
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}

/** Single-choice and matrix questions of the programme's sent surveys, newest first (the goal form's choices). */
export async function shareQuestionOptions(db: Db, programmeId: number, limit: number) {
	return db
		.selectFrom('surveyQuestions as q')
		.innerJoin('surveys as s', 's.id', 'q.surveyId')
		.select([
			'q.id',
			'q.textJson',
			'q.bankQuestionId',
			's.id as surveyId',
			's.titleJson as surveyTitleJson',
			's.kind'
		])
		.where('s.programmeId', '=', programmeId)
		.where('q.type', 'in', ['single', 'matrix'])
		.orderBy('s.id', 'desc')
		.orderBy('q.sortOrder')
		.limit(limit)
		.execute();
}
