import { beforeAll, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { buildAnonymityFixture, type AnonymityFixture } from './anonymity.fixtures.ts';
import { submitAnswers } from './answering.service.ts';
import { responseRate } from './distribution.service.ts';
import {
	checkResultCounts,
	rebuildResultCounts,
	setResultsBase,
	surveyResults,
	type QuestionResult
} from './results.service.ts';
import { exportResults } from './survey-export.service.ts';

/**
 * Results as evaluators count them, from the counts maintained at submission (issues 10 and 11):
 * both percentage bases against KLURA's Table 3 computed by hand, the breakdown by workplace
 * type, hidden groups that say nothing, and the check that recomputes the counts from raw answers.
 */
describeEachDb('survey results from maintained counts', (ctx) => {
	let f: AnonymityFixture;
	const actors: Record<string, Actor> = {};
	beforeAll(async () => {
		f = await buildAnonymityFixture(ctx.db, 'cnt');
		for (const key of ['office', 'steering', 'evaluator'] as const)
			actors[key] = (await loadActor(ctx.db, f.people[key]))!;
	});
	const single = (r: { questions: QuestionResult[] }, id: number) =>
		r.questions.find((q) => q.id === id)!.items![0]!;
	const times = (n: number, r: object) => Array.from({ length: n }, () => r);

	it('KLURA Table 3: 72/13/1/0/14 % of all who answered, "don\'t know" its own bar; 83.7/15.1/1.2/0 of those with an opinion', async () => {
		const s = await f.survey();
		await f.respond(s, [
			...times(72, { value: 1 }),
			...times(13, { value: 2 }),
			...times(1, { value: 3 }),
			...times(14, { value: 9 })
		]);
		const all = await surveyResults(ctx.db, actors.evaluator!, s.surveyId, {}, 'sv');
		expect(all.base).toBe('all');
		const d = single(all, s.q.single);
		expect([d.n, d.base, d.dontKnow, d.basis, d.baseN]).toEqual([100, 86, 14, 'all', 100]);
		expect(d.options.map((o) => [o.value, o.count, o.percent])).toEqual([
			[1, 72, 72],
			[2, 13, 13],
			[3, 1, 1],
			[4, 0, 0],
			[9, 14, 14]
		]);
		// 72/86 = 83.72…, 13/86 = 15.12…, 1/86 = 1.16…; "don't know" has no share of the opinions.
		expect(d.options.map((o) => o.percentOfOpinion)).toEqual([83.7, 15.1, 1.2, 0, null]);
		const opinion = await surveyResults(ctx.db, actors.evaluator!, s.surveyId, { base: 'opinion' }, 'sv');
		expect(single(opinion, s.q.single).options.map((o) => o.percent)).toEqual([83.7, 15.1, 1.2, 0, null]);
		expect(single(opinion, s.q.single).baseN).toBe(86);

		// Remembered per survey: the page and the export then use it without being asked.
		await setResultsBase(ctx.db, actors.evaluator!, s.surveyId, 'opinion');
		const remembered = await surveyResults(ctx.db, actors.steering!, s.surveyId, {}, 'en');
		expect([remembered.base, remembered.storedBase]).toEqual(['opinion', 'opinion']);
		const file = await exportResults(ctx.db, actors.office!, s.surveyId, { format: 'csv' }, 'sv');
		const lines = (file.body as string).replace('\uFEFF', '').split('\r\n');
		expect(lines).toContain('Procentbas;andel av dem som har en åsikt (”vet ej” ej inräknat)');
		expect(lines[8]).toContain('Procent (andel av dem som har en åsikt');
		expect(lines).toContain('I learn at work (sv);;Totalt;Yes (sv);72;83,7;100');
		// …and an export may still ask for the other base.
		const asked = await exportResults(
			ctx.db,
			actors.office!,
			s.surveyId,
			{ format: 'csv', base: 'all' },
			'sv'
		);
		expect(asked.body as string).toContain('I learn at work (sv);;Totalt;Yes (sv);72;72;100');
		expect(asked.body as string).toContain("I learn at work (sv);;Totalt;Don't know (sv);14;14;100");
	});

	it('breaks down by workplace type, translated, small types merged and never named', async () => {
		const setType = (id: number, unitType: 'care_home' | 'home_care' | 'school' | null) =>
			ctx.db.updateTable('units').set({ unitType }).where('id', '=', id).execute();
		await setType(f.units.workplaceA, 'care_home');
		await setType(f.units.workplaceB, 'home_care');
		await setType(f.units.solo, 'school');
		try {
			const s = await f.survey();
			await f.respond(s, [
				// Team A has no type of its own: it counts as its workplace's (care home).
				...times(4, { unitId: f.units.workplaceA, value: 1 }),
				...times(3, { unitId: f.units.teamA, value: 2 }),
				...times(6, { unitId: f.units.workplaceB, value: 3 }),
				{ unitId: f.units.solo, value: 4 }
			]);
			const r = await surveyResults(ctx.db, actors.steering!, s.surveyId, { by: 'unitType' }, 'da');
			const b = r.questions.find((q) => q.id === s.q.single)!.breakdown!;
			// School (1) is small; home care (6, the smallest shown) is hidden with it so that
			// "total − care home" can't give the school back.
			expect(b.groups.map((g) => [g.key, g.label, g.n])).toEqual([['care_home', 'Plejehjem', 7]]);
			expect(b.other!.label).toBe('Øvrige grupper (n < 5)');
			expect(b.other!.n).toBe(7);
			expect(JSON.stringify(r)).not.toMatch(/Skole|school|Hjemmepleje|home_care/);
			expect(r.groupSizes!.groups.map((g) => [g.label, g.n])).toEqual([['Plejehjem', 7]]);
			// The response rate by type, under the same protection.
			await f.invite(s, [
				{ unitId: f.units.teamA, invited: 9, completed: 7 },
				{ unitId: f.units.workplaceB, invited: 6, completed: 6 },
				{ unitId: f.units.solo, invited: 1, completed: 1 }
			]);
			const rate = await responseRate(ctx.db, actors.steering!, s.surveyId, 'da');
			expect(rate.byUnitType.map((t) => [t.unitType, t.label, t.invited, t.completed])).toEqual([
				['care_home', 'Plejehjem', 9, 7]
			]);
			expect(rate.otherUnitTypes).toEqual({ invited: 7, completed: 7, rate: 1 });
			expect(JSON.stringify(rate.byUnitType)).not.toMatch(/Skole|Hjemmepleje/);
		} finally {
			for (const id of [f.units.workplaceA, f.units.workplaceB, f.units.solo]) await setType(id, null);
		}
	});

	it('a one-person unit: neither the breakdown, the group sizes nor the response rate reveal anything about it', async () => {
		const s = await f.survey();
		await f.invite(s, [
			{ unitId: f.units.solo, invited: 1, completed: 1 },
			{ unitId: f.units.workplaceA, invited: 8, completed: 6 },
			{ unitId: f.units.workplaceB, invited: 6, completed: 5 }
		]);
		await f.respond(s, [
			{ unitId: f.units.solo, value: 4 },
			...times(6, { unitId: f.units.workplaceA, value: 1 }),
			...times(5, { unitId: f.units.workplaceB, value: 2 })
		]);
		for (const who of ['office', 'steering', 'evaluator'] as const) {
			const r = await surveyResults(ctx.db, actors[who]!, s.surveyId, { by: 'unit' }, 'en');
			const b = r.questions.find((q) => q.id === s.q.single)!.breakdown!;
			expect(b.groups.map((g) => g.n)).toEqual([6]);
			expect(b.other!.label).toBe('Other units (n < 5)');
			expect(b.other!.n).toBe(6);
			expect(r.groupSizes!.other).toEqual({ key: 'other', label: 'Other units (n < 5)', n: 6 });
			const rate = await responseRate(ctx.db, actors[who]!, s.surveyId, 'en');
			for (const text of [JSON.stringify(r), JSON.stringify(rate)]) expect(text).not.toContain('Solo');
			expect(rate.byUnit.some((u) => u.invited < 5 || u.unitId === f.units.solo)).toBe(false);
			expect(rate.byUnit.every((u) => u.rate >= 0 && u.rate <= 1)).toBe(true);
		}
		// The results' rate is the same fraction 0..1 as the distribution's.
		const r = await surveyResults(ctx.db, actors.office!, s.surveyId, {}, 'en');
		const rate = await responseRate(ctx.db, actors.office!, s.surveyId, 'en');
		expect(r.responseRate).toBeCloseTo(rate.rate, 4);
		expect(r.responseRate).toBe(0.8);
	});

	it('submitting maintains the counts in the same transaction; the check recomputes them from the raw answers', async () => {
		const s = await f.survey();
		const tokens = await f.invite(s, [{ unitId: f.units.workplaceA, invited: 7, completed: 0 }]);
		for (const [i, t] of tokens.entries())
			await submitAnswers(
				ctx.db,
				{ token: t.token },
				{ raw: { ['q' + s.q.single]: String((i % 4) + 1), ['q' + s.q.number]: String(i + 1) } }
			);
		const before = await surveyResults(ctx.db, actors.office!, s.surveyId, {}, 'en');
		expect(before.respondents).toBe(7);
		expect(single(before, s.q.single).options.map((o) => o.count)).toEqual([2, 2, 2, 1, 0]);
		expect(before.questions.find((q) => q.id === s.q.number)!.numbers).toEqual({
			n: 7,
			mean: 4,
			median: 4,
			min: 1,
			max: 7
		});
		expect((await checkResultCounts(ctx.db, { surveyId: s.surveyId }))[0]!.mismatchCount).toBe(0);

		// A count that drifted from the answers is found, and a rebuild repairs it.
		await ctx.db
			.updateTable('surveyResultCounts')
			.set((eb) => ({ n: eb('n', '+', 1) }))
			.where('surveyId', '=', s.surveyId)
			.where('kind', '=', 'v')
			.where('dimension', '=', 'all')
			.where('value', '=', 1)
			.execute();
		const drift = (await checkResultCounts(ctx.db, { surveyId: s.surveyId }))[0]!;
		expect(drift.mismatchCount).toBe(1);
		expect(drift.mismatches[0]).toMatchObject({ stored: 3, recomputed: 2 });
		await rebuildResultCounts(ctx.db, s.surveyId);
		expect((await checkResultCounts(ctx.db, { surveyId: s.surveyId }))[0]!.mismatchCount).toBe(0);
		expect(await surveyResults(ctx.db, actors.office!, s.surveyId, {}, 'en')).toEqual(before);
	});
});
