import { afterAll, beforeAll, expect, it } from 'vitest';
import * as bankPage from '../../../routes/surveys/bank/+page.server.ts';
import * as editPage from '../../../routes/surveys/[id]/edit/+page.server.ts';
import * as newPage from '../../../routes/surveys/new/+page.server.ts';
import { setDb } from '../db/index.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { buildReportFixture, type ReportFixture } from '../reports/reports.fixtures.ts';
import { submitAction as submit } from '../testing/action-call.ts';
import { describeEachDb } from '../testing/db.ts';
import { ensureBuiltInScales } from './scales.service.ts';
import { loadSurvey } from './builder.service.ts';

describeEachDb('survey builder pages and forms', (ctx) => {
	let f: ReportFixture;
	let office: Actor;
	let participant: Actor;
	let scales: Record<string, number>;
	const questionRows = async (surveyId: number) =>
		ctx.db.selectFrom('surveyQuestions').selectAll().where('surveyId', '=', surveyId).orderBy('id').execute();

	beforeAll(async () => {
		setDb(ctx.db);
		f = await buildReportFixture(ctx.db, 'sform');
		office = (await loadActor(ctx.db, f.people.office))!;
		participant = (await loadActor(ctx.db, f.people.p1))!;
		scales = await ensureBuiltInScales(ctx.db);
	});
	afterAll(() => setDb(undefined));

	it('creates a survey from a template; a blank one without a title in any language is refused', async () => {
		const ok = await submit(newPage.actions.default, office, '/surveys/new', [
			['template', 'learning_situations'],
			['anonymous', 'on']
		]);
		expect(ok.kind).toBe('redirect');
		const id = Number(/\/surveys\/(\d+)/.exec((ok as { location: string }).location)![1]);
		const survey = (await loadSurvey(ctx.db, id))!;
		expect(survey.kind).toBe('learning_situations');
		expect(survey.title.da).toBe('Læring på jobbet');

		const n = (await ctx.db.selectFrom('surveys').select('id').execute()).length;
		const bad = await submit(newPage.actions.default, office, '/surveys/new', [['template', 'blank']]);
		expect(bad.kind).toBe('fail');
		const errors = (bad as { data: { errors: Record<string, string[]> } }).data.errors;
		expect(errors.title).toEqual(['Skriv det här på minst ett språk.']);
		expect((await ctx.db.selectFrom('surveys').select('id').execute()).length).toBe(n);
		expect(
			(await submit(newPage.actions.default, participant, '/surveys/new', [['template', 'baseline']])).kind
		).toBe('error');
	});

	it('adds, reorders and conditions questions through the edit forms; bad input changes nothing', async () => {
		const created = await submit(newPage.actions.default, office, '/surveys/new', [
			['template', 'blank'],
			['title.en', 'Form survey'],
			['title.sv', 'Formulärenkät']
		]);
		const id = String(/\/surveys\/(\d+)/.exec((created as { location: string }).location)![1]);
		const path = `/surveys/${id}/edit`;
		const add = (fields: [string, string][]) =>
			submit(editPage.actions.addQuestion, office, path, fields, { id });

		expect(
			(
				await add([
					['type', 'single'],
					['text.en', 'Did you take part?'],
					['text.sv', 'Deltog du?'],
					['scaleId', String(scales.yes_no)],
					['required', 'on']
				])
			).kind
		).toBe('redirect');
		expect(
			(
				await add([
					['type', 'multi'],
					['text.en', 'Which?'],
					['text.sv', 'Vilka?'],
					['options.count', '2'],
					['options.0.en', 'Lectures'],
					['options.0.sv', 'Föreläsningar'],
					['options.1.en', 'Courses'],
					['options.1.sv', 'Kurser'],
					['options.1.da', 'Kurser'],
					['options.1.nb', 'Kurs'],
					['maxPicks', '1']
				])
			).kind
		).toBe('redirect');
		const [first, second] = await questionRows(Number(id));
		expect(JSON.parse(second!.optionsJson!)).toEqual([
			{ value: 1, labels: { en: 'Lectures', sv: 'Föreläsningar' } },
			{ value: 2, labels: { en: 'Courses', sv: 'Kurser', da: 'Kurser', nb: 'Kurs' } }
		]);

		const before = await questionRows(Number(id));
		// A choice without any text, a missing scale, a condition on a later question, bad values.
		const noSv = await add([
			['type', 'multi'],
			['text.en', 'X'],
			['text.sv', 'X'],
			['options.count', '1'],
			['options.0.sv', 'Bara en']
		]);
		expect(noSv.kind).toBe('fail');
		expect((noSv as { data: { errors: Record<string, string[]> } }).data.errors.options).toEqual([
			'Ange minst två svarsalternativ.'
		]);
		const noScale = await add([
			['type', 'single'],
			['text.en', 'X'],
			['text.sv', 'X']
		]);
		expect((noScale as { data: { errors: Record<string, string[]> } }).data.errors.scaleId).toEqual([
			'Välj en skala för frågan.'
		]);
		const later = await submit(
			editPage.actions.updateQuestion,
			office,
			path,
			[
				['questionId', String(first!.id)],
				['type', 'single'],
				['text.en', 'Did you take part?'],
				['text.sv', 'Deltog du?'],
				['scaleId', String(scales.yes_no)],
				['condition.questionId', String(second!.id)],
				['condition.answer[]', `${second!.id}:1`]
			],
			{ id }
		);
		expect(
			(later as { data: { errors: Record<string, string[]> } }).data.errors['condition.questionId']
		).toEqual(['En fråga kan bara bero på en tidigare fråga.']);
		const badValues = await add([
			['type', 'text'],
			['text.en', 'Why?'],
			['text.sv', 'Varför?'],
			['condition.questionId', String(first!.id)],
			// An answer of another question only: no answer of the chosen one ticked.
			['condition.answer[]', `${second!.id}:1`]
		]);
		expect(
			(badValues as { data: { errors: Record<string, string[]> } }).data.errors['condition.answer']
		).toBeDefined();
		expect(await questionRows(Number(id))).toEqual(before);

		// A valid condition, then moving the conditioned question above its target is refused.
		expect(
			(
				await add([
					['type', 'text'],
					['text.en', 'Why?'],
					['text.sv', 'Varför?'],
					['condition.questionId', String(first!.id)],
					['condition.answer[]', `${first!.id}:2`],
					['condition.answer[]', `${second!.id}:1`]
				])
			).kind
		).toBe('redirect');
		const third = (await questionRows(Number(id))).at(-1)!;
		const move = (questionId: number, direction: string) =>
			submit(
				editPage.actions.moveQuestion,
				office,
				path,
				[
					['questionId', String(questionId)],
					['direction', direction]
				],
				{ id }
			);
		expect((await move(third.id, 'up')).kind).toBe('redirect');
		const refused = await move(third.id, 'up');
		expect((refused as { data: { errors: Record<string, string[]> } }).data.errors._form).toBeDefined();
		expect((await loadSurvey(ctx.db, Number(id)))!.questions.map((q) => q.id)).toEqual([
			first!.id,
			third.id,
			second!.id
		]);

		// The participant gets "not found" for the page and its actions.
		await expect(
			editPage.load({
				locals: { actor: participant, locale: 'sv' },
				url: new URL('http://localhost' + path),
				params: { id }
			} as never)
		).rejects.toMatchObject({ status: 404 });
		const refusedDelete = await submit(
			editPage.actions.deleteQuestion,
			participant,
			path,
			[['questionId', String(third.id)]],
			{ id }
		);
		expect(refusedDelete).toEqual({ kind: 'error', status: 404 });
		expect((await questionRows(Number(id))).length).toBe(3);
	});

	it('builds a Swedish-only survey: options as a list edited without saving, a condition on an earlier answer', async () => {
		const created = await submit(newPage.actions.default, office, '/surveys/new', [
			['template', 'blank'],
			['title.sv', 'Bara på svenska']
		]);
		expect(created.kind).toBe('redirect');
		const id = String(/\/surveys\/(\d+)/.exec((created as { location: string }).location)![1]);
		expect((await loadSurvey(ctx.db, Number(id)))!.title).toEqual({ en: '', sv: 'Bara på svenska' });
		const path = `/surveys/${id}/edit`;

		// The list buttons change the form and save nothing (no JavaScript needed).
		const edit = async (fields: [string, string][]) => {
			const url = new URL('http://localhost' + path);
			const request = new Request(url, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams(fields)
			});
			return (await (editPage.actions.addQuestion as (e: unknown) => Promise<unknown>)({
				request,
				url,
				params: { id },
				locals: { actor: office, locale: 'sv' }
			})) as { edited: boolean; values: Record<string, unknown>; focus: string };
		};
		const base: [string, string][] = [
			['type', 'multi'],
			['text.sv', 'Vilka format?'],
			['options.count', '2'],
			['options.0.sv', 'Föreläsning'],
			['options.1.sv', 'Workshop']
		];
		const added = await edit([...base, ['edit', 'options.add']]);
		expect(added.edited).toBe(true);
		expect(added.values['options.count']).toBe('3');
		expect(added.focus).toBe('options.2');
		const moved = await edit([
			...base,
			['options.count', '3'],
			['options.2.sv', 'Webbinarium'],
			['edit', 'options.up.2']
		]);
		expect([0, 1, 2].map((i) => moved.values[`options.${i}.sv`])).toEqual([
			'Föreläsning',
			'Webbinarium',
			'Workshop'
		]);
		const removed = await edit([...base, ['edit', 'options.remove.0']]);
		expect(removed.values['options.count']).toBe('1');
		expect(removed.values['options.0.sv']).toBe('Workshop');
		expect(await questionRows(Number(id))).toEqual([]);

		// Saved: a Swedish-only multiple choice question, then one shown only for "Workshop".
		expect((await submit(editPage.actions.addQuestion, office, path, base, { id })).kind).toBe('redirect');
		const [multi] = await questionRows(Number(id));
		expect(JSON.parse(multi!.optionsJson!)).toEqual([
			{ value: 1, labels: { en: '', sv: 'Föreläsning' } },
			{ value: 2, labels: { en: '', sv: 'Workshop' } }
		]);
		// Fields of other types are not taken even when posted (a form per type).
		const conditional = await submit(
			editPage.actions.addQuestion,
			office,
			path,
			[
				['type', 'text'],
				['text.sv', 'Vad gjorde ni på workshopen?'],
				['scaleId', String(scales.yes_no)],
				['options.count', '1'],
				['options.0.sv', 'stray'],
				['condition.questionId', String(multi!.id)],
				['condition.answer[]', `${multi!.id}:2`]
			],
			{ id }
		);
		expect(conditional.kind).toBe('redirect');
		const q = (await loadSurvey(ctx.db, Number(id)))!.questions.at(-1)!;
		expect(q).toMatchObject({
			type: 'text',
			scaleId: null,
			options: [],
			condition: { questionId: multi!.id, values: [2] }
		});
		expect(q.text).toEqual({ en: '', sv: 'Vad gjorde ni på workshopen?' });
		// No text in any language is refused on the text field.
		const empty = await submit(editPage.actions.addQuestion, office, path, [['type', 'text']], { id });
		expect((empty as { data: { errors: Record<string, string[]> } }).data.errors.text).toEqual([
			'Skriv det här på minst ett språk.'
		]);
	});

	it('creates a scale from the bank page and refuses one without options', async () => {
		const count = async () =>
			(
				await ctx.db
					.selectFrom('surveyScales')
					.select('id')
					.where('programmeId', '=', f.programmeId)
					.execute()
			).length;
		const n = await count();
		const empty = await submit(bankPage.actions.scale, office, '/surveys/bank', [
			['name.en', 'Empty'],
			['name.sv', 'Tom'],
			['options.0.labels.en', ''],
			['options.0.labels.sv', '']
		]);
		expect((empty as { data: { errors: Record<string, string[]> } }).data.errors.options).toEqual([
			'En skala behöver minst två alternativ (utöver ”vet ej”).'
		]);
		expect(await count()).toBe(n);
		const ok = await submit(bankPage.actions.scale, office, '/surveys/bank', [
			['name.en', 'Often'],
			['name.sv', 'Ofta'],
			['options.0.labels.en', 'Often'],
			['options.0.labels.sv', 'Ofta'],
			['options.1.labels.en', 'Never'],
			['options.1.labels.sv', 'Aldrig'],
			['options.2.labels.en', 'Don’t know'],
			['options.2.labels.sv', 'Vet ej'],
			['options.2.dontKnow', 'on']
		]);
		expect(ok.kind).toBe('redirect');
		expect(await count()).toBe(n + 1);
	});
});
