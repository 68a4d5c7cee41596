import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { buildProgrammeFixture } from '../people/people.fixtures.ts';
import { rebuildResultCounts } from './results.service.ts';

/**
 * A KNOWN set of survey answers, written straight to the tables (independent of the builder
 * and answering code), for checking every number of the results and exports by hand.
 *
 * Follow-up survey: 28 invited, 20 answered (71.4 %). Respondent i = 0..19:
 * - unit: 0–7 Workplace A, 8–11 Team A (rolls up to A: 12), 12–16 Workplace B (5), 17–19 Workplace C (3)
 * - job: 0–13 librarian (14), 14–17 library_assistant (4), 18–19 manager (2)
 * - attended: even i (10) / odd i (10); gender: 0–14 female (15), 15–19 male (5); tenure: 0–5 '0-2', 6–19 '3-10'
 * Questions:
 * - q1 single, Swedish scale (1 Ja absolut … 4 Nej absolut inte, 9 Vet ej = don't know), bank 1:
 *   0–7 → 1, 8–13 → 2, 14–15 → 3, 16 → 4, 17–19 → 9. n 20, base 17: 47.1 / 35.3 / 11.8 / 5.9 %.
 * - q2 multi (a, b, c): a 0–9, b 5–13, c 14–17; 18 respondents: 55.6 / 50 / 22.2 %.
 * - q3 number, 0–9: 2 4 4 5 7 8 9 10 12 15 → mean 7.6, median 7.5, min 2, max 15.
 * - q4 text 0–5 (6 answers, shown); q5 text 0–2 (3, hidden).
 * - q6 learning situations (8 items, degree scale 5 top … 1): top-degree count 1 for 0–3 (low),
 *   4 for 4–16 (medium), 7 for 17–18 (high); 19 respondents → 21.1 / 68.4 / 10.5 %.
 * - q7 single, answered by 0–3 only (n 4 < 5: suppressed).
 * Baseline survey (previous wave): q1 with bank 1, 10 answers: 1×2, 2×4, 3×2, 4×2 (20/40/20/20 %).
 */
