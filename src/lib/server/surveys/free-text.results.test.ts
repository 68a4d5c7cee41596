import { beforeAll, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { describeEachDb } from '../testing/db.ts';
import { buildResultsFixture, type ResultsFixture } from './results.fixtures.ts';
import { surveyResults } from './results.service.ts';

describeEachDb('survey results: free text grouped', (ctx) => {
	let f: ResultsFixture;
	beforeAll(async () => {
		f = await buildResultsFixture(ctx.db, 'txt');
		// Three of q4's six comments say the same as "Comment 0", written differently (the wording
		// most used, "Comment 0", is shown); q5's three
		// rare comments become identical (still fewer than k answers).
		await ctx.db
			.updateTable('surveyAnswers')
			.set({ textValue: '  comment   0 ' })
			.where('questionId', '=', f.questions.q4)
			.where('textValue', '=', 'Comment 1')
			.execute();
		await ctx.db
			.updateTable('surveyAnswers')
			.set({ textValue: 'Comment \t0 ' })
			.where('questionId', '=', f.questions.q4)
			.where('textValue', '=', 'Comment 2')
			.execute();
		await ctx.db
			.updateTable('surveyAnswers')
			.set({ textValue: 'COMMENT 0' })
			.where('questionId', '=', f.questions.q4)
			.where('textValue', '=', 'Comment 3')
			.execute();
		await ctx.db
			.updateTable('surveyAnswers')
			.set({ textValue: 'Same' })
			.where('questionId', '=', f.questions.q5)
			.execute();
	});

	it('groups identical texts with a count, most frequent first, under the small-group protection', async () => {
		const office = (await loadActor(ctx.db, f.people.office))!;
		const r = await surveyResults(ctx.db, office, f.surveyId, {}, 'sv');
		const q4 = r.questions.find((q) => q.id === f.questions.q4)!;
		expect(q4.texts).toEqual({
			n: 6,
			shown: true,
			answers: [
				{ text: 'Comment 0', count: 4 },
				{ text: 'Comment 4', count: 1 },
				{ text: 'Comment 5', count: 1 }
			]
		});
		// Three identical answers are still three people: hidden below k, never "Same ×3".
		const q5 = r.questions.find((q) => q.id === f.questions.q5)!;
		expect(q5.texts).toEqual({ n: 3, shown: false, answers: [] });
	});
});
