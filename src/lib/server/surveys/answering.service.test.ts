import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSmtpReceiver, type SmtpReceiver } from '../mail/smtp-receiver.ts';
import { describeEachDb } from '../testing/db.ts';
import { checkResultCounts } from './results.service.ts';
import { buildSurveyFixture, tokenFor, validAnswers, type SurveyFixture } from './answering.fixtures.ts';
import { rawFromJson } from './answering.model.ts';
import {
	AnswerRefusedError,
	AnswerValidationError,
	listMyOpenSurveys,
	openAnswerPage,
	saveDraft,
	submitAnswers,
	tenureBand
} from './answering.service.ts';
import { sendSurvey } from './distribution.service.ts';

const opts = { origin: 'https://klok.test' };

// Survey links reach people by e-mail only (the outbox masks them): this file's mail goes to a real SMTP receiver.
let receiver: SmtpReceiver;
beforeAll(async () => {
	receiver = await startSmtpReceiver({ asDefault: true });
});
afterAll(() => receiver.close());

describeEachDb('survey answering', (ctx) => {
	let f: SurveyFixture;
	const email = (key: keyof SurveyFixture['people']) => `${key}.ans@example.org`;

	beforeAll(async () => {
		f = await buildSurveyFixture(ctx.db, 'ans');
	});

	/** A fresh survey sent to W1 (p1, p2, p3); returns ids and each person's token. */
	async function sent(anonymous = true) {
		const s = await f.survey({ anonymous });
		await sendSurvey(
			ctx.db,
			await f.actor(f.people.office),
			s.surveyId,
			{ audience: { kind: 'units', unitIds: [f.units.W1] } },
			opts
		);
		const tokens = {
			p1: await tokenFor(receiver, email('p1')),
			p2: await tokenFor(receiver, email('p2')),
			p3: await tokenFor(receiver, email('p3'))
		};
		return { ...s, tokens };
	}
	const stored = async (surveyId: number) => ({
		responses: await ctx.db
			.selectFrom('surveyResponses')
			.selectAll()
			.where('surveyId', '=', surveyId)
			.execute(),
		answers: await ctx.db
			.selectFrom('surveyAnswers')
			.innerJoin('surveyResponses', 'surveyResponses.id', 'surveyAnswers.responseId')
			.select([
				'surveyAnswers.questionId',
				'surveyAnswers.item',
				'surveyAnswers.value',
				'surveyAnswers.numberValue',
				'surveyAnswers.textValue'
			])
			.where('surveyResponses.surveyId', '=', surveyId)
			.orderBy('surveyAnswers.id')
			.execute(),
		invitations: await ctx.db
			.selectFrom('surveyInvitations')
			.selectAll()
			.where('surveyId', '=', surveyId)
			.orderBy('personId')
			.execute()
	});

	it('opens in the respondent’s language, or the one asked for', async () => {
		const { tokens } = await sent();
		const en = await openAnswerPage(ctx.db, { token: tokens.p1 });
		expect(en.locale).toBe('en');
		expect(en.form.title).toBe('Staff survey ans');
		expect(en.form.sections.map((s) => s.questions.length)).toEqual([4, 3]);
		expect(en.form.questions[0]!.options.map((o) => o.label)).toEqual([
			'Yes, absolutely',
			'Yes, to some extent',
			'No, hardly',
			'No, absolutely not',
			'Don’t know'
		]);
		const sv = await openAnswerPage(ctx.db, { token: tokens.p2 });
		expect(sv.locale).toBe('sv');
		expect(sv.form.title).toBe('Personalenkät ans');
		expect((await openAnswerPage(ctx.db, { token: tokens.p2 }, { locale: 'en' })).form.title).toBe(
			'Staff survey ans'
		);
	});

	it('stores an anonymous response with grouping attributes only; the invitation only says completed', async () => {
		const { surveyId, q, tokens } = await sent();
		const raw = { ...validAnswers(q), ['q' + q.q7]: 'hidden: q1 is not 1' };
		await submitAnswers(ctx.db, { token: tokens.p1 }, { raw }, { now: '2026-03-10T14:23:45.123Z' });
		const s = await stored(surveyId);
		expect(s.responses).toHaveLength(1);
		const r = s.responses[0]!;
		expect(r).toMatchObject({
			personId: null,
			unitId: f.units.W1,
			jobCategory: 'librarian',
			gender: 'female',
			tenureBand: 'lt2',
			attended: 0,
			locale: 'en',
			// To the day only, so completion times cannot be matched.
			submittedAt: '2026-03-10T00:00:00.000Z'
		});
		// No column of the response holds the person, the token or its hash.
		const values = Object.values(r).map(String);
		const inv = s.invitations.find((i) => i.personId === f.people.p1)!;
		expect(values).not.toContain(inv.tokenHash);
		expect(values).not.toContain(tokens.p1);
		expect(Object.keys(r).sort()).toEqual(
			[
				'attended',
				'gender',
				'id',
				'jobCategory',
				'locale',
				'personId',
				'submittedAt',
				'surveyId',
				'tenureBand',
				'unitId'
			].sort()
		);
		expect(inv.completedAt).toBe('2026-03-10T00:00:00.000Z');
		expect(inv.draftJson).toBeNull();
		// Answers: single, 2 picks, 3 matrix items, text, number, 8 situations; the hidden q7 is not stored.
		const byQuestion = (id: number) => s.answers.filter((a) => a.questionId === id);
		expect(byQuestion(q.q1).map((a) => a.value)).toEqual([4]);
		expect(
			byQuestion(q.q2)
				.map((a) => a.value)
				.sort()
		).toEqual([1, 2]);
		expect(byQuestion(q.q3).map((a) => [a.item, a.value])).toEqual([
			[0, 4],
			[1, 3],
			[2, 0]
		]);
		expect(byQuestion(q.q4).map((a) => a.textValue)).toEqual(['Good colleagues']);
		expect(byQuestion(q.q5).map((a) => Number(a.numberValue))).toEqual([6]);
		expect(byQuestion(q.q6)).toHaveLength(8);
		expect(byQuestion(q.q7)).toEqual([]);
	});

	it('identified surveys keep the person; signed-in answering needs an identified survey', async () => {
		const identified = await sent(false);
		const mine = async () => (await listMyOpenSurveys(ctx.db, f.people.p2, 'en')).map((s) => s.id);
		expect(await mine()).toContain(identified.surveyId);
		await submitAnswers(
			ctx.db,
			{ surveyId: identified.surveyId, personId: f.people.p2 },
			{ raw: validAnswers(identified.q) }
		);
		const s = await stored(identified.surveyId);
		expect(s.responses.map((r) => r.personId)).toEqual([f.people.p2]);
		expect(await mine()).not.toContain(identified.surveyId);
		expect(s.responses[0]!.submittedAt).not.toMatch(/T00:00:00\.000Z$/);
		expect(s.responses[0]!.tenureBand).toBe('6_10');
		// The same person's token is now spent as well.
		await expect(openAnswerPage(ctx.db, { token: identified.tokens.p2 })).rejects.toSatisfy(
			(e: unknown) => e instanceof AnswerRefusedError && e.reason === 'alreadyAnswered'
		);
		const anonymous = await sent(true);
		await expect(
			openAnswerPage(ctx.db, { surveyId: anonymous.surveyId, personId: f.people.p1 })
		).rejects.toSatisfy((e: unknown) => e instanceof AnswerRefusedError && e.reason === 'invalidLink');
		// Not invited: not found.
		await expect(
			openAnswerPage(ctx.db, { surveyId: identified.surveyId, personId: f.people.p4 })
		).rejects.toSatisfy((e: unknown) => e instanceof AnswerRefusedError && e.reason === 'invalidLink');
	});

	it('refuses invalid values, too many picks, out-of-range numbers and missing required answers; nothing stored', async () => {
		const { surveyId, q, tokens } = await sent();
		const good = validAnswers(q);
		const cases: [Record<string, string | string[]>, string, string][] = [
			[{ ...good, ['q' + q.q1]: '9' }, 'q' + q.q1, 'survey.error.choice'],
			[{ ...good, ['q' + q.q1]: 'abc' }, 'q' + q.q1, 'survey.error.choice'],
			[{ ...good, ['q' + q.q1]: ['4', '3'] }, 'q' + q.q1, 'survey.error.choice'],
			[{ ...good, ['q' + q.q2]: ['1', '2', '3'] }, 'q' + q.q2, 'survey.error.tooManyPicks'],
			[{ ...good, ['q' + q.q2]: ['7'] }, 'q' + q.q2, 'survey.error.choice'],
			[{ ...good, [`q${q.q3}_1`]: '5' }, 'q' + q.q3, 'survey.error.choice'],
			[{ ...good, [`q${q.q3}_3`]: '4' }, 'q' + q.q3, 'survey.error.choice'],
			[{ ...good, ['q' + q.q5]: '41' }, 'q' + q.q5, 'survey.error.numberRange'],
			[{ ...good, ['q' + q.q5]: '-1' }, 'q' + q.q5, 'survey.error.numberRange'],
			[{ ...good, ['q' + q.q5]: '1e3' }, 'q' + q.q5, 'survey.error.number'],
			[{ ...good, ['q' + q.q4]: 'x'.repeat(4001) }, 'q' + q.q4, 'survey.error.textTooLong'],
			[
				Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'q' + q.q1)),
				'q' + q.q1,
				'survey.error.requiredQuestion'
			],
			[
				Object.fromEntries(Object.entries(good).filter(([k]) => k !== `q${q.q3}_2`)),
				'q' + q.q3,
				'survey.error.requiredMatrix'
			]
		];
		for (const [raw, field, key] of cases) {
			const error = await submitAnswers(ctx.db, { token: tokens.p1 }, { raw }).catch((e: unknown) => e);
			expect(error, `${field} ${key}`).toBeInstanceOf(AnswerValidationError);
			expect((error as AnswerValidationError).errors[field]?.key, `${field} ${key}`).toBe(key);
			expect((error as AnswerValidationError).fieldErrors('sv')[field]![0]).toBeTruthy();
		}
		const s = await stored(surveyId);
		expect(s.responses).toEqual([]);
		expect(s.answers).toEqual([]);
		expect(s.invitations.every((i) => i.completedAt === null)).toBe(true);
		// The API form of the same answers is accepted.
		const json: Record<string, unknown> = {
			[q.q1]: 4,
			[q.q2]: [1, 2],
			[q.q3]: { 0: 4, 1: 3, 2: 0 },
			[q.q5]: 6
		};
		await submitAnswers(ctx.db, { token: tokens.p2 }, { raw: rawFromJson(json) });
		expect((await stored(surveyId)).responses).toHaveLength(1);
	});

	it('keeps a half-finished answer and restores it; submit merges the last section over it', async () => {
		const { surveyId, q, tokens } = await sent();
		const section1 = Object.fromEntries(
			Object.entries(validAnswers(q)).filter(
				([k]) => /^q(\d+)/.exec(k) && [q.q1, q.q2, q.q3, q.q4].includes(Number(/^q(\d+)/.exec(k)![1]))
			)
		);
		await saveDraft(ctx.db, { token: tokens.p3 }, { sectionIndex: 0, raw: section1, step: 1 });
		const page = await openAnswerPage(ctx.db, { token: tokens.p3 });
		expect(page.draft.step).toBe(1);
		expect(page.draft.answers['q' + q.q1]).toBe('4');
		expect(page.draft.answers['q' + q.q2]).toEqual(['1', '2']);
		// Values of other sections posted with a section are ignored (only that section's fields are taken).
		await saveDraft(
			ctx.db,
			{ token: tokens.p3 },
			{ sectionIndex: 1, raw: { ['q' + q.q5]: '12', ['q' + q.q1]: '1' }, step: 1 }
		);
		const again = await openAnswerPage(ctx.db, { token: tokens.p3 });
		expect(again.draft.answers['q' + q.q1]).toBe('4');
		expect(again.draft.answers['q' + q.q5]).toBe('12');
		// An invalid value in the last section: refused, the draft keeps what was typed.
		const last = { ['q' + q.q5]: '99' };
		await expect(
			submitAnswers(ctx.db, { token: tokens.p3 }, { raw: last, sectionIndex: 1 })
		).rejects.toBeInstanceOf(AnswerValidationError);
		expect((await openAnswerPage(ctx.db, { token: tokens.p3 })).draft.answers['q' + q.q5]).toBe('99');
		await submitAnswers(ctx.db, { token: tokens.p3 }, { raw: { ['q' + q.q5]: '7' }, sectionIndex: 1 });
		const s = await stored(surveyId);
		expect(s.responses).toHaveLength(1);
		expect(s.answers.filter((a) => a.questionId === q.q1).map((a) => a.value)).toEqual([4]);
		expect(s.answers.filter((a) => a.questionId === q.q5).map((a) => Number(a.numberValue))).toEqual([7]);
		expect(s.invitations.find((i) => i.personId === f.people.p3)!.draftJson).toBeNull();
	});

	it('answering twice, even concurrently, stores one response', async () => {
		const { surveyId, q, tokens } = await sent();
		const raw = validAnswers(q);
		const results = await Promise.allSettled([
			submitAnswers(ctx.db, { token: tokens.p1 }, { raw }),
			submitAnswers(ctx.db, { token: tokens.p1 }, { raw }),
			submitAnswers(ctx.db, { token: tokens.p1 }, { raw })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results.filter((r) => r.status === 'rejected'))
			expect((r as PromiseRejectedResult).reason).toSatisfy(
				(e: unknown) => e instanceof AnswerRefusedError && e.reason === 'alreadyAnswered'
			);
		await expect(submitAnswers(ctx.db, { token: tokens.p1 }, { raw })).rejects.toSatisfy(
			(e: unknown) => e instanceof AnswerRefusedError && e.reason === 'alreadyAnswered' && e.status === 409
		);
		const s = await stored(surveyId);
		expect(s.responses).toHaveLength(1);
		expect(s.answers.filter((a) => a.questionId === q.q1)).toHaveLength(1);
	});

	it('refuses forged tokens, closed and not-yet-open surveys, and deactivated people; nothing stored', async () => {
		const { surveyId, q, tokens } = await sent();
		const raw = validAnswers(q);
		const reason = (e: unknown) => (e instanceof AnswerRefusedError ? e.reason : String(e));
		for (const forged of [
			'',
			'x',
			tokens.p1.slice(0, -1) + (tokens.p1.endsWith('A') ? 'B' : 'A'),
			'a'.repeat(5000)
		]) {
			expect(reason(await openAnswerPage(ctx.db, { token: forged }).catch((e: unknown) => e))).toBe(
				'invalidLink'
			);
			expect(reason(await submitAnswers(ctx.db, { token: forged }, { raw }).catch((e: unknown) => e))).toBe(
				'invalidLink'
			);
		}
		await ctx.db
			.updateTable('surveys')
			.set({ opensAt: '2099-01-01T00:00:00.000Z' })
			.where('id', '=', surveyId)
			.execute();
		const notOpen = await submitAnswers(ctx.db, { token: tokens.p1 }, { raw }).catch((e: unknown) => e);
		expect(reason(notOpen)).toBe('notOpen');
		expect((notOpen as AnswerRefusedError).messageIn('en')).toMatch(
			/^This survey is not open yet\. It opens .*2099/
		);
		await ctx.db
			.updateTable('surveys')
			.set({ opensAt: null, closesAt: '2020-01-01T00:00:00.000Z' })
			.where('id', '=', surveyId)
			.execute();
		const closed = await submitAnswers(ctx.db, { token: tokens.p1 }, { raw }).catch((e: unknown) => e);
		expect([reason(closed), (closed as AnswerRefusedError).status]).toEqual(['closed', 410]);
		await ctx.db
			.updateTable('surveys')
			.set({ closesAt: null, status: 'closed' })
			.where('id', '=', surveyId)
			.execute();
		expect(reason(await openAnswerPage(ctx.db, { token: tokens.p2 }).catch((e: unknown) => e))).toBe(
			'closed'
		);
		expect(
			reason(
				await saveDraft(ctx.db, { token: tokens.p2 }, { sectionIndex: 0, raw, step: 0 }).catch(
					(e: unknown) => e
				)
			)
		).toBe('closed');
		const s = await stored(surveyId);
		expect(s.responses).toEqual([]);
		expect(s.invitations.every((i) => i.completedAt === null && i.draftJson === null)).toBe(true);
	});

	it('tenure bands from role_started_on', () => {
		const today = '2026-03-10';
		expect(tenureBand(null, today)).toBeNull();
		expect(tenureBand('2024-03-11', today)).toBe('lt2');
		expect(tenureBand('2024-03-10', today)).toBe('2_5');
		expect(tenureBand('2020-03-11', today)).toBe('2_5');
		expect(tenureBand('2020-03-10', today)).toBe('6_10');
		expect(tenureBand('2015-03-10', today)).toBe('gt10');
		expect(tenureBand('2015-03-11', today)).toBe('6_10');
	});

	it('every submission above kept the maintained result counts equal to what the raw answers give', async () => {
		const checks = await checkResultCounts(ctx.db, { programmeId: f.programmeId });
		expect(checks.length).toBeGreaterThan(0);
		expect(checks.map((c) => [c.surveyId, c.mismatchCount, c.mismatches])).toEqual(
			checks.map((c) => [c.surveyId, 0, []])
		);
	});
});
