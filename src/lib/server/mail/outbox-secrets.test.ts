import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { isResetTokenValid, requestPasswordReset } from '../auth/auth.service.ts';
import { sha256 } from '../auth/tokens.ts';
import { addRegistration, makePastSession } from '../cycle/cycle.fixtures.ts';
import { sendDueNudges } from '../cycle/nudges.ts';
import { issueCalendarFeedToken, personForFeedToken } from '../registrations/calendar.service.ts';
import { insertRegistration } from '../registrations/notifications.fixtures.ts';
import { notifyRegistration } from '../registrations/notifications.ts';
import { makeSession } from '../registrations/registrations.fixtures.ts';
import { buildSurveyFixture, type SurveyFixture } from '../surveys/answering.fixtures.ts';
import { openAnswerPage, submitAnswers } from '../surveys/answering.service.ts';
import { remindSurvey, sendSurvey } from '../surveys/distribution.service.ts';
import { validAnswers } from '../surveys/answering.fixtures.ts';
import type { Db } from '../db/database.ts';
import { up as maskStoredSecrets } from '../db/migrations/0007_mask_outbox_secrets.ts';
import { describeEachDb } from '../testing/db.ts';
import { SECRET_MASK, sendMail } from './mail.service.ts';
import { getOutboxMessage } from './outbox.service.ts';
import { decodeMail, mailedLink, startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.ts';

let receiver: SmtpReceiver;
beforeAll(async () => {
	receiver = await startSmtpReceiver();
});
afterAll(async () => {
	await receiver.close();
});

const ORIGIN = 'https://klok.test';

/** Everything the outbox keeps of every message, as one string per row. */
async function storedRows(db: Db) {
	const rows = await db.selectFrom('outbox').selectAll().orderBy('id').execute();
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		to: r.toAddress,
		stored: [r.subject, r.textBody, r.htmlBody ?? '', r.attachments ?? ''].join('\n')
	}));
}

/** The hashes of every live credential: reset links, survey links, calendar feeds, API tokens. */
async function credentialHashes(db: Db): Promise<Set<string>> {
	const hashes = [
		...(await db.selectFrom('passwordResets').select('tokenHash').where('usedAt', 'is', null).execute()),
		...(await db
			.selectFrom('surveyInvitations')
			.select('tokenHash')
			.where('completedAt', 'is', null)
			.execute()),
		...(await db.selectFrom('calendarFeeds').select('tokenHash').execute()),
		...(await db.selectFrom('apiTokens').select('tokenHash').execute())
	].map((r) => r.tokenHash);
	return new Set(hashes);
}

/** Every token-shaped run in a text, with and without a `prefix_`. */
function candidates(text: string): string[] {
	const runs = text.match(/[A-Za-z0-9_-]{16,}/g) ?? [];
	return runs.flatMap((run) => [run, run.replace(/^[a-z]+_/, '')]);
}

