import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { formatDate } from '#lib/i18n/index.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { makeSession } from '../registrations/registrations.fixtures.ts';
import { markAttendance, onAttendanceMarked } from '../registrations/attendance.service.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../mail/smtp-receiver.ts';
import { describeEachDb } from '../testing/db.ts';
import { buildSurveyFixture, tokenFor, validAnswers, type SurveyFixture } from './answering.fixtures.ts';
import { AnswerRefusedError, openAnswerPage, submitAnswers } from './answering.service.ts';
import {
	closeSurvey,
	DistributionError,
	getDistribution,
	hashToken,
	remindSurvey,
	responseRate,
	sendCourseEvaluations,
	sendSurvey
} from './distribution.service.ts';

const opts = { origin: 'https://klok.test' };

// Survey links reach people by e-mail only (the outbox masks them): this file's mail goes to a real SMTP receiver.
let receiver: SmtpReceiver;
beforeAll(async () => {
	receiver = await startSmtpReceiver({ asDefault: true });
});
afterAll(() => receiver.close());

// Marking attendance sends course evaluations through the listener the server installs at start
// (hooks.server.ts): registrations does not import surveys.
let stopListening: () => void = () => undefined;
beforeAll(() => {
	stopListening = onAttendanceMarked((db, { sessionId }) => sendCourseEvaluations(db, sessionId));
});
afterAll(() => stopListening());

