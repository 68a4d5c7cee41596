import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { buildResultsFixture, type ResultsFixture } from './results.fixtures.ts';
import { surveyResults, type Distribution, type QuestionResult } from './results.service.ts';
import { exportRawAnswers, exportResults, rawRows, resultRows } from './survey-export.service.ts';

/** Counts and the shares of those with an opinion (hand-computed below). */
const pct = (d: Distribution) => d.options.map((o) => [o.value, o.count, o.percentOfOpinion]);

describeEachDb('survey results', (ctx) => {
	let f: ResultsFixture;
	const actors: Record<string, Actor> = {};
	beforeAll(async () => {
		f = await buildResultsFixture(ctx.db, 'res');
		for (const key of ['office', 'steering', 'evaluator', 'participant', 'managerA', 'otherOffice'] as const)
			actors[key] = (await loadActor(ctx.db, f.people[key]))!;
	});
	const q = (r: { questions: QuestionResult[] }, id: number) => r.questions.find((x) => x.id === id)!;

	it('computes n, response rate, distributions, choices, numbers, texts and the index', async () => {
		const r = await surveyResults(ctx.db, actors.office!, f.surveyId, {}, 'en');
		expect(r.invited).toBe(28);
		expect(r.completed).toBe(20);
		expect(r.responseRate).toBe(0.7143);
		expect(r.respondents).toBe(20);
		expect(r.minGroupSize).toBe(5);

		const q1 = q(r, f.questions.q1);
		expect(q1.n).toBe(20);
		const d = q1.items![0]!;
		expect([d.n, d.base, d.dontKnow, d.basis, d.baseN, d.small]).toEqual([20, 17, 3, 'all', 20, false]);
		expect(pct(d)).toEqual([
			[1, 8, 47.1],
			[2, 6, 35.3],
			[3, 2, 11.8],
			[4, 1, 5.9],
			[9, 3, null]
		]);

		const q2 = q(r, f.questions.q2);
		expect(q2.n).toBe(18);
		expect(q2.choices!.map((c) => [c.label, c.count, c.percent])).toEqual([
			['Time', 10, 55.6],
			['Colleagues', 9, 50],
			['Manager', 4, 22.2]
		]);

		expect(q(r, f.questions.q3).numbers).toEqual({ n: 10, mean: 7.6, median: 7.5, min: 2, max: 15 });

		const q4 = q(r, f.questions.q4);
		expect(q4.texts).toEqual({
			n: 6,
			shown: true,
			answers: [0, 1, 2, 3, 4, 5].map((i) => ({ text: `Comment ${i}`, count: 1 }))
		});
		const q5 = q(r, f.questions.q5);
		expect(q5.texts).toEqual({ n: 3, shown: false, answers: [] });
		expect(q5.suppressed).toBe(true);

		const q6 = q(r, f.questions.q6);
		expect(q6.n).toBe(19);
		expect(q6.items).toHaveLength(8);
		// Situation 1 at the top degree for everyone (all have ≥ 1); situation 8 for nobody.
		expect(q6.items![0]!.options.find((o) => o.value === 5)!.count).toBe(19);
		expect(q6.items![7]!.options.find((o) => o.value === 5)!.count).toBe(0);
		expect(q6.index!.levels.map((l) => [l.level, l.count, l.percent])).toEqual([
			['low', 4, 21.1],
			['medium', 13, 68.4],
			['high', 2, 10.5]
		]);

		const q7 = q(r, f.questions.q7);
		expect(q7.suppressed).toBe(true);
		expect(q7.n).toBe(4);
		expect(q7.items).toBeUndefined();
	});

	it('breaks down by workplace with suppression by subtraction (C small, B hidden too, merged into other)', async () => {
		const r = await surveyResults(ctx.db, actors.office!, f.surveyId, { by: 'unit' }, 'en');
		const b = q(r, f.questions.q1).breakdown!;
		// Team A rolls up to Workplace A (12).
		expect(b.groups.map((g) => [g.label, g.n])).toEqual([['Workplace A res', 12]]);
		expect(pct(b.groups[0]!.items![0]!)).toEqual([
			[1, 8, 66.7],
			[2, 4, 33.3],
			[3, 0, 0],
			[4, 0, 0],
			[9, 0, null]
		]);
		// B (hidden by subtraction) and C (small) are merged and never named.
		expect(b.other!.label).toBe('Other units (n < 5)');
		expect(JSON.stringify(r)).not.toMatch(/Workplace [BC] res/);
		expect(b.other!.n).toBe(8);
		expect(pct(b.other!.items![0]!)).toEqual([
			[1, 0, 0],
			[2, 2, 40],
			[3, 2, 40],
			[4, 1, 20],
			[9, 3, null]
		]);
		// Total − shown = other: nothing smaller than k can be derived.
		expect(q(r, f.questions.q1).n - b.groups[0]!.n).toBe(b.other!.n);

		const idx = q(r, f.questions.q6).breakdown!;
		expect(idx.groups.map((g) => [g.label, g.index!.levels.map((l) => l.count)])).toEqual([
			['Workplace A res', [4, 8, 0]]
		]);
		expect(idx.other!.index!.levels.map((l) => l.count)).toEqual([0, 5, 2]);
		// Free text is never broken down; a suppressed question neither.
		expect(q(r, f.questions.q4).breakdown).toBeUndefined();
		expect(q(r, f.questions.q7).breakdown).toBeUndefined();
		expect(r.groupSizes!.groups.map((g) => [g.label, g.n])).toEqual([['Workplace A res', 12]]);
		expect(r.groupSizes!.other!.n).toBe(8);
	});

	it('breaks down by job category (manager 2 small, assistants 4 small: merged 6)', async () => {
		const r = await surveyResults(ctx.db, actors.office!, f.surveyId, { by: 'jobCategory' }, 'en');
		const b = q(r, f.questions.q1).breakdown!;
		expect(b.groups.map((g) => [g.key, g.n])).toEqual([['librarian', 14]]);
		expect(b.other!.label).toBe('Other groups (n < 5)');
		expect(JSON.stringify(b)).not.toMatch(/library_assistant|manager|Manager|assistant/i);
		expect(b.other!.n).toBe(6);
	});

	it('compares cohorts (attended vs not) and waves (matched by bank question)', async () => {
		const c = await surveyResults(ctx.db, actors.office!, f.surveyId, { compare: 'cohorts' }, 'en');
		expect(c.by).toBe('track');
		expect(q(c, f.questions.q1).breakdown!.groups.map((g) => [g.label, g.n])).toEqual([
			['Attended', 10],
			['Did not attend', 10]
		]);
		const w = await surveyResults(ctx.db, actors.office!, f.surveyId, { compare: 'waves' }, 'en');
		expect(w.baseline).toEqual({ id: f.baselineId, title: 'Baseline res' });
		const cmp = q(w, f.questions.q1).comparison!;
		expect(cmp.baseline!.n).toBe(10);
		expect(pct(cmp.baseline!.items![0]!)).toEqual([
			[1, 2, 20],
			[2, 4, 40],
			[3, 2, 20],
			[4, 2, 20],
			[9, 0, null]
		]);
		// Questions without a bank question are not compared.
		expect(q(w, f.questions.q7).comparison).toBeUndefined();
	});

	it('lets steering and evaluators read results; participants, managers and other programmes get not-found', async () => {
		await expect(surveyResults(ctx.db, actors.steering!, f.surveyId, {}, 'en')).resolves.toBeTruthy();
		await expect(surveyResults(ctx.db, actors.evaluator!, f.surveyId, {}, 'en')).resolves.toBeTruthy();
		for (const who of ['participant', 'managerA', 'otherOffice'])
			await expect(surveyResults(ctx.db, actors[who]!, f.surveyId, {}, 'en')).rejects.toBeInstanceOf(
				AccessDeniedError
			);
		await expect(surveyResults(ctx.db, actors.office!, 999_999, {}, 'en')).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		// Gender is for the office only.
		await expect(
			surveyResults(ctx.db, actors.steering!, f.surveyId, { by: 'gender' }, 'en')
		).rejects.toBeInstanceOf(AccessDeniedError);
		const g = await surveyResults(ctx.db, actors.office!, f.surveyId, { by: 'gender' }, 'en');
		expect(q(g, f.questions.q1).breakdown!.groups.map((x) => [x.key, x.n])).toEqual([
			['female', 15],
			['male', 5]
		]);
	});

	it('exports the same numbers as CSV and XLSX, audited', async () => {
		const before = await ctx.db
			.selectFrom('auditLog')
			.where('entityType', '=', 'survey')
			.select('id')
			.execute();
		const file = await exportResults(
			ctx.db,
			actors.steering!,
			f.surveyId,
			{ format: 'csv', by: 'unit', base: 'opinion' },
			'en'
		);
		expect(file.contentType).toContain('text/csv');
		const lines = (file.body as string).replace('\uFEFF', '').trim().split('\r\n');
		expect(lines).toContain('Respondents (n);20');
		expect(lines).toContain('Invited;28');
		expect(lines).toContain('Answered;20');
		expect(lines).toContain('Response rate (%);71.4');
		expect(lines).toContain('I benefit;;Total;Yes, absolutely;8;47.1;20');
		expect(lines).toContain("I benefit;;Total;Don't know;3;;20");
		expect(lines).toContain('I benefit;;Workplace A res;Yes, absolutely;8;66.7;12');
		expect(lines).toContain('I benefit;;Other units (n < 5);Hardly;2;40;8');
		// The base in the header; hidden groups never named.
		expect(lines).toContain('Percentage base;"share of those with an opinion (""don\'t know"" excluded)"');
		expect(lines.some((l) => l.includes('Workplace C res') || l.includes('Workplace B res'))).toBe(false);
		expect(lines).toContain('Factors;;Total;Time;10;55.6;18');
		expect(lines).toContain('Hours;;Total;Median;7.5;;10');
		expect(lines).toContain('Learning situations;Experienced-learning index;Total;Low;4;21.1;19');
		expect(lines).toContain('Rare question;;Total;Not shown: fewer than 5 respondents answered.;;;4');
		// No group of fewer than 5 appears with figures.
		expect(lines.some((l) => l.includes('Workplace B res;Yes'))).toBe(false);
		expect(lines.some((l) => l.includes('Workplace C res;Yes'))).toBe(false);

		const sv = await exportResults(ctx.db, actors.office!, f.surveyId, { format: 'csv' }, 'sv');
		expect(sv.body as string).toContain('Svarsfrekvens (%);71,4');
		const x = await exportResults(ctx.db, actors.office!, f.surveyId, { format: 'xlsx' }, 'en');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(x.body as Uint8Array) as unknown as ArrayBuffer);
		const results = wb.worksheets[1]!;
		const rows = results.getSheetValues().filter(Boolean) as unknown[][];
		// The default base: everyone who answered, "don't know" its own share (8 of 20, 3 of 20).
		expect(
			rows.some((r) => r[1] === 'I benefit' && r[4] === 'Yes, absolutely' && r[5] === 8 && r[6] === 40)
		).toBe(true);
		expect(rows.some((r) => r[1] === 'I benefit' && r[4] === "Don't know" && r[5] === 3 && r[6] === 15)).toBe(
			true
		);
		expect(wb.worksheets[0]!.getRow(5).getCell(2).value).toBe(71.4);
		expect(wb.worksheets[0]!.getRow(7).getCell(2).value).toBe(
			'share of all who answered ("don\'t know" included)'
		);
		const after = await ctx.db
			.selectFrom('auditLog')
			.where('entityType', '=', 'survey')
			.select(['action', 'actorId'])
			.execute();
		expect(after.length - before.length).toBe(3);
		expect(after.every((a) => a.action === 'export')).toBe(true);
	});

	it("switches one chart's base (`bases`), the others keep the survey's or the query's", async () => {
		const one = await surveyResults(
			ctx.db,
			actors.office!,
			f.surveyId,
			{ by: 'unit', bases: { [f.questions.q1]: 'opinion' } },
			'en'
		);
		const q1 = q(one, f.questions.q1);
		expect(one.base).toBe('all');
		expect(q1.base).toBe('opinion');
		// 8 of the 17 with an opinion; "don't know" without a share.
		expect(q1.items![0]!.options.map((o) => o.percent)).toEqual([47.1, 35.3, 11.8, 5.9, null]);
		expect(q1.breakdown!.groups.every((g) => g.items![0]!.basis === 'opinion')).toBe(true);
		const q6 = q(one, f.questions.q6);
		expect(q6.base).toBe('all');
		expect(q6.items!.every((d) => d.basis === 'all')).toBe(true);

		const rest = await surveyResults(
			ctx.db,
			actors.office!,
			f.surveyId,
			{ base: 'opinion', bases: { [f.questions.q1]: 'all' } },
			'en'
		);
		expect(q(rest, f.questions.q1).items![0]!.options.map((o) => o.percent)).toEqual([40, 30, 10, 5, 15]);
		expect(q(rest, f.questions.q6).base).toBe('opinion');
		expect(q(rest, f.questions.q6).items!.every((d) => d.basis === 'opinion')).toBe(true);
	});

	it('exports raw answers de-identified, with small groups merged; only office and evaluators', async () => {
		await expect(exportRawAnswers(ctx.db, actors.steering!, f.surveyId, 'csv', 'en')).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		const { rows, notes } = await rawRows(ctx.db, actors.evaluator!, f.surveyId, 'en');
		const header = rows[0]!;
		expect(header).not.toContain('Gender'); // evaluators: no gender
		const col = (name: string) => header.indexOf(name);
		const body = rows.slice(1);
		// One row per answer row in the database, except for the questions the results page
		// hides: q5 (3 comments) and q7 (4 answers).
		const count = await ctx.db
			.selectFrom('surveyAnswers')
			.innerJoin('surveyResponses', 'surveyResponses.id', 'surveyAnswers.responseId')
			.where('surveyResponses.surveyId', '=', f.surveyId)
			.where('surveyAnswers.questionId', 'not in', [f.questions.q5, f.questions.q7])
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(body.length).toBe(Number(count.n));
		const questionIds = new Set(body.map((r) => r[col('Question id')]));
		expect(questionIds.has(f.questions.q4) && !questionIds.has(f.questions.q5)).toBe(true);
		expect(questionIds.has(f.questions.q7)).toBe(false);
		// Responses numbered 1..20, not ids; dates without time.
		expect(new Set(body.map((r) => r[0]))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => i + 1)));
		expect(body.every((r) => /^\d{4}(-\d{2}){0,2}$/.test(String(r[col('Date')])))).toBe(true);
		// k-anonymity over the grouping columns together (survey-export.kanon.test.ts has the
		// property test): here 20 respondents in 3 workplaces × 3 jobs × 2 tenures × 2 tracks
		// leave the workplaces rolled up to the region, the job categories and tenure as "any",
		// the track kept (10 / 10), and the file says so.
		const perResponse = new Map(body.map((r) => [r[0], r]));
		const groupCols = ['Date', 'Workplace', 'Job category', 'Tenure', 'Attended the track'].map(col);
		const combos = new Map<string, number>();
		for (const r of perResponse.values()) {
			const key = JSON.stringify(groupCols.map((c) => r[c]));
			combos.set(key, (combos.get(key) ?? 0) + 1);
		}
		expect(Math.min(...combos.values())).toBeGreaterThanOrEqual(5);
		expect(new Set([...perResponse.values()].map((r) => r[col('Workplace')]))).toEqual(
			new Set(['Region res'])
		);
		// Values as words in the file's language, never codes.
		expect([...perResponse.values()].filter((r) => r[col('Attended the track')] === 'Attended')).toHaveLength(
			10
		);
		expect(
			body.some((r) => /^(lt2|2_5|6_10|gt10|librarian|manager|1|0)$/.test(String(r[col('Tenure')])))
		).toBe(false);
		expect(notes.flat()).toContain('Generalised: Workplace, shown as a larger unit above the workplace.');
		expect(notes.flat()).toContain(
			'Responses left out because their combination stayed below 5, free text included: 0.'
		);
		// Nothing personal anywhere.
		const text = JSON.stringify(rows);
		expect(text).not.toMatch(/@example\.org|hash-res|T10:/);

		const office = await rawRows(ctx.db, actors.office!, f.surveyId, 'en');
		expect(office.rows[0]).toContain('Gender');
		const gcol = office.rows[0]!.indexOf('Gender');
		const genders = new Map(office.rows.slice(1).map((r) => [r[0], r[gcol]]));
		// Gender (15 / 5) would split the groups below k: generalised.
		expect(new Set(genders.values())).toEqual(new Set(['any']));

		const file = await exportRawAnswers(ctx.db, actors.evaluator!, f.surveyId, 'xlsx', 'en');
		expect(file.fileName).toBe(`survey-${f.surveyId}-answers.xlsx`);
		const audit = await ctx.db
			.selectFrom('auditLog')
			.where('entityType', '=', 'survey')
			.where('actorId', '=', f.people.evaluator)
			.select('after')
			.execute();
		expect(audit.map((a) => JSON.parse(a.after!))).toContainEqual({ file: 'raw', format: 'xlsx' });
	});

	it('resultRows never carries a hidden group with figures', async () => {
		const r = await surveyResults(ctx.db, actors.office!, f.surveyId, { by: 'jobCategory' }, 'en');
		const rows = resultRows(r, 'en');
		expect(rows.filter((row) => row[2] === 'Manager' && row[4] !== null)).toEqual([]);
	});
});