export async function buildResultsFixture(db: Db, tag: string) {
	const base = await buildProgrammeFixture(db, tag);
	const now = nowIso();
	const p = base.programmeId;
	const workplaceC = (
		await db
			.insertInto('units')
			.values({
				programmeId: p,
				parentId: base.units.region,
				kind: 'workplace',
				name: `Workplace C ${tag}`,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const labels = (en: string, sv = en) => ({ en, sv });
	const scale = async (code: string, options: object[]) =>
		(
			await db
				.insertInto('surveyScales')
				.values({
					programmeId: p,
					code: `${code}-${tag}`,
					nameJson: JSON.stringify(labels(code)),
					optionsJson: JSON.stringify(options)
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const agreement = await scale('agreement', [
		{ value: 1, labels: labels('Yes, absolutely', 'Ja, absolut') },
		{ value: 2, labels: labels('Yes, to some extent', 'Ja, i någon mån') },
		{ value: 3, labels: labels('Hardly', 'Nej, knappast inte') },
		{ value: 4, labels: labels('Not at all', 'Nej, absolut inte') },
		{ value: 9, labels: labels("Don't know", 'Vet ej'), dontKnow: true }
	]);
	const degree = await scale('degree', [
		{ value: 5, labels: labels('To a very high degree') },
		{ value: 4, labels: labels('To a high degree') },
		{ value: 3, labels: labels('To some degree') },
		{ value: 2, labels: labels('To a low degree') },
		{ value: 1, labels: labels('Not at all') }
	]);
	const bank = (
		await db
			.insertInto('surveyBankQuestions')
			.values({
				programmeId: p,
				type: 'single',
				textJson: JSON.stringify(labels('I benefit')),
				scaleId: agreement
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const survey = async (title: string, previousWaveId: number | null) =>
		(
			await db
				.insertInto('surveys')
				.values({
					programmeId: p,
					kind: previousWaveId ? 'programme' : 'baseline',
					titleJson: JSON.stringify(labels(title)),
					anonymous: 1,
					status: 'closed',
					previousWaveId,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const baselineId = await survey(`Baseline ${tag}`, null);
	const surveyId = await survey(`Follow-up ${tag}`, baselineId);
	let order = 0;
	const question = async (sid: number, type: string, text: string, extra: Record<string, unknown> = {}) =>
		(
			await db
				.insertInto('surveyQuestions')
				.values({
					surveyId: sid,
					type: type as 'single',
					textJson: JSON.stringify(labels(text)),
					sortOrder: order++,
					...extra
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const situations = Array.from({ length: 8 }, (_, i) => ({
		value: i,
		labels: labels(`Situation ${i + 1}`)
	}));
	const q = {
		q1: await question(surveyId, 'single', 'I benefit', { scaleId: agreement, bankQuestionId: bank }),
		q2: await question(surveyId, 'multi', 'Factors', {
			optionsJson: JSON.stringify([
				{ value: 1, labels: labels('Time') },
				{ value: 2, labels: labels('Colleagues') },
				{ value: 3, labels: labels('Manager') }
			]),
			maxPicks: 2
		}),
		q3: await question(surveyId, 'number', 'Hours'),
		q4: await question(surveyId, 'text', 'Comments'),
		q5: await question(surveyId, 'text', 'Other comments'),
		q6: await question(surveyId, 'learning_situations', 'Learning situations', {
			scaleId: degree,
			optionsJson: JSON.stringify(situations)
		}),
		q7: await question(surveyId, 'single', 'Rare question', { scaleId: agreement })
	};
	const bq1 = await question(baselineId, 'single', 'I benefit', { scaleId: agreement, bankQuestionId: bank });

	// 28 invited people (unique per survey), 20 completed.
	const invitees: number[] = [];
	for (let i = 0; i < 28; i++) {
		const email = `respondent${i}.${tag}@example.org`;
		invitees.push(
			(
				await db
					.insertInto('people')
					.values({
						programmeId: p,
						unitId: base.units.workplaceA,
						name: `R${i} ${tag}`,
						email,
						emailNormalized: email,
						updatedAt: now
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id
		);
	}
	await db
		.insertInto('surveyInvitations')
		.values(
			invitees.map((personId, i) => ({
				surveyId,
				personId,
				tokenHash: `hash-${tag}-${i}`,
				unitId: base.units.workplaceA,
				sentAt: now,
				completedAt: i < 20 ? now : null
			}))
		)
		.execute();

	const unitOf = (i: number) =>
		i < 8 ? base.units.workplaceA : i < 12 ? base.units.teamA : i < 17 ? base.units.workplaceB : workplaceC;
	const jobOf = (i: number) => (i < 14 ? 'librarian' : i < 18 ? 'library_assistant' : 'manager');
	const responseIds: number[] = [];
	for (let i = 0; i < 20; i++)
		responseIds.push(
			(
				await db
					.insertInto('surveyResponses')
					.values({
						surveyId,
						unitId: unitOf(i),
						jobCategory: jobOf(i),
						gender: i < 15 ? 'female' : 'male',
						tenureBand: i < 6 ? '0-2' : '3-10',
						attended: i % 2 === 0 ? 1 : 0,
						locale: 'sv',
						submittedAt: `2026-03-0${1 + (i % 5)}T10:1${i % 10}:00.000Z`
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id
		);
	type A = {
		responseId: number;
		questionId: number;
		item?: number;
		value?: number;
		numberValue?: number;
		textValue?: string;
	};
	const answers: A[] = [];
	const q1Value = (i: number) => (i < 8 ? 1 : i < 14 ? 2 : i < 16 ? 3 : i < 17 ? 4 : 9);
	const numbers = [2, 4, 4, 5, 7, 8, 9, 10, 12, 15];
	const top = (i: number) => (i < 4 ? 1 : i < 17 ? 4 : 7);
	for (let i = 0; i < 20; i++) {
		const responseId = responseIds[i]!;
		answers.push({ responseId, questionId: q.q1, value: q1Value(i) });
		if (i < 10) answers.push({ responseId, questionId: q.q2, value: 1 });
		if (i >= 5 && i < 14) answers.push({ responseId, questionId: q.q2, value: 2 });
		if (i >= 14 && i < 18) answers.push({ responseId, questionId: q.q2, value: 3 });
		if (i < 10) answers.push({ responseId, questionId: q.q3, numberValue: numbers[i] });
		if (i < 6) answers.push({ responseId, questionId: q.q4, textValue: `Comment ${i}` });
		if (i < 3) answers.push({ responseId, questionId: q.q5, textValue: `Rare ${i}` });
		if (i < 19)
			for (let item = 0; item < 8; item++)
				answers.push({ responseId, questionId: q.q6, item, value: item < top(i) ? 5 : 3 });
		if (i < 4) answers.push({ responseId, questionId: q.q7, value: 1 });
	}
	await db.transaction().execute(async (trx) => {
		for (let i = 0; i < answers.length; i += 200)
			await trx
				.insertInto('surveyAnswers')
				.values(
					answers
						.slice(i, i + 200)
						.map((a) => ({ item: 0, value: null, numberValue: null, textValue: null, ...a }))
				)
				.execute();
	});
	// Baseline: 10 answers to the same bank question.
	for (const value of [1, 1, 2, 2, 2, 2, 3, 3, 4, 4]) {
		const r = await db
			.insertInto('surveyResponses')
			.values({ surveyId: baselineId, unitId: base.units.workplaceA, submittedAt: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db.insertInto('surveyAnswers').values({ responseId: r.id, questionId: bq1, value }).execute();
	}
	// Written straight to the tables: the results' counts are rebuilt as a bulk load does.
	await rebuildResultCounts(db, surveyId);
	await rebuildResultCounts(db, baselineId);
	return {
		...base,
		units: { ...base.units, workplaceC },
		surveyId,
		baselineId,
		questions: q,
		baselineQ1: bq1
	};
}

export type ResultsFixture = Awaited<ReturnType<typeof buildResultsFixture>>;