describeEachDb('survey distribution', (ctx) => {
	let f: SurveyFixture;
	let office: Actor;
	let participant: Actor;
	let outsider: Actor;
	const email = (key: keyof SurveyFixture['people']) => `${key}.dist@example.org`;

	beforeAll(async () => {
		f = await buildSurveyFixture(ctx.db, 'dist');
		office = await f.actor(f.people.office);
		participant = await f.actor(f.people.p1);
		outsider = await f.actor(f.people.outsider);
	});

	it('sends to a unit and its descendants, mails the link in each person’s language, stores only hashes', async () => {
		const { surveyId } = await f.survey();
		const r = await sendSurvey(
			ctx.db,
			office,
			surveyId,
			{ audience: { kind: 'units', unitIds: [f.units.W1] } },
			opts
		);
		expect(r).toEqual({ invited: 3, alreadyInvited: 0 });
		const invitations = await ctx.db
			.selectFrom('surveyInvitations')
			.selectAll()
			.where('surveyId', '=', surveyId)
			.orderBy('personId')
			.execute();
		expect(invitations.map((i) => i.personId)).toEqual([f.people.p1, f.people.p2, f.people.p3]);
		expect(invitations.map((i) => i.unitId)).toEqual([f.units.W1, f.units.T1, f.units.W1]);
		const token = await tokenFor(receiver, email('p1'));
		expect(invitations[0]!.tokenHash).toBe(hashToken(token));
		expect(invitations.some((i) => i.tokenHash === token)).toBe(false);
		const mails = await ctx.db
			.selectFrom('outbox')
			.select(['toAddress', 'subject', 'textBody'])
			.where('kind', '=', 'survey-invitation')
			.execute();
		expect(mails.find((m) => m.toAddress === email('p1'))!.subject).toBe('Survey: Staff survey dist');
		expect(mails.find((m) => m.toAddress === email('p2'))!.subject).toBe('Enkät: Personalenkät dist');
		expect(mails.find((m) => m.toAddress === email('p1'))!.textBody).toContain('https://klok.test/s/');
		const survey = await ctx.db
			.selectFrom('surveys')
			.select(['status', 'audienceJson'])
			.where('id', '=', surveyId)
			.executeTakeFirstOrThrow();
		expect(survey.status).toBe('open');
		expect(JSON.parse(survey.audienceJson!)[0]).toMatchObject({ kind: 'units', unitIds: [f.units.W1] });

		// Adding people later is idempotent per person: only the new ones are invited and mailed.
		const before = (await ctx.db.selectFrom('outbox').select('id').execute()).length;
		const again = await sendSurvey(ctx.db, office, surveyId, { audience: { kind: 'programme' } }, opts);
		expect(again).toEqual({ invited: 3, alreadyInvited: 3 }); // p4, p5, office
		expect((await ctx.db.selectFrom('outbox').select('id').execute()).length).toBe(before + 3);
		const third = await sendSurvey(
			ctx.db,
			office,
			surveyId,
			{ audience: { kind: 'people', emails: [email('p4').toUpperCase()] } },
			opts
		);
		expect(third).toEqual({ invited: 0, alreadyInvited: 1 });
	});

	it('a picked closing day is that day in the programme’s time zone, inclusive, in the mail too (issue 15.13)', async () => {
		const { surveyId } = await f.survey();
		await sendSurvey(
			ctx.db,
			office,
			surveyId,
			{ audience: { kind: 'people', emails: [email('p1')] }, opensOn: '2026-12-01', closesOn: '2099-12-20' },
			opts
		);
		const row = await ctx.db
			.selectFrom('surveys')
			.select(['opensAt', 'closesAt'])
			.where('id', '=', surveyId)
			.executeTakeFirstOrThrow();
		// Stockholm: 1 December starts at 23:00 UTC the day before; 20 December ends at 22:59:59.999 UTC.
		expect(row).toEqual({ opensAt: '2026-11-30T23:00:00.000Z', closesAt: '2099-12-20T22:59:59.999Z' });
		const view = await getDistribution(ctx.db, office, surveyId, 'en');
		expect([view.survey.opensOn, view.survey.closesOn]).toEqual(['2026-12-01', '2099-12-20']);
		await tokenFor(receiver, email('p1'));
		await expect
			.poll(async () => {
				const mail = await ctx.db
					.selectFrom('outbox')
					.select(['textBody'])
					.where('toAddress', '=', email('p1'))
					.where('kind', '=', 'survey-invitation')
					.orderBy('id', 'desc')
					.executeTakeFirst();
				return mail?.textBody ?? '';
			})
			.toContain(`The last day to answer is ${formatDate('en', '2099-12-20')}.`);
	});

	it('resolves job categories and lists, refusing unknown people and bad input without changing anything', async () => {
		const { surveyId } = await f.survey();
		await expect(
			sendSurvey(
				ctx.db,
				office,
				surveyId,
				{ audience: { kind: 'people', emails: [email('p1'), 'nobody@example.org', email('outsider')] } },
				opts
			)
		).rejects.toSatisfy(
			(e: unknown) =>
				e instanceof DistributionError && e.keyFor('audience.emails') === 'survey.error.unknownPeople'
		);
		for (const bad of [
			{ audience: { kind: 'units', unitIds: [] } },
			{ audience: { kind: 'nonsense' } },
			{ audience: { kind: 'jobCategories', jobCategories: ['pilot'] } },
			{ audience: { kind: 'programme' }, opensOn: '2026-05-10', closesOn: '2026-05-01' },
			{ audience: { kind: 'programme' }, closesOn: '2026-02-30' }
		])
			await expect(sendSurvey(ctx.db, office, surveyId, bad, opts)).rejects.toBeInstanceOf(DistributionError);
		// A unit of another programme matches nobody.
		await expect(
			sendSurvey(ctx.db, office, surveyId, { audience: { kind: 'units', unitIds: [999999] } }, opts)
		).rejects.toSatisfy(
			(e: unknown) =>
				e instanceof DistributionError && e.keyFor('audience.kind') === 'survey.error.emptyAudience'
		);
		expect(
			await ctx.db.selectFrom('surveyInvitations').select('id').where('surveyId', '=', surveyId).execute()
		).toEqual([]);
		expect(
			(
				await ctx.db
					.selectFrom('surveys')
					.select('status')
					.where('id', '=', surveyId)
					.executeTakeFirstOrThrow()
			).status
		).toBe('draft');

		const r = await sendSurvey(
			ctx.db,
			office,
			surveyId,
			{ audience: { kind: 'jobCategories', jobCategories: ['librarian'] } },
			opts
		);
		expect(r.invited).toBe(3); // p1, p3, p5
	});

	it('refuses a survey without questions', async () => {
		const empty = (
			await ctx.db
				.insertInto('surveys')
				.values({
					programmeId: f.programmeId,
					kind: 'custom',
					titleJson: '{"en":"Empty"}',
					updatedAt: new Date().toISOString()
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		await expect(
			sendSurvey(ctx.db, office, empty, { audience: { kind: 'programme' } }, opts)
		).rejects.toSatisfy(
			(e: unknown) => e instanceof DistributionError && e.keyFor('_form') === 'survey.error.noQuestions'
		);
	});

	it('policy: a participant or another programme’s office cannot distribute or read the rate (not found)', async () => {
		const { surveyId } = await f.survey();
		for (const actor of [participant, outsider]) {
			await expect(
				sendSurvey(ctx.db, actor, surveyId, { audience: { kind: 'programme' } }, opts)
			).rejects.toBeInstanceOf(AccessDeniedError);
			await expect(remindSurvey(ctx.db, actor, surveyId, opts)).rejects.toBeInstanceOf(AccessDeniedError);
			await expect(responseRate(ctx.db, actor, surveyId)).rejects.toBeInstanceOf(AccessDeniedError);
			await expect(getDistribution(ctx.db, actor, surveyId)).rejects.toBeInstanceOf(AccessDeniedError);
			await expect(closeSurvey(ctx.db, actor, surveyId)).rejects.toBeInstanceOf(AccessDeniedError);
		}
		await expect(
			sendSurvey(ctx.db, office, 987654, { audience: { kind: 'programme' } }, opts)
		).rejects.toBeInstanceOf(AccessDeniedError);
		expect(
			await ctx.db.selectFrom('surveyInvitations').select('id').where('surveyId', '=', surveyId).execute()
		).toEqual([]);
	});

	it('reminds only those who have not answered, with a fresh link; counts only; the rate by unit', async () => {
		const { surveyId, q } = await f.survey();
		await sendSurvey(ctx.db, office, surveyId, { audience: { kind: 'units', unitIds: [f.units.R] } }, opts);
		// p1 (W1) and p4 (W2) answer.
		for (const key of ['p1', 'p4'] as const)
			await submitAnswers(ctx.db, { token: await tokenFor(receiver, email(key)) }, { raw: validAnswers(q) });
		const oldP2 = await tokenFor(receiver, email('p2'));

		const rate = await responseRate(ctx.db, office, surveyId, 'en');
		expect(rate.invited).toBe(6);
		expect(rate.completed).toBe(2);
		// Anonymous survey, every unit below k = 5 invited: none is shown on its own, not even to the office.
		expect(rate.byUnit).toEqual([]);
		expect(rate.otherUnits).toEqual({ invited: 6, completed: 2, rate: 2 / 6 });
		// Steering may read the rate too (counts only).
		await ctx.db
			.insertInto('roleAssignments')
			.values({ personId: f.people.p5, role: 'steering', programmeId: f.programmeId })
			.execute();
		expect((await responseRate(ctx.db, await f.actor(f.people.p5), surveyId)).completed).toBe(2);

		const r = await remindSurvey(ctx.db, office, surveyId, opts);
		expect(r).toEqual({ reminded: 4 });
		const reminded = await ctx.db
			.selectFrom('outbox')
			.select('toAddress')
			.where('kind', '=', 'survey-reminder')
			.execute();
		expect(reminded.map((m) => m.toAddress).sort()).toEqual(
			[email('office'), email('p2'), email('p3'), email('p5')].sort()
		);
		// The earlier link is replaced; the new one works.
		await expect(openAnswerPage(ctx.db, { token: oldP2 })).rejects.toSatisfy(
			(e: unknown) => e instanceof AnswerRefusedError && e.reason === 'invalidLink'
		);
		const fresh = await tokenFor(receiver, email('p2'), 'survey-reminder');
		expect((await openAnswerPage(ctx.db, { token: fresh })).form.id).toBe(surveyId);

		const view = await getDistribution(ctx.db, office, surveyId, 'en');
		expect([view.invited, view.completed]).toEqual([6, 2]);

		await closeSurvey(ctx.db, office, surveyId);
		await expect(remindSurvey(ctx.db, office, surveyId, opts)).rejects.toBeInstanceOf(DistributionError);
		await expect(
			sendSurvey(ctx.db, office, surveyId, { audience: { kind: 'programme' } }, opts)
		).rejects.toBeInstanceOf(DistributionError);
	});

	it('sends course evaluations to attendees automatically when attendance is marked, idempotently', async () => {
		const sessionId = await makeSession(ctx.db, f.programmeId, { startsIn: -3 * 3600_000 });
		const reg = (personId: number) =>
			ctx.db
				.insertInto('registrations')
				.values({
					sessionId,
					personId,
					status: 'confirmed',
					confirmedAt: new Date().toISOString(),
					updatedAt: new Date().toISOString()
				})
				.execute();
		for (const p of [f.people.p1, f.people.p2, f.people.p3]) await reg(p);
		const { surveyId } = await f.survey({ kind: 'course_evaluation', sessionId });
		await ctx.db.updateTable('surveys').set({ status: 'open' }).where('id', '=', surveyId).execute();
		// A draft evaluation of the same session is not sent.
		const draft = await f.survey({ kind: 'course_evaluation', sessionId });

		await markAttendance(ctx.db, office, sessionId, { present: [f.people.p1, f.people.p2], absent: [] });
		const invited = async (id: number) =>
			(
				await ctx.db
					.selectFrom('surveyInvitations')
					.select('personId')
					.where('surveyId', '=', id)
					.orderBy('personId')
					.execute()
			).map((r) => r.personId);
		expect(await invited(surveyId)).toEqual([f.people.p1, f.people.p2]);
		expect(await invited(draft.surveyId)).toEqual([]);

		// Marking again, and calling the hook again, invites nobody twice.
		await markAttendance(ctx.db, office, sessionId, {
			present: [f.people.p1, f.people.p2],
			absent: [f.people.p3]
		});
		expect(await sendCourseEvaluations(ctx.db, sessionId, opts)).toEqual({ invited: 0, alreadyInvited: 2 });
		expect(await invited(surveyId)).toEqual([f.people.p1, f.people.p2]);
		const mails = await ctx.db
			.selectFrom('outbox')
			.select('toAddress')
			.where('kind', '=', 'survey-invitation')
			.where('subject', 'like', '%' + 'dist')
			.where('personId', 'in', [f.people.p1, f.people.p2, f.people.p3])
			.execute();
		expect(mails.length).toBeGreaterThan(0);

		// p3 corrected to present later: added.
		await markAttendance(ctx.db, office, sessionId, { present: [f.people.p3], absent: [] });
		expect(await invited(surveyId)).toEqual([f.people.p1, f.people.p2, f.people.p3]);
		// The response records attendance.
		const token = await tokenFor(receiver, email('p3'));
		const { q } = { q: await questionIds(ctx.db, surveyId) };
		await submitAnswers(ctx.db, { token }, { raw: validAnswers(q) });
		const response = await ctx.db
			.selectFrom('surveyResponses')
			.select(['attended', 'personId'])
			.where('surveyId', '=', surveyId)
			.executeTakeFirstOrThrow();
		expect(response).toEqual({ attended: 1, personId: null });
	});
});

/** The fixture survey's question ids in order, as q1..q7. */
async function questionIds(db: Db, surveyId: number) {
	const ids = (
		await db
			.selectFrom('surveyQuestions')
			.select('id')
			.where('surveyId', '=', surveyId)
			.orderBy('sortOrder')
			.execute()
	).map((r) => r.id);
	return { q1: ids[0]!, q2: ids[1]!, q3: ids[2]!, q4: ids[3]!, q5: ids[4]!, q6: ids[5]!, q7: ids[6]! };
}
