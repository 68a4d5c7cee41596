import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requestPasswordReset } from '../auth/auth.service.ts';
import { nowIso } from '../db/sql.ts';
import { describeEachDb } from '../testing/db.ts';
import { SECRET_MASK, sendMail } from './mail.service.ts';
import { decodeQuotedPrintable, startSmtpReceiver } from './smtp-receiver.ts';

let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
beforeAll(async () => {
	receiver = await startSmtpReceiver();
});
afterAll(async () => {
	await receiver.close();
});

/** A localhost port with nothing listening on it. */
async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describeEachDb('mail.service', (ctx) => {
	it('keeps a message in the outbox without SMTP', async () => {
		const result = await sendMail(
			ctx.db,
			{ to: 'a@example.org', subject: 'Hi', text: 'Body', kind: 'test' },
			{}
		);
		expect(result).toMatchObject({ sent: false, error: null });
		const row = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('id', '=', result.id)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ toAddress: 'a@example.org', subject: 'Hi', textBody: 'Body', sentAt: null });
	});

	it('delivers a password-reset mail to a real SMTP server and records it as sent', async () => {
		const email = `reset-${ctx.dialect}-${Date.now()}@example.org`;
		const person = await ctx.db
			.insertInto('people')
			.values({
				programmeId: null,
				unitId: null,
				name: 'Åsa Öberg',
				email,
				emailNormalized: email,
				jobCategory: null,
				gender: null,
				roleStartedOn: null,
				hourlyCost: null,
				locale: null,
				passwordHash: null,
				deactivatedAt: null,
				updatedAt: nowIso()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const received = receiver.messages.length;
		const result = await requestPasswordReset(
			ctx.db,
			{ email, origin: 'http://localhost:5173', locale: 'sv', ip: '127.0.0.1' },
			{ smtpUrl: receiver.url, from: 'Klok <klok@example.org>' }
		);
		expect(result).toEqual({ ok: true });

		const mail = receiver.messages[received];
		expect(mail).toBeDefined();
		expect(mail!.to).toEqual([email]);
		expect(mail!.from).toBe('klok@example.org');
		const body = decodeQuotedPrintable(mail!.raw);
		expect(body).toMatch(/^Subject: =\?UTF-8\?/m); // non-ASCII subject is encoded
		expect(body).toContain('Hej Åsa Öberg!');
		const link = /http:\/\/localhost:5173\/reset-password\/[\w-]{43}/.exec(body);
		expect(link).not.toBeNull();

		const row = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('personId', '=', person.id)
			.executeTakeFirstOrThrow();
		expect(row.subject).toBe('Återställ ditt lösenord i Klok');
		// The outbox keeps the message with the secret masked; only the e-mail carries the link.
		expect(row.textBody).not.toContain(link![0]);
		expect(row.htmlBody).not.toContain(link![0]);
		expect(row.textBody).toContain(`http://localhost:5173/reset-password/${SECRET_MASK}`);
		expect(row.htmlBody).toContain(`http://localhost:5173/reset-password/${SECRET_MASK}`);
		expect(row.sentAt).not.toBeNull();
		expect(row.error).toBeNull();
	});

	it('records an SMTP failure in the outbox without throwing', async () => {
		const port = await closedPort();
		const result = await sendMail(
			ctx.db,
			{ to: 'b@example.org', subject: 'Lost?', text: 'Never lost', kind: 'test' },
			{ smtpUrl: `smtp://127.0.0.1:${port}` }
		);
		expect(result.sent).toBe(false);
		expect(result.error).toMatch(/ECONNREFUSED|connect/i);
		const row = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('id', '=', result.id)
			.executeTakeFirstOrThrow();
		expect(row.textBody).toBe('Never lost');
		expect(row.sentAt).toBeNull();
		expect(row.error).toBe(result.error);
	});
});
