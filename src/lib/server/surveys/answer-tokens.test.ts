import { afterAll, beforeAll, expect, it } from 'vitest';
import { runOutbox } from '../mail/outbox.service.ts';
import { mailedLink, startSmtpReceiver, type SmtpReceiver } from '../mail/smtp-receiver.ts';
import { describeEachDb } from '../testing/db.ts';
import { buildSurveyFixture, type SurveyFixture } from './answering.fixtures.ts';
import { AnswerRefusedError, openAnswerPage } from './answering.service.ts';
import { hashToken, sendSurvey } from './distribution.service.ts';

/**
 * Issue 11 item 8: answering tokens are readable by nobody but the recipient. The request only
 * queues the invitation; the outbox worker mints the token, stores its hash and renders the link
 * into the e-mail. Nothing in the database (outbox included) yields a token that opens an answer.
 */

let receiver: SmtpReceiver;
beforeAll(async () => {
	// Not the default: mail waits in the outbox until this test runs the worker.
	receiver = await startSmtpReceiver();
});
afterAll(() => receiver.close());

/** Every token-shaped run in the database's text columns that could be a credential. */
function candidates(text: string): string[] {
	return text.match(/[A-Za-z0-9_-]{16,}/g) ?? [];
}

describeEachDb('survey answer tokens', (ctx) => {
	let f: SurveyFixture;
	const email = (key: keyof SurveyFixture['people']) => `${key}.tokens@example.org`;
	beforeAll(async () => {
		f = await buildSurveyFixture(ctx.db, 'tokens');
	});

	it('exist only in the e-mail: queued without a token, minted at send time, masked in the outbox', async () => {
		const office = await f.actor(f.people.office);
		const { surveyId } = await f.survey();
		const sent = await sendSurvey(ctx.db, office, surveyId, {
			audience: { kind: 'units', unitIds: [f.units.W1] }
		});
		expect(sent.invited).toBeGreaterThan(0);

		// Queued: the outbox rows say which invitation, nothing else; the invitation holds a hash.
		const queued = await ctx.db
			.selectFrom('outbox')
			.select(['payload', 'textBody', 'status'])
			.where('kind', '=', 'survey-invitation')
			.execute();
		expect(queued.length).toBe(sent.invited);
		for (const row of queued) {
			expect(row.status).toBe('pending');
			expect(Object.keys(JSON.parse(row.payload!) as object)).toEqual(['invitationId']);
			expect(row.textBody).toBe('');
		}
		const hashesBefore = await ctx.db
			.selectFrom('surveyInvitations')
			.select(['id', 'tokenHash'])
			.where('surveyId', '=', surveyId)
			.execute();

		await runOutbox(ctx.db, { mail: receiver.mailOptions, origin: 'https://klok.test' });
		const token = (await mailedLink(receiver, email('p3'), /^\/s\/([\w-]+)$/, { kind: 'survey-invitation' }))
			.match[1]!;
		// The link from the real SMTP receiver opens the survey …
		expect((await openAnswerPage(ctx.db, { token })).form.id).toBe(surveyId);
		// … its hash was written at send time, replacing the placeholder.
		const hashesAfter = await ctx.db
			.selectFrom('surveyInvitations')
			.select(['id', 'tokenHash'])
			.where('surveyId', '=', surveyId)
			.execute();
		for (const before of hashesBefore)
			expect(hashesAfter.find((a) => a.id === before.id)!.tokenHash).not.toBe(before.tokenHash);
		expect(hashesAfter.map((h) => h.tokenHash)).toContain(hashToken(token));

		// Nothing the office can read holds a usable token: not the outbox, not any invitation.
		const outbox = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('kind', '=', 'survey-invitation')
			.execute();
		const live = new Set(hashesAfter.map((h) => h.tokenHash));
		for (const row of outbox) {
			expect(row.status).toBe('sent');
			const stored = [row.subject, row.textBody, row.htmlBody ?? '', row.payload ?? ''].join('\n');
			expect(stored).not.toContain(token);
			expect(stored).toContain('/s/••••••••');
			for (const c of candidates(stored)) expect(live.has(hashToken(c))).toBe(false);
		}
		for (const h of hashesAfter) expect(live.has(hashToken(h.tokenHash))).toBe(false);
	});

	it('a resent invitation gets a fresh token, and the earlier link stops working', async () => {
		const office = await f.actor(f.people.office);
		const { surveyId } = await f.survey();
		await sendSurvey(ctx.db, office, surveyId, { audience: { kind: 'units', unitIds: [f.units.W1] } });
		await runOutbox(ctx.db, { mail: receiver.mailOptions, origin: 'https://klok.test' });
		const first = (await mailedLink(receiver, email('p3'), /^\/s\/([\w-]+)$/, { kind: 'survey-invitation' }))
			.match[1]!;
		// The office (or a retry) sends the same message again: the worker renders it anew.
		const invitation = await ctx.db
			.selectFrom('surveyInvitations')
			.select('id')
			.where('surveyId', '=', surveyId)
			.where('tokenHash', '=', hashToken(first))
			.executeTakeFirstOrThrow();
		await ctx.db
			.updateTable('outbox')
			.set({ status: 'pending', nextAttemptAt: new Date(0).toISOString() })
			.where('payload', '=', JSON.stringify({ invitationId: invitation.id }))
			.execute();
		const mark = receiver.messages.length;
		await runOutbox(ctx.db, { mail: receiver.mailOptions, origin: 'https://klok.test' });
		expect(receiver.messages.length).toBe(mark + 1);
		const second = (await mailedLink(receiver, email('p3'), /^\/s\/([\w-]+)$/, { kind: 'survey-invitation' }))
			.match[1]!;
		expect(second).not.toBe(first);
		expect((await openAnswerPage(ctx.db, { token: second })).form.id).toBe(surveyId);
		await expect(openAnswerPage(ctx.db, { token: first })).rejects.toBeInstanceOf(AnswerRefusedError);
	});
});
