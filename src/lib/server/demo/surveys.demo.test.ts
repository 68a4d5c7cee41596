import { expect, it } from 'vitest';
import { describeEachDb } from '../testing/db.ts';
import { createDemo } from './demo.ts';

/** The demo surveys: waves, course evaluations, learning situations, a small long-term group. */
describeEachDb('surveys demo', (ctx) => {
	it('creates the surveys with plausible, consistent answers', { timeout: 120_000 }, async () => {
		const started = Date.now();
		await createDemo(ctx.db, { password: 'demo' });
		const elapsed = Date.now() - started;
		const surveys = await ctx.db.selectFrom('surveys').selectAll().orderBy('id').execute();
		const stats = async (surveyId: number) => {
			const inv = await ctx.db
				.selectFrom('surveyInvitations')
				.select((eb) => [
					eb.fn.countAll<number>().as('invited'),
					eb.fn.count<number>('completedAt').as('completed')
				])
				.where('surveyId', '=', surveyId)
				.executeTakeFirstOrThrow();
			const responses = await ctx.db
				.selectFrom('surveyResponses')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('surveyId', '=', surveyId)
				.executeTakeFirstOrThrow();
			return {
				invited: Number(inv.invited),
				completed: Number(inv.completed),
				responses: Number(responses.n)
			};
		};
		const baseline = surveys.find((s) => s.kind === 'baseline')!;
		const followUp = surveys.find((s) => s.previousWaveId === baseline.id)!;
		expect(followUp.status).toBe('open');
		for (const s of [baseline, followUp]) {
			const st = await stats(s.id);
			expect(st.completed).toBe(st.responses);
			expect(st.completed / st.invited).toBeGreaterThan(0.68);
			expect(st.completed / st.invited).toBeLessThan(0.82);
		}
		// Same bank questions in both waves.
		const bank = async (id: number) =>
			(
				await ctx.db
					.selectFrom('surveyQuestions')
					.select('bankQuestionId')
					.where('surveyId', '=', id)
					.orderBy('sortOrder')
					.execute()
			).map((r) => r.bankQuestionId);
		expect(await bank(followUp.id)).toEqual(await bank(baseline.id));
		expect((await bank(baseline.id)).every((b) => b !== null)).toBe(true);

		const evaluations = surveys.filter((s) => s.kind === 'course_evaluation');
		expect(evaluations.length).toBeGreaterThan(0);
		for (const s of evaluations) {
			// Only attendees were invited.
			const notAttended = await ctx.db
				.selectFrom('surveyInvitations')
				.select('surveyInvitations.id')
				.where('surveyInvitations.surveyId', '=', s.id)
				.where(({ not, exists, selectFrom }) =>
					not(
						exists(
							selectFrom('registrations')
								.select('registrations.id')
								.whereRef('registrations.personId', '=', 'surveyInvitations.personId')
								.where('registrations.sessionId', '=', s.sessionId!)
								.where('registrations.status', '=', 'attended')
						)
					)
				)
				.execute();
			expect(notAttended).toEqual([]);
		}
		const longTerm = surveys.find((s) => s.kind === 'long_term')!;
		expect(await stats(longTerm.id)).toEqual({ invited: 10, completed: 8, responses: 8 });
		const units = await ctx.db
			.selectFrom('surveyResponses')
			.select('unitId')
			.distinct()
			.where('surveyId', '=', longTerm.id)
			.execute();
		expect(units).toHaveLength(1);

		// Learning-situation index near 21 / 67 / 11 %.
		const learning = surveys.find((s) => s.kind === 'learning_situations')!;
		const block = await ctx.db
			.selectFrom('surveyQuestions')
			.select(['id', 'scaleId'])
			.where('surveyId', '=', learning.id)
			.where('type', '=', 'learning_situations')
			.executeTakeFirstOrThrow();
		const top = JSON.parse(
			(
				await ctx.db
					.selectFrom('surveyScales')
					.select('optionsJson')
					.where('id', '=', block.scaleId!)
					.executeTakeFirstOrThrow()
			).optionsJson
		)[0].value as number;
		const rows = await ctx.db
			.selectFrom('surveyAnswers')
			.select(['responseId', 'value'])
			.where('questionId', '=', block.id)
			.execute();
		const perResponse = new Map<number, number>();
		for (const r of rows)
			perResponse.set(r.responseId, (perResponse.get(r.responseId) ?? 0) + (r.value === top ? 1 : 0));
		const n = perResponse.size;
		const low = [...perResponse.values()].filter((c) => c < 3).length / n;
		const high = [...perResponse.values()].filter((c) => c > 5).length / n;
		expect(low).toBeGreaterThan(0.12);
		expect(low).toBeLessThan(0.32);
		expect(high).toBeGreaterThan(0.05);
		expect(high).toBeLessThan(0.2);

		// Anonymous: no response carries a person.
		expect(
			await ctx.db.selectFrom('surveyResponses').select('id').where('personId', 'is not', null).execute()
		).toEqual([]);
		expect(elapsed).toBeLessThan(60_000);
	});
});