describeEachDb('outbox secrets', (ctx) => {
	let f: SurveyFixture;
	const email = (key: keyof SurveyFixture['people']) => `${key}.secrets@example.org`;
	const opts = () => ({ mail: receiver.mailOptions, origin: ORIGIN });

	beforeAll(async () => {
		f = await buildSurveyFixture(ctx.db, 'secrets');
	});

	it('a reset the office requests reaches the person by e-mail but cannot be completed from the outbox', async () => {
		const office = await f.actor(f.people.office);
		const result = await requestPasswordReset(
			ctx.db,
			{ email: email('p1'), origin: ORIGIN, locale: 'en', ip: '10.9.0.1' },
			receiver.mailOptions
		);
		expect(result).toEqual({ ok: true });
		const token = (await mailedLink(receiver, email('p1'), /^\/reset-password\/([\w-]+)$/)).match[1]!;
		expect(await isResetTokenValid(ctx.db, token)).toBe(true);

		const row = await ctx.db
			.selectFrom('outbox')
			.select('id')
			.where('personId', '=', f.people.p1)
			.where('kind', '=', 'password-reset')
			.executeTakeFirstOrThrow();
		const message = await getOutboxMessage(ctx.db, office, f.programmeId, row.id);
		expect(message!.textBody).not.toContain(token);
		expect(message!.textBody).toContain(`${ORIGIN}/reset-password/${SECRET_MASK}`);
		expect(message!.secretsMasked).toBe(true);
		for (const candidate of candidates(message!.textBody))
			expect(await isResetTokenValid(ctx.db, candidate)).toBe(false);
	});

	it('no mail kind leaves a usable token in the outbox, while every recipient gets a working link', async () => {
		const office = await f.actor(f.people.office);
		const delivered: string[] = [];

		// Password reset.
		await requestPasswordReset(
			ctx.db,
			{ email: email('p2'), origin: ORIGIN, locale: 'sv', ip: '10.9.0.2' },
			receiver.mailOptions
		);
		delivered.push((await mailedLink(receiver, email('p2'), /^\/reset-password\/([\w-]+)$/)).match[1]!);

		// Survey invitation, then a reminder with a fresh link.
		const { surveyId, q } = await f.survey();
		await sendSurvey(
			ctx.db,
			office,
			surveyId,
			{ audience: { kind: 'units', unitIds: [f.units.W1] } },
			opts()
		);
		const invited = (
			await mailedLink(receiver, email('p3'), /^\/s\/([\w-]+)$/, { kind: 'survey-invitation' })
		).match[1]!;
		expect((await openAnswerPage(ctx.db, { token: invited })).form.id).toBe(surveyId);
		await submitAnswers(
			ctx.db,
			{ token: (await mailedLink(receiver, email('p1'), /^\/s\/([\w-]+)$/)).match[1]! },
			{ raw: validAnswers(q) }
		);
		await remindSurvey(ctx.db, office, surveyId, opts());
		const reminded = (await mailedLink(receiver, email('p3'), /^\/s\/([\w-]+)$/, { kind: 'survey-reminder' }))
			.match[1]!;
		expect((await openAnswerPage(ctx.db, { token: reminded })).form.id).toBe(surveyId);
		delivered.push(reminded);

		// A confirmed seat with its calendar invitation.
		const sessionId = await makeSession(ctx.db, f.programmeId);
		const registrationId = await insertRegistration(ctx.db, sessionId, f.people.p4, 'confirmed');
		const mark = receiver.messages.length;
		await notifyRegistration(ctx.db, registrationId, 'confirmed', opts());
		const confirmation = receiver.messages.slice(mark).map(decodeMail);
		expect(confirmation.map((m) => m.kind)).toEqual(['registration.confirmed']);
		expect(confirmation[0]!.attachments.map((a) => a.contentType)).toEqual([
			expect.stringMatching(/^text\/calendar/)
		]);

		// A follow-up nudge (its link needs a sign-in and carries no secret: it stays as it is).
		const past = await makePastSession(ctx.db, f.programmeId, { endedDaysAgo: 40 });
		const attended = await addRegistration(ctx.db, past.sessionId, f.people.p5, 'attended');
		expect(await sendDueNudges(ctx.db, new Date(), opts())).toContain(attended);
		expect((await mailedLink(receiver, email('p5'), /^\/cycle\/(\d+)$/)).match[1]).toBe(String(attended));

		// A calendar feed exists too: its token must not turn up anywhere either.
		const feed = await issueCalendarFeedToken(ctx.db, f.people.p4);
		expect(await personForFeedToken(ctx.db, feed)).toBe(f.people.p4);
		delivered.push(feed);

		const rows = await storedRows(ctx.db);
		expect(new Set(rows.map((r) => r.kind))).toEqual(
			new Set([
				'password-reset',
				'survey-invitation',
				'survey-reminder',
				'registration.confirmed',
				'cycle.followup'
			])
		);
		const live = await credentialHashes(ctx.db);
		expect(live.size).toBeGreaterThan(3);
		for (const row of rows) {
			for (const token of delivered) expect(row.stored, `${row.kind} #${row.id}`).not.toContain(token);
			for (const candidate of candidates(row.stored))
				expect(live.has(sha256(candidate)), `${row.kind} #${row.id}: ${candidate}`).toBe(false);
		}
		const nudge = rows.find((r) => r.kind === 'cycle.followup')!;
		expect(nudge.stored).toContain(`${ORIGIN}/cycle/${attended}`);
	});

	it('masks token links a caller did not declare, in text, HTML and attachments, and delivers them unchanged', async () => {
		const reset = 'Zr4Q9xWkP2mB7vT1yH6nC3jL8sD5fG0aEqRuIoKpXwA';
		const survey = 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5kM7nP9q';
		const feed = `cal_${'Yx2Wv4Ut6Sr8Qp0On2Ml4Kj6Ih8Gf0Ed2Cb4Az6Yx8W'}`;
		const api = `klok_${'Mn3Bv5Cx7Zl9Kj1Hg3Fd5Sa7Qw9Er1Ty3Ui5Op7As9D'}`;
		const body = [
			`Reset: ${ORIGIN}/reset-password/${reset}`,
			`Answer: ${ORIGIN}/s/${survey}?lang=sv`,
			`API: ${ORIGIN}/api/v1/answer/${survey}`,
			`Feed: webcal://klok.test/calendar/${feed}.ics`,
			`Token: ${api}.`
		].join('\n');
		const mark = receiver.messages.length;
		const result = await sendMail(
			ctx.db,
			{
				to: 'net@example.org',
				subject: `Your link ${ORIGIN}/s/${survey}`,
				text: body,
				html: `<p><a href="${ORIGIN}/s/${survey}">answer</a> ${body}</p>`,
				kind: 'test',
				attachments: [
					{
						filename: 'invite.ics',
						contentType: 'text/calendar; charset=utf-8',
						// Folded inside the token, as a calendar writer may do with a long line.
						content: `BEGIN:VCALENDAR\r\nDESCRIPTION:${ORIGIN}/s/${survey.slice(0, 20)}\r\n ${survey.slice(20)}\r\nEND:VCALENDAR`
					}
				]
			},
			receiver.mailOptions
		);
		expect(result.sent).toBe(true);
		const received = decodeMail(receiver.messages[mark]!);
		expect(received.text).toContain(`${ORIGIN}/reset-password/${reset}`);
		expect(received.text).toContain(api);

		const row = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('id', '=', result.id)
			.executeTakeFirstOrThrow();
		const stored = [row.subject, row.textBody, row.htmlBody, row.attachments].join('\n');
		for (const secret of [reset, survey, feed, api, survey.slice(0, 20), survey.slice(20)])
			expect(stored).not.toContain(secret);
		expect(row.textBody).toContain(`${ORIGIN}/reset-password/${SECRET_MASK}`);
		expect(row.textBody).toContain(`${ORIGIN}/s/${SECRET_MASK}?lang=sv`);
		expect(row.textBody).toContain(`/calendar/${SECRET_MASK}.ics`);
		expect(row.htmlBody).toContain(`href="${ORIGIN}/s/${SECRET_MASK}"`);
	});

	it('without SMTP, a message with a secret is kept masked, logged without the secret, and not delivered', async () => {
		const logged: string[] = [];
		const spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
			vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')))
		);
		try {
			await requestPasswordReset(
				ctx.db,
				{ email: email('p3'), origin: ORIGIN, locale: 'en', ip: '10.9.0.3' },
				{}
			);
		} finally {
			for (const spy of spies) spy.mockRestore();
		}
		const row = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('personId', '=', f.people.p3)
			.where('kind', '=', 'password-reset')
			.executeTakeFirstOrThrow();
		expect(row.sentAt).toBeNull();
		expect(row.textBody).toContain(`${ORIGIN}/reset-password/${SECRET_MASK}`);
		const live = await credentialHashes(ctx.db);
		for (const candidate of [...candidates(row.textBody), ...candidates(row.htmlBody ?? '')])
			expect(live.has(sha256(candidate))).toBe(false);
		// Someone is told why the person gets nothing, and no line carries a usable token.
		expect(logged.join('\n')).toMatch(/SMTP_URL/);
		for (const candidate of candidates(logged.join('\n'))) expect(live.has(sha256(candidate))).toBe(false);
	});

	it('the upgrade masks the links older versions stored in full, and leaves other mail alone', async () => {
		const token = 'Qw8Er6Ty4Ui2Op0As8Df6Gh4Jk2Lz0Xc8Vb6Nm4Qw8E';
		const insert = (textBody: string, attachments: string | null = null) =>
			ctx.db
				.insertInto('outbox')
				.values({
					toAddress: 'old@example.org',
					subject: 'Old',
					textBody,
					htmlBody: `<p>${textBody}</p>`,
					kind: 'old',
					attachments
				})
				.returning('id')
				.executeTakeFirstOrThrow();
		const reset = await insert(`Choose a new password here:\n${ORIGIN}/reset-password/${token}\n`);
		const ics = JSON.stringify([
			{
				filename: 'invite.ics',
				contentType: 'text/calendar',
				content: `BEGIN:VCALENDAR\r\nDESCRIPTION:${ORIGIN}/s/${token.slice(0, 30)}\r\n ${token.slice(30)}\r\nEND:VCALENDAR`
			}
		]);
		const invite = await insert('See the attachment.', ics);
		const plain = await insert(`Your session: ${ORIGIN}/catalogue/sessions/12`);

		await maskStoredSecrets(ctx.db);
		const rows = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('id', 'in', [reset.id, invite.id, plain.id])
			.orderBy('id')
			.execute();
		expect(rows[0]!.textBody).toBe(`Choose a new password here:\n${ORIGIN}/reset-password/${SECRET_MASK}\n`);
		expect(rows[0]!.htmlBody).not.toContain(token);
		expect(rows[1]!.attachments).not.toContain(token.slice(0, 30));
		expect(rows[1]!.attachments).not.toContain(token.slice(30));
		expect(rows[1]!.attachments).toContain(`/s/${SECRET_MASK}`);
		expect(rows[2]!.textBody).toBe(`Your session: ${ORIGIN}/catalogue/sessions/12`);
	});
});
