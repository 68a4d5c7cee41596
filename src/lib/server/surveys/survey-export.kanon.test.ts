import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobCategory } from '../db/schema.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { buildAnonymityFixture, type AnonymityFixture } from './anonymity.fixtures.ts';
import { exportRawAnswers, rawRows } from './survey-export.service.ts';
import { kAnonymise, suppressionBudget, type QuasiColumn } from './survey-export.kanon.ts';

/** Combinations of the grouping columns in a raw export: responses per combination. */
function combinations(rows: readonly (string | number | null)[][], groupColumns: readonly number[]) {
	const responses = new Map<string, Set<unknown>>();
	for (const r of rows.slice(1)) {
		const key = JSON.stringify(groupColumns.map((c) => r[c]));
		const set = responses.get(key) ?? new Set();
		set.add(r[0]);
		responses.set(key, set);
	}
	return [...responses.values()].map((s) => s.size);
}

describe('kAnonymise (pure)', () => {
	type Row = { a: string; b: string; c: string };
	const columns: QuasiColumn<Row>[] = [
		{ name: 'a', levels: [(r) => r.a, (r) => r.a.slice(0, 1), () => '*'] },
		{ name: 'b', levels: [(r) => r.b, () => '*'] },
		{ name: 'c', levels: [(r) => r.c, () => '*'] }
	];
	const row = fc.record({
		a: fc.constantFrom('x1', 'x2', 'y1', 'y2', 'z9'),
		b: fc.constantFrom('lt2', '2_5', '6_10', 'gt10'),
		c: fc.constantFrom('librarian', 'manager', 'it')
	});

	it('every kept combination holds at least k rows; only small combinations are suppressed, within budget', () => {
		fc.assert(
			fc.property(fc.array(row, { maxLength: 120 }), fc.integer({ min: 2, max: 10 }), (rows, k) => {
				const out = kAnonymise(rows, columns, k);
				const counts = new Map<string, number>();
				for (const r of out.kept)
					counts.set(JSON.stringify(r.values), (counts.get(JSON.stringify(r.values)) ?? 0) + 1);
				expect([...counts.values()].every((n) => n >= k)).toBe(true);
				expect(out.kept.length + out.suppressed.length).toBe(rows.length);
				// Suppression stays within the budget unless nothing could be generalised further.
				const allAny = out.levels.every((l, i) => l === columns[i]!.levels.length - 1);
				if (!allAny) expect(out.suppressed.length).toBeLessThanOrEqual(suppressionBudget(rows.length, k));
				if (rows.length < k) expect(out.kept).toHaveLength(0);
			}),
			{ numRuns: 300 }
		);
	});

	it('leaves k-anonymous data as it is', () => {
		const rows = Array.from({ length: 10 }, (_, i) => ({ a: i < 5 ? 'x1' : 'y1', b: 'lt2', c: 'it' }));
		const out = kAnonymise(rows, columns, 5);
		expect(out.levels).toEqual([0, 0, 0]);
		expect(out.suppressed).toEqual([]);
	});
});

/**
 * The raw export on both databases: two columns that each hold ≥ k responses together make a
 * cell of one (the only manager with under two years' tenure); the export must not show it.
 */
describeEachDb('raw export k-anonymity', (ctx) => {
	let f: AnonymityFixture;
	let office: Actor;
	let evaluator: Actor;
	beforeAll(async () => {
		f = await buildAnonymityFixture(ctx.db, 'kanon');
		office = (await loadActor(ctx.db, f.people.office))!;
		evaluator = (await loadActor(ctx.db, f.people.evaluator))!;
	});

	const groupColumns = (header: readonly (string | number | null)[], gender: boolean) =>
		['Date', 'Workplace', 'Job category', ...(gender ? ['Gender'] : []), 'Tenure', 'Attended the track'].map(
			(name) => {
				const i = header.indexOf(name);
				expect(i, name).toBeGreaterThan(0);
				return i;
			}
		);

	it('the only manager with under two years’ tenure is not singled out, nor is their comment shown', async () => {
		const s = await f.survey();
		// 6 managers and 6 librarians, 6 with tenure lt2 and 6 with 6_10: each value ≥ 5 on its own,
		// but "manager + lt2" is one person.
		const people: { job: JobCategory; tenure: string }[] = [
			{ job: 'manager', tenure: 'lt2' },
			...Array.from({ length: 5 }, () => ({ job: 'manager' as const, tenure: '6_10' })),
			...Array.from({ length: 5 }, () => ({ job: 'librarian' as const, tenure: 'lt2' })),
			{ job: 'librarian', tenure: '6_10' }
		];
		await f.respond(
			s,
			people.map((p, i) => ({
				...p,
				value: 1 + (i % 4),
				text: i === 0 ? 'Only the new manager would say this' : `Comment ${i}`
			}))
		);
		for (const [actor, gender] of [
			[evaluator, false],
			[office, true]
		] as const) {
			const { rows, notes } = await rawRows(ctx.db, actor, s.surveyId, 'en');
			const sizes = combinations(rows, groupColumns(rows[0]!, gender));
			expect(sizes.length).toBeGreaterThan(0);
			expect(Math.min(...sizes)).toBeGreaterThanOrEqual(5);
			const job = rows[0]!.indexOf('Job category');
			const tenure = rows[0]!.indexOf('Tenure');
			expect(rows.slice(1).some((r) => r[job] === 'manager' && r[tenure] === 'lt2')).toBe(false);
			expect(JSON.stringify(rows)).not.toContain('Only the new manager');
			// The file says what it did.
			expect(notes.flat().join('\n')).toMatch(/Every combination of Date, Workplace, Job category/);
			expect(notes.flat().join('\n')).toMatch(/Generalised: |left out/);
		}
		const csv = await exportRawAnswers(ctx.db, evaluator, s.surveyId, 'csv', 'sv');
		expect(String(csv.body)).toContain('Om den här exporten');
		expect(String(csv.body)).not.toContain('Only the new manager');
	});

	it('random respondents: no combination of exported grouping columns holds fewer than k responses', async () => {
		const units = [f.units.workplaceA, f.units.workplaceB, f.units.teamA, f.units.solo, f.units.trio];
		const jobs: JobCategory[] = ['librarian', 'manager', 'it_specialist', 'archivist'];
		const tenures = ['lt2', '2_5', '6_10', 'gt10', null];
		const respondent = fc.record({
			unitId: fc.constantFrom(...units),
			job: fc.constantFrom(...jobs),
			tenure: fc.constantFrom(...tenures),
			gender: fc.constantFrom('female', 'male', 'other'),
			attended: fc.constantFrom(0 as const, 1 as const),
			value: fc.integer({ min: 1, max: 4 }),
			day: fc.integer({ min: 1, max: 28 })
		});
		await fc.assert(
			fc.asyncProperty(fc.array(respondent, { minLength: 5, maxLength: 40 }), async (list) => {
				const s = await f.survey({ anonymous: false });
				await f.respond(
					s,
					list.map((r) => ({
						...r,
						text: `Comment ${r.job} ${r.tenure}`,
						submittedAt: `2026-0${1 + (r.day % 3)}-${String(r.day).padStart(2, '0')}T10:00:00.000Z`
					}))
				);
				const { rows } = await rawRows(ctx.db, office, s.surveyId, 'en');
				const sizes = combinations(rows, groupColumns(rows[0]!, true));
				expect(sizes.every((n) => n >= 5)).toBe(true);
			}),
			{ numRuns: 12 }
		);
	});
});
