import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '#lib/i18n/index.ts';
import { isResetTokenValid } from '#lib/server/auth/auth.service.ts';
import { SECRET_MASK } from '#lib/server/mail/mail.service.ts';
import { mailedLink, startSmtpReceiver, type SmtpReceiver } from '#lib/server/mail/smtp-receiver.ts';
import { HttpClient } from '../support/client.ts';
import { BASIC_LOGINS, BASIC_PASSWORD, seedBasic, type BasicSeed } from '../support/seed.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const EN = { 'accept-language': 'en' };

/** The office's view of the newest password-reset message: the outbox list, then the message page. */
async function newestResetInOutbox(office: HttpClient): Promise<string> {
	const list = await office.get('/outbox', EN);
	expect(list.status).toBe(200);
	const html = await list.text();
	const id =
		/href="\/outbox\/(\d+)[^"]*"[^<]*<\/a>(?:\s|<!--[^>]*-->)*<\/th>(?:\s|<!--[^>]*-->)*<td[^>]*>(?:\s|<!--[^>]*-->)*participant@basic\.test/.exec(
			html
		)?.[1];
	expect(id, 'the reset mail is listed').toBeDefined();
	const page = await office.get(`/outbox/${id}`, EN);
	expect(page.status).toBe(200);
	return page.text();
}

/** Every token-shaped run on a page: what a reader could try as a reset link. */
const candidates = (html: string) => html.match(/[A-Za-z0-9_-]{20,}/g) ?? [];

/**
 * Finding: the office requested a reset for a participant, read the full link in the outbox and
 * took over the account. The outbox now shows the link masked; only e-mail carries it.
 */
describe('password reset links and the outbox', () => {
	let smtp: SmtpReceiver;
	let withSmtp: TestServer;
	let withoutSmtp: TestServer;
	let seeds: BasicSeed[] = [];

	beforeAll(async () => {
		smtp = await startSmtpReceiver();
		const seed = async (db: Parameters<typeof seedBasic>[0]) => void seeds.push(await seedBasic(db));
		[withSmtp, withoutSmtp] = await Promise.all([
			startTestServer({ seed, env: { SMTP_URL: smtp.url } }),
			startTestServer({ seed })
		]);
	});
	afterAll(async () => {
		await Promise.all([withSmtp?.stop(), withoutSmtp?.stop()]);
		await smtp?.close();
		seeds = [];
	});

	it('with SMTP: the participant gets a working link by e-mail; the office reads it masked, and the reading is audited', async () => {
		const office = new HttpClient(withSmtp.url);
		await office.signIn(BASIC_LOGINS.office, BASIC_PASSWORD);
		const requested = await office.postForm('/reset-password', { email: BASIC_LOGINS.participant });
		expect(requested.status).toBe(200);
		await requested.body?.cancel();

		const { match } = await mailedLink(smtp, BASIC_LOGINS.participant, /^\/reset-password\/([\w-]+)$/, {
			timeoutMs: 15_000
		});
		const token = match[1]!;
		expect(await isResetTokenValid(withSmtp.database.db, token)).toBe(true);

		const html = await newestResetInOutbox(office);
		expect(html).not.toContain(token);
		expect(html).toContain(`/reset-password/${SECRET_MASK}`);
		expect(html).toContain(translate('en', 'mail.outbox.masked', { mask: SECRET_MASK }));
		expect(html).not.toContain(translate('en', 'mail.outbox.maskedUndelivered'));
		for (const candidate of candidates(html))
			expect(await isResetTokenValid(withSmtp.database.db, candidate)).toBe(false);

		// The link from the e-mail opens the form to choose a password.
		const form = await new HttpClient(withSmtp.url).get(`/reset-password/${token}`, EN);
		expect(form.status).toBe(200);
		expect(await form.text()).toContain('name="password"');

		const reads = await withSmtp.database.db
			.selectFrom('auditLog')
			.innerJoin('people', 'people.id', 'auditLog.actorId')
			.select(['people.email', 'auditLog.action', 'auditLog.entityId'])
			.where('auditLog.entityType', '=', 'outbox')
			.orderBy('auditLog.id')
			.execute();
		expect(reads.map((r) => [r.email, r.action, r.entityId === null ? 'list' : 'message'])).toEqual([
			[BASIC_LOGINS.office, 'read', 'list'],
			[BASIC_LOGINS.office, 'read', 'message']
		]);
	});

	it('without SMTP: the outbox says links with secrets need SMTP_URL, and holds no usable link', async () => {
		const office = new HttpClient(withoutSmtp.url);
		await office.signIn(BASIC_LOGINS.office, BASIC_PASSWORD);
		const requested = await office.postForm('/reset-password', { email: BASIC_LOGINS.participant });
		expect(requested.status).toBe(200);
		await requested.body?.cancel();

		const list = await (await office.get('/outbox', EN)).text();
		expect(list).toContain(translate('en', 'mail.outbox.noSmtp'));
		const html = await newestResetInOutbox(office);
		expect(html).toContain(`/reset-password/${SECRET_MASK}`);
		expect(html).toContain(translate('en', 'mail.outbox.maskedUndelivered'));
		// The masked link is not offered as a link.
		expect(html).not.toMatch(/href="[^"]*reset-password\/[^"]*"/);
		expect(
			await withoutSmtp.database.db.selectFrom('passwordResets').select('tokenHash').execute()
		).toHaveLength(1);
		for (const candidate of candidates(html))
			expect(await isResetTokenValid(withoutSmtp.database.db, candidate)).toBe(false);
		// Nor did the server log the link.
		for (const candidate of candidates(withoutSmtp.output()))
			expect(await isResetTokenValid(withoutSmtp.database.db, candidate)).toBe(false);
	});
});
