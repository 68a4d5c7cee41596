import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { buildReportFixture } from '../reports/reports.fixtures.ts';

/**
 * The report fixture (reports.fixtures.ts: 6 participants, 50 hours, 4 sessions held, 5 course
 * days in 2026) plus, written straight to the tables:
 * - the other programme's office person attended S1 (3 h): 7 participants, 53 hours, 1 from outside;
 * - activity A4 (no session held);
 * - a manager role on W3 for the steering person (staff of R): W3's scope is p4, p5 and them;
 * - p1's individual plan, linked to W1's workplace plan, covering today;
 * - course evaluations E1 (15 answers: 8×1, 4×2, 2×3, 1×4) and E2 (3 answers: 2×1, 1×2) of one
 *   bank question, and survey C (4 answers: 4×1) — answer counts as the results module keeps them.
 */
export async function buildGoalFixture(db: Db, tag: string) {
	const f = await buildReportFixture(db, tag);
	const now = nowIso();
	const { programmeId } = f;
	await db
		.insertInto('registrations')
		.values({
			sessionId: f.sessions.S1,
			personId: f.people.outsider,
			status: 'attended',
			hoursCredited: 3,
			confirmedAt: now,
			attendanceMarkedAt: now,
			updatedAt: now
		})
		.execute();
	const A4 = (
		await db
			.insertInto('activities')
			.values({
				programmeId,
				trackId: null,
				type: 'lecture',
				learningForm: 'formal',
				title: `Planned lecture ${tag}`,
				publishedAt: now,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	await db
		.insertInto('roleAssignments')
		.values({ personId: f.people.steering, role: 'manager', programmeId, unitId: f.units.W3 })
		.execute();
	const today = now.slice(0, 10);
	const plan = await db
		.insertInto('workplacePlans')
		.values({
			programmeId,
			unitId: f.units.W1,
			title: 'W1 plan',
			periodStart: '2026-01-01',
			periodEnd: '2099-12-31',
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('individualPlans')
		.values({
			personId: f.people.p1,
			workplacePlanId: plan.id,
			periodStart: today,
			periodEnd: '2099-12-31',
			updatedAt: now
		})
		.execute();

	const bank = (
		await db
			.insertInto('surveyBankQuestions')
			.values({
				programmeId,
				type: 'single',
				textJson: JSON.stringify({ en: 'Did you benefit?', sv: 'Hade du nytta?' }),
				scaleId: null,
				optionsJson: null
			} as never)
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const options = JSON.stringify(
		[1, 2, 3, 4].map((value) => ({ value, labels: { en: `O${value}`, sv: `A${value}` } }))
	);
	const survey = async (
		title: string,
		kind: 'course_evaluation' | 'programme',
		counts: Record<number, number>,
		bankQuestionId: number | null,
		programme = programmeId
	) => {
		const surveyId = (
			await db
				.insertInto('surveys')
				.values({
					programmeId: programme,
					kind,
					titleJson: JSON.stringify({ en: title, sv: title }),
					anonymous: 1,
					status: 'closed',
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const questionId = (
			await db
				.insertInto('surveyQuestions')
				.values({
					surveyId,
					sectionId: null,
					bankQuestionId,
					type: 'single',
					textJson: JSON.stringify({ en: 'Did you benefit?', sv: 'Hade du nytta?' }),
					scaleId: null,
					optionsJson: options,
					maxPicks: null,
					required: 1,
					conditionJson: null,
					sortOrder: 1
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		for (const [value, n] of Object.entries(counts))
			await db
				.insertInto('surveyResultCounts')
				.values({
					surveyId,
					dimension: 'all',
					groupKey: '',
					kind: 'v',
					questionId,
					item: 0,
					value: Number(value),
					n
				})
				.execute();
		return { surveyId, questionId };
	};
	const E1 = await survey(`Evaluation 1 ${tag}`, 'course_evaluation', { 1: 8, 2: 4, 3: 2, 4: 1 }, bank);
	const E2 = await survey(`Evaluation 2 ${tag}`, 'course_evaluation', { 1: 2, 2: 1 }, bank);
	const C = await survey(`Small survey ${tag}`, 'programme', { 1: 4 }, null);
	const foreign = await survey(`Other programme ${tag}`, 'programme', { 1: 9 }, null, f.otherProgrammeId);
	return { ...f, A4, bank, surveys: { E1, E2, C, foreign } };
}
export type GoalFixture = Awaited<ReturnType<typeof buildGoalFixture>>;
