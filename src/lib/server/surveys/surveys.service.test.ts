import { beforeAll, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { buildReportFixture, type ReportFixture } from '../reports/reports.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import { pickText } from './i18n-text.ts';
import { addFromBank, listBank, saveToBank } from './question-bank.service.ts';
import { BUILT_IN_SCALES, ensureBuiltInScales, SCALE_CODES } from './scales.service.ts';
import { TEMPLATE_KEYS } from './surveys.schema.ts';
import {
	addQuestion,
	addSection,
	createSurvey,
	deleteQuestion,
	getSurvey,
	listSurveys,
	loadSurvey,
	moveQuestion,
	moveSection,
	rewordQuestion,
	updateQuestion,
	updateSurvey
} from './builder.service.ts';
import { createFollowUpWave } from './waves.service.ts';
import { createScale, listScales } from './scales.service.ts';
import { SurveyError } from './surveys.schema.ts';

const T = (en: string, sv = en + ' (sv)') => ({ en, sv });

describeEachDb('survey builder', (ctx) => {
	let f: ReportFixture;
	let office: Actor;
	let participant: Actor;
	let outsider: Actor;
	let scales: Record<string, number>;

	/** Everything stored for a survey, to prove a refused change left it as it was. */
	const snapshot = async (surveyId: number) => ({
		survey: await ctx.db.selectFrom('surveys').selectAll().where('id', '=', surveyId).execute(),
		sections: await ctx.db
			.selectFrom('surveySections')
			.selectAll()
			.where('surveyId', '=', surveyId)
			.orderBy('id')
			.execute(),
		questions: await ctx.db
			.selectFrom('surveyQuestions')
			.selectAll()
			.where('surveyId', '=', surveyId)
			.orderBy('id')
			.execute()
	});
	const refused = async (work: Promise<unknown>, field?: string, key?: string) => {
		const e = await work.then(
			() => null,
			(err: unknown) => err
		);
		expect(e).toBeInstanceOf(SurveyError);
		if (field) expect((e as SurveyError).fieldNames).toContain(field);
		if (field && key) expect((e as SurveyError).keyFor(field)).toBe(key);
		return e as SurveyError;
	};
	const blank = (title = 'Blank') => createSurvey(ctx.db, office, f.programmeId, { title: T(title) });

	beforeAll(async () => {
		f = await buildReportFixture(ctx.db, 'srv');
		office = (await loadActor(ctx.db, f.people.office))!;
		participant = (await loadActor(ctx.db, f.people.p1))!;
		outsider = (await loadActor(ctx.db, f.people.outsider))!;
		scales = await ensureBuiltInScales(ctx.db);
	});

	it('seeds the built-in scales once, with labels in every language and the don’t-know flag', async () => {
		await ensureBuiltInScales(ctx.db);
		const rows = await ctx.db
			.selectFrom('surveyScales')
			.select('code')
			.where('programmeId', 'is', null)
			.execute();
		expect(rows.map((r) => r.code).sort()).toEqual(BUILT_IN_SCALES.map((s) => s.code).sort());
		const list = await listScales(ctx.db, office, f.programmeId);
		const agreement = list.find((s) => s.code === SCALE_CODES.agreement)!;
		expect(agreement.options.map((o) => o.labels.sv)).toEqual([
			'Ja, absolut',
			'Ja, i någon mån',
			'Nej, knappast inte',
			'Nej, absolut inte',
			'Vet ej'
		]);
		expect(agreement.options.map((o) => o.labels.en)[0]).toBe('Yes, absolutely');
		expect(agreement.options.filter((o) => o.dontKnow).map((o) => o.value)).toEqual([0]);
		const degree = list.find((s) => s.code === SCALE_CODES.degree)!;
		expect(degree.options.map((o) => o.labels.da)).toEqual([
			'I meget høj grad',
			'I høj grad',
			'I nogen grad',
			'I lav grad',
			'Slet ikke'
		]);
		expect(degree.options.every((o) => o.labels.sv && o.labels.en && o.labels.nb)).toBe(true);
	});

	it('creates a valid survey from every template', async () => {
		for (const template of TEMPLATE_KEYS) {
			const s = await createSurvey(ctx.db, office, f.programmeId, { template });
			expect(s.kind).toBe(template);
			expect(s.status).toBe('draft');
			expect(s.anonymous).toBe(true);
			expect(s.questions.length).toBeGreaterThan(1);
			for (const q of s.questions) {
				expect(q.text.en && q.text.sv).toBeTruthy();
				if (q.type === 'single' || q.type === 'matrix' || q.type === 'learning_situations')
					expect(q.scale?.options.length).toBeGreaterThan(1);
				if (q.type === 'matrix' || q.type === 'multi') expect(q.options.length).toBeGreaterThan(0);
				if (q.condition) {
					const target = s.questions.find((x) => x.id === q.condition!.questionId)!;
					expect(target.position).toBeLessThan(q.position);
				}
			}
		}
		const ls = (await listSurveys(ctx.db, office, f.programmeId, { kind: 'learning_situations' }))[0]!;
		const survey = (await loadSurvey(ctx.db, ls.id))!;
		const block = survey.questions.find((q) => q.type === 'learning_situations')!;
		expect(block.options).toHaveLength(8);
		expect(block.options[2]!.labels.da).toBe('Bidrager snak med dine kolleger til, at du lærer nyt?');
		expect(block.scale?.code).toBe(SCALE_CODES.learningDegree);
		expect(pickText(block.scale!.options[0]!.labels, 'da')).toBe('I høj grad');
		const programme = (await listSurveys(ctx.db, office, f.programmeId, { kind: 'programme' }))[0]!;
		const ps = (await loadSurvey(ctx.db, programme.id))!;
		expect(
			ps.questions.filter((q) => q.type === 'matrix').every((q) => q.scale?.code === SCALE_CODES.agreement)
		).toBe(true);
	});

	it('keeps question texts in several languages and picks the reader’s language with fallback', async () => {
		const s = await blank('Languages');
		const q = await addQuestion(ctx.db, office, s.id, {
			type: 'single',
			scaleId: scales[SCALE_CODES.degree],
			text: { en: 'Useful?', sv: 'Användbart?', da: 'Nyttigt?' }
		});
		expect(q.text).toEqual({ en: 'Useful?', sv: 'Användbart?', da: 'Nyttigt?' });
		expect(pickText(q.text, 'da')).toBe('Nyttigt?');
		expect(pickText(q.text, 'nb')).toBe('Nyttigt?');
		expect(pickText(q.text, 'sv')).toBe('Användbart?');
		// Every language is optional (a Swedish-only question is valid), but one must be written.
		const swedish = await addQuestion(ctx.db, office, s.id, { type: 'text', text: { sv: 'Bara svenska' } });
		expect(swedish.text).toEqual({ en: '', sv: 'Bara svenska' });
		expect(pickText(swedish.text, 'en')).toBe('Bara svenska');
		const before = await snapshot(s.id);
		await refused(
			addQuestion(ctx.db, office, s.id, { type: 'text', text: { en: '  ', nb: '' } }),
			'text',
			'surveys.error.oneLanguage'
		);
		expect(await snapshot(s.id)).toEqual(before);
	});

	it('validates each question type and changes nothing on bad input', async () => {
		const s = await blank('Types');
		const before = await snapshot(s.id);
		await refused(
			addQuestion(ctx.db, office, s.id, { type: 'single', text: T('No scale') }),
			'scaleId',
			'surveys.error.scaleRequired'
		);
		await refused(
			addQuestion(ctx.db, office, s.id, {
				type: 'multi',
				text: T('One choice'),
				options: [{ labels: T('A') }]
			}),
			'options'
		);
		await refused(
			addQuestion(ctx.db, office, s.id, {
				type: 'multi',
				text: T('Too many picks'),
				options: [{ labels: T('A') }, { labels: T('B') }],
				maxPicks: 3
			}),
			'maxPicks'
		);
		await refused(
			addQuestion(ctx.db, office, s.id, { type: 'matrix', text: T('M'), scaleId: scales.yes_no }),
			'statements'
		);
		await refused(addQuestion(ctx.db, office, s.id, { type: 'number', text: T('N'), min: 5, max: 1 }), 'max');
		await refused(addQuestion(ctx.db, office, s.id, { type: 'nonsense', text: T('X') }), 'type');
		await refused(
			addQuestion(ctx.db, office, s.id, { type: 'single', text: T('X'), scaleId: 999999 }),
			'scaleId'
		);
		expect(await snapshot(s.id)).toEqual(before);

		const multi = await addQuestion(ctx.db, office, s.id, {
			type: 'multi',
			text: T('Pick'),
			options: [{ labels: T('A') }, { labels: T('B') }, { labels: T('C') }],
			maxPicks: 2
		});
		expect(multi.options.map((o) => o.value)).toEqual([1, 2, 3]);
		expect(multi.maxPicks).toBe(2);
		const num = await addQuestion(ctx.db, office, s.id, {
			type: 'number',
			text: T('Years'),
			min: 0,
			max: 50,
			required: true
		});
		expect([num.min, num.max, num.required]).toEqual([0, 50, true]);
		const ls = await addQuestion(ctx.db, office, s.id, { type: 'learning_situations', text: T('Learning') });
		expect(ls.options).toHaveLength(8);
	});

	it('refuses a condition on a later question, a non-choice question or impossible values', async () => {
		const s = await blank('Conditions');
		const first = await addQuestion(ctx.db, office, s.id, {
			type: 'single',
			text: T('Took part?'),
			scaleId: scales.yes_no
		});
		const text = await addQuestion(ctx.db, office, s.id, { type: 'text', text: T('Why?') });
		const ok = await addQuestion(ctx.db, office, s.id, {
			type: 'text',
			text: T('What did you like?'),
			condition: { questionId: first.id, values: [2] }
		});
		expect(ok.condition).toEqual({ questionId: first.id, values: [2] });
		const before = await snapshot(s.id);
		// The first question cannot depend on a later one.
		await refused(
			updateQuestion(ctx.db, office, s.id, first.id, {
				type: 'single',
				text: T('Took part?'),
				scaleId: scales.yes_no,
				condition: { questionId: text.id, values: [1] }
			}),
			'condition.questionId',
			'surveys.error.conditionEarlier'
		);
		await refused(
			addQuestion(ctx.db, office, s.id, {
				type: 'text',
				text: T('X'),
				condition: { questionId: text.id, values: [1] }
			}),
			'condition.questionId',
			'surveys.error.conditionType'
		);
		await refused(
			addQuestion(ctx.db, office, s.id, {
				type: 'text',
				text: T('X'),
				condition: { questionId: first.id, values: [7] }
			}),
			'condition.values'
		);
		// Moving the dependent question above its condition is refused too, and so is deleting the target.
		await moveQuestion(ctx.db, office, s.id, ok.id, { direction: 'up' });
		await refused(
			moveQuestion(ctx.db, office, s.id, ok.id, { direction: 'up' }),
			'_form',
			'surveys.error.conditionOrder'
		);
		await refused(deleteQuestion(ctx.db, office, s.id, first.id), '_form', 'surveys.error.hasDependants');
		const after = await loadSurvey(ctx.db, s.id);
		expect(after!.questions.map((q) => q.id)).toEqual([first.id, ok.id, text.id]);
		await moveQuestion(ctx.db, office, s.id, ok.id, { direction: 'down' });
		expect(await snapshot(s.id)).toEqual({ ...before, survey: (await snapshot(s.id)).survey });
	});

	it('reorders questions and sections with up and down', async () => {
		const s = await blank('Order');
		const a = await addQuestion(ctx.db, office, s.id, { type: 'text', text: T('A') });
		const sec1 = await addSection(ctx.db, office, s.id, { title: T('One') });
		const sec2 = await addSection(ctx.db, office, s.id, { title: T('Two') });
		const b = await addQuestion(ctx.db, office, s.id, { type: 'text', text: T('B'), sectionId: sec1.id });
		const c = await addQuestion(ctx.db, office, s.id, { type: 'text', text: T('C'), sectionId: sec1.id });
		const d = await addQuestion(ctx.db, office, s.id, { type: 'text', text: T('D'), sectionId: sec2.id });
		const order = async () => (await loadSurvey(ctx.db, s.id))!.questions.map((q) => q.text.en).join('');
		expect(await order()).toBe('ABCD');
		await moveQuestion(ctx.db, office, s.id, c.id, { direction: 'up' });
		expect(await order()).toBe('ACBD');
		// Across the boundary: B joins section two, at its top.
		await moveQuestion(ctx.db, office, s.id, b.id, { direction: 'down' });
		expect(await order()).toBe('ACBD');
		expect((await loadSurvey(ctx.db, s.id))!.questions.find((q) => q.id === b.id)!.sectionId).toBe(sec2.id);
		await moveSection(ctx.db, office, s.id, sec2.id, { direction: 'up' });
		expect(await order()).toBe('ABDC');
		// The first question cannot go further up; a bad direction changes nothing.
		await moveQuestion(ctx.db, office, s.id, a.id, { direction: 'up' });
		const before = await snapshot(s.id);
		await refused(moveQuestion(ctx.db, office, s.id, d.id, { direction: 'sideways' }), 'direction');
		expect(await snapshot(s.id)).toEqual(before);
		expect(await order()).toBe('ABDC');
	});

	it('reuses bank questions with their bank ids, and follow-up waves keep them', async () => {
		const s = await createSurvey(ctx.db, office, f.programmeId, { template: 'baseline' });
		const q = s.questions[0]!;
		const bankId = await saveToBank(ctx.db, office, s.id, q.id);
		expect(await saveToBank(ctx.db, office, s.id, q.id)).toBe(bankId);
		const other = await blank('Uses bank');
		const added = await addFromBank(ctx.db, office, other.id, { bankQuestionId: bankId });
		expect(added.bankQuestionId).toBe(bankId);
		expect(added.type).toBe(q.type);
		expect(added.options).toEqual(q.options);
		const bank = await listBank(ctx.db, office, f.programmeId);
		expect(bank.find((b) => b.id === bankId)!.usedBy).toBe(2);

		const wave = await createFollowUpWave(ctx.db, office, s.id);
		expect(wave.previousWaveId).toBe(s.id);
		const source = (await loadSurvey(ctx.db, s.id))!;
		expect(source.questions.every((x) => x.bankQuestionId !== null)).toBe(true);
		expect(wave.questions.map((x) => x.bankQuestionId)).toEqual(
			source.questions.map((x) => x.bankQuestionId)
		);
		expect(wave.sections.map((x) => x.title)).toEqual(source.sections.map((x) => x.title));

		// An unknown bank question changes nothing.
		const before = await snapshot(other.id);
		await refused(addFromBank(ctx.db, office, other.id, { bankQuestionId: 999999 }), 'bankQuestionId');
		expect(await snapshot(other.id)).toEqual(before);
	});

	it('refuses a scale with no options, duplicate values or a taken code', async () => {
		const count = async () =>
			(
				await ctx.db
					.selectFrom('surveyScales')
					.select('id')
					.where('programmeId', '=', f.programmeId)
					.execute()
			).length;
		const n = await count();
		await refused(
			createScale(ctx.db, office, f.programmeId, { name: T('Empty'), options: [] }),
			'options',
			'surveys.error.scaleOptions'
		);
		await refused(createScale(ctx.db, office, f.programmeId, { name: T('Empty') }), 'options');
		await refused(
			createScale(ctx.db, office, f.programmeId, {
				name: T('Dup'),
				options: [
					{ value: 2, labels: T('High') },
					{ value: 2, labels: T('Low') }
				]
			}),
			'options',
			'surveys.error.scaleDuplicate'
		);
		expect(await count()).toBe(n);
		const scale = await createScale(ctx.db, office, f.programmeId, {
			code: 'often',
			name: T('Frequency'),
			options: [
				{ labels: T('Often') },
				{ labels: T('Sometimes') },
				{ labels: T('Never') },
				{ labels: T('Don’t know'), dontKnow: true }
			]
		});
		expect(scale.options.map((o) => [o.value, o.dontKnow ?? false])).toEqual([
			[3, false],
			[2, false],
			[1, false],
			[0, true]
		]);
		const e = await refused(
			createScale(ctx.db, office, f.programmeId, {
				code: 'often',
				name: T('Again'),
				options: [{ labels: T('a') }, { labels: T('b') }]
			}),
			'code'
		);
		expect(e.status).toBe(409);
		// Usable in the programme, not in another one.
		const s = await blank('Custom scale');
		expect(
			(await addQuestion(ctx.db, office, s.id, { type: 'single', text: T('How often?'), scaleId: scale.id }))
				.scale?.code
		).toBe('often');
		const otherOffice = outsider;
		const foreign = await createSurvey(ctx.db, otherOffice, f.otherProgrammeId, { title: T('Elsewhere') });
		await refused(
			addQuestion(ctx.db, otherOffice, foreign.id, { type: 'single', text: T('X'), scaleId: scale.id }),
			'scaleId'
		);
	});

	it('only allows wording changes once a survey has responses', async () => {
		const s = await createSurvey(ctx.db, office, f.programmeId, { template: 'course_evaluation' });
		const q = s.questions.find((x) => x.type === 'matrix')!;
		await ctx.db
			.insertInto('surveyResponses')
			.values({ surveyId: s.id, submittedAt: new Date().toISOString() })
			.execute();
		const before = await snapshot(s.id);
		const e = await refused(
			updateQuestion(ctx.db, office, s.id, q.id, {
				type: 'matrix',
				text: q.text,
				scaleId: scales[SCALE_CODES.degree],
				statements: q.options.map((o) => ({ labels: o.labels }))
			}),
			'_form',
			'surveys.error.locked'
		);
		expect(e.status).toBe(409);
		await refused(addQuestion(ctx.db, office, s.id, { type: 'text', text: T('New') }), '_form');
		await refused(deleteQuestion(ctx.db, office, s.id, q.id), '_form');
		await refused(updateSurvey(ctx.db, office, s.id, { anonymous: false }), 'anonymous');
		await refused(
			rewordQuestion(ctx.db, office, s.id, q.id, { text: q.text, statements: [{ labels: T('Only one') }] }),
			'statements'
		);
		expect(await snapshot(s.id)).toEqual(before);
		// Wording fixes are allowed, through either path.
		const fixed = await rewordQuestion(ctx.db, office, s.id, q.id, {
			text: { ...q.text, en: 'What did you think of the activity?' },
			statements: q.options.map((o, i) => ({ labels: i === 0 ? T('The content was relevant') : o.labels }))
		});
		expect(fixed.text.en).toBe('What did you think of the activity?');
		expect(fixed.options.map((o) => o.value)).toEqual(q.options.map((o) => o.value));
		expect(fixed.options[0]!.labels.en).toBe('The content was relevant');
		const again = await updateQuestion(ctx.db, office, s.id, q.id, {
			type: 'matrix',
			text: T('Final wording'),
			scaleId: q.scaleId,
			required: q.required,
			sectionId: q.sectionId,
			statements: fixed.options.map((o) => ({ labels: o.labels }))
		});
		expect(again.text.en).toBe('Final wording');
	});

	it('is for the programme office only: others get not found, and nothing is stored', async () => {
		const s = await blank('Private');
		const surveys = async () => (await ctx.db.selectFrom('surveys').select('id').execute()).length;
		const n = await surveys();
		for (const work of [
			() => getSurvey(ctx.db, participant, s.id),
			() => listSurveys(ctx.db, participant, f.programmeId),
			() => createSurvey(ctx.db, participant, f.programmeId, { template: 'baseline' }),
			() => addQuestion(ctx.db, participant, s.id, { type: 'text', text: T('X') }),
			() =>
				createScale(ctx.db, participant, f.programmeId, {
					name: T('S'),
					options: [{ labels: T('a') }, { labels: T('b') }]
				}),
			() => getSurvey(ctx.db, outsider, s.id),
			() => createFollowUpWave(ctx.db, outsider, s.id),
			() => getSurvey(ctx.db, office, 99999999)
		])
			await expect(work()).rejects.toBeInstanceOf(AccessDeniedError);
		expect(await surveys()).toBe(n);
		// A blank survey without a title is refused: a title in at least one language.
		await refused(createSurvey(ctx.db, office, f.programmeId, {}), 'title');
		await refused(createSurvey(ctx.db, office, f.programmeId, { template: 'nope' }), 'template');
		await refused(
			createSurvey(ctx.db, office, f.programmeId, { template: 'baseline', sessionId: 99999 }),
			'sessionId'
		);
		expect(await surveys()).toBe(n);
	});
});
