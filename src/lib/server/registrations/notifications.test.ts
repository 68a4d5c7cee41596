import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nowIso } from '../db/sql.ts';
import { startSmtpReceiver, type ReceivedMail } from '../mail/smtp-receiver.ts';
import { describeEachDb } from '../testing/db.ts';
import { sessionUid } from './calendar.service.ts';
import {
	buildNotificationFixture,
	decodeHeader,
	insertRegistration,
	parseIcs,
	parseMime
} from './notifications.fixtures.ts';
import { notifyRegistration, notifySessionCancelled, notifySessionChanged } from './notifications.ts';

let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
beforeAll(async () => {
	receiver = await startSmtpReceiver();
});
afterAll(async () => {
	await receiver.close();
});

const FROM = 'Klok <klok@example.org>';
const ORIGIN = 'https://klok.example.org';

/** The messages received since `mark`, decoded. */
function receivedSince(mark: number) {
	return receiver.messages.slice(mark).map((m: ReceivedMail) => {
		const mime = parseMime(m.raw);
		const text = mime.parts.find((p) => p.contentType.startsWith('text/plain'))?.body ?? '';
		const html = mime.parts.find((p) => p.contentType.startsWith('text/html'))?.body ?? '';
		const ics = mime.parts.filter((p) => p.contentType.startsWith('text/calendar'));
		return { to: m.to, subject: decodeHeader(mime.headers.subject ?? ''), text, html, ics };
	});
}

describeEachDb('notifications', (ctx) => {
	let f: Awaited<ReturnType<typeof buildNotificationFixture>>;
	const options = () => ({ mail: { smtpUrl: receiver.url, from: FROM }, origin: ORIGIN });
	beforeAll(async () => {
		f = await buildNotificationFixture(ctx.db, `notify-${ctx.dialect}`);
	});

	it('sends a Swedish confirmation with a METHOD:REQUEST invitation', async () => {
		const registrationId = await insertRegistration(ctx.db, f.sessionId, f.swede.id, 'confirmed');
		const mark = receiver.messages.length;
		await notifyRegistration(ctx.db, registrationId, 'confirmed', options());
		const [mail, extra] = receivedSince(mark);
		expect(extra).toBeUndefined();
		expect(mail!.to).toEqual([f.swede.email]);
		expect(mail!.subject).toBe(
			`Bekräftad: Läsfrämjande metodkurs notify-${ctx.dialect} – Del 1: Grunderna i metodstöd för läsfrämjande arbete med barn och unga`
		);
		expect(mail!.text).toContain('Hej Åsa Öberg!');
		expect(mail!.text).toContain('Din plats på');
		expect(mail!.text).toContain(`${ORIGIN}/catalogue/sessions/${f.sessionId}`);
		expect(mail!.html).toContain('<html lang="sv">');

		expect(mail!.ics).toHaveLength(1);
		const part = mail!.ics[0]!;
		expect(part.contentType).toMatch(/^text\/calendar;.*method=REQUEST/i);
		expect(part.headers['content-disposition']).toMatch(/attachment;\s*filename="?invite\.ics"?/);
		const cal = parseIcs(part.body);
		expect(cal.get('METHOD')).toBe('REQUEST');
		expect(cal.get('UID')).toBe(sessionUid(f.sessionId));
		expect(cal.get('SEQUENCE')).toBe('0');
		expect(cal.get('ORGANIZER')).toBe('mailto:klok@example.org');

		const row = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('personId', '=', f.swede.id)
			.where('kind', '=', 'registration.confirmed')
			.executeTakeFirstOrThrow();
		expect(row.sentAt).not.toBeNull();
		expect(row.programmeId).toBe(f.programmeId);
		const attachments = JSON.parse(row.attachments!) as {
			filename: string;
			contentType: string;
			content: string;
		}[];
		expect(attachments.map((a) => a.filename)).toEqual(['invite.ics']);
		expect(attachments[0]!.contentType).toBe('text/calendar; charset=utf-8; method=REQUEST');
		expect(parseIcs(attachments[0]!.content).get('UID')).toBe(sessionUid(f.sessionId));
	});

	it('sends an English cancellation with METHOD:CANCEL', async () => {
		const registrationId = await insertRegistration(ctx.db, f.sessionId, f.english.id, 'cancelled', {
			confirmedAt: nowIso()
		});
		const mark = receiver.messages.length;
		await notifyRegistration(ctx.db, registrationId, 'cancelled', options());
		const [mail] = receivedSince(mark);
		expect(mail!.to).toEqual([f.english.email]);
		expect(mail!.subject).toMatch(/^Registration cancelled: Läsfrämjande metodkurs/);
		expect(mail!.text).toContain('Hello Emma Jones,');
		const cal = parseIcs(mail!.ics[0]!.body);
		expect(mail!.ics[0]!.contentType).toMatch(/method=CANCEL/i);
		expect(cal.get('METHOD')).toBe('CANCEL');
		expect(cal.get('STATUS')).toBe('CANCELLED');
		expect(cal.get('UID')).toBe(sessionUid(f.sessionId));
	});

	it('uses the programme language for a person without one, and says the waitlist position', async () => {
		await insertRegistration(ctx.db, f.sessionId, f.office.id, 'waitlisted', { waitlistSeq: 1 });
		const registrationId = await insertRegistration(ctx.db, f.sessionId, f.noLocale.id, 'waitlisted', {
			waitlistSeq: 2
		});
		const mark = receiver.messages.length;
		await notifyRegistration(ctx.db, registrationId, 'waitlisted', options());
		const [mail] = receivedSince(mark);
		expect(mail!.subject).toMatch(/^Väntelista: /);
		expect(mail!.text).toContain('som nummer 2.');
		expect(mail!.ics).toHaveLength(0);
	});

	it('asks the managers of the unit chain for approval, in their language', async () => {
		const registrationId = (await ctx.db
			.selectFrom('registrations')
			.select('id')
			.where('personId', '=', f.noLocale.id)
			.executeTakeFirstOrThrow())!.id;
		await ctx.db
			.updateTable('registrations')
			.set({ status: 'requested' })
			.where('id', '=', registrationId)
			.execute();
		const mark = receiver.messages.length;
		await notifyRegistration(ctx.db, registrationId, 'approval_needed', options());
		const mails = receivedSince(mark);
		// The manager of the region covers the team; the office is asked only when no manager does.
		expect(mails.map((m) => m.to)).toEqual([[f.manager.email]]);
		expect(mails[0]!.subject).toMatch(/^Approval needed: Nils Utan – /);
		expect(mails[0]!.text).toContain(`${ORIGIN}/approvals`);
		expect(mails[0]!.html).toContain(`<a href="${ORIGIN}/approvals">`);
	});

	it('escapes user text in HTML and includes the decline reason', async () => {
		const registrationId = (await ctx.db
			.selectFrom('registrations')
			.select('id')
			.where('personId', '=', f.noLocale.id)
			.executeTakeFirstOrThrow())!.id;
		await ctx.db
			.updateTable('registrations')
			.set({ status: 'declined', declineReason: 'Full <script>alert(1)</script> & busy' })
			.where('id', '=', registrationId)
			.execute();
		const mark = receiver.messages.length;
		await notifyRegistration(ctx.db, registrationId, 'declined', options());
		const [mail] = receivedSince(mark);
		expect(mail!.text).toContain('Motivering: Full <script>alert(1)</script> & busy');
		expect(mail!.html).toContain('Full &lt;script&gt;alert(1)&lt;/script&gt; &amp; busy');
		expect(mail!.html).not.toContain('<script>');
	});

	it('tells everyone about a change, with a new SEQUENCE for those who have a seat', async () => {
		await ctx.db
			.updateTable('sessions')
			.set((eb) => ({ sequence: eb('sequence', '+', 1), place: 'Kulturhuset', updatedAt: nowIso() }))
			.where('id', '=', f.sessionId)
			.execute();
		const mark = receiver.messages.length;
		await notifySessionChanged(ctx.db, f.sessionId, {
			...options(),
			changes: [{ field: 'place', before: 'Stadsbiblioteket, sal 3', after: 'Kulturhuset' }]
		});
		const mails = receivedSince(mark);
		// Confirmed (Åsa) and waitlisted (office); not the cancelled or declined ones.
		expect(mails.map((m) => m.to[0]).sort()).toEqual([f.office.email, f.swede.email].sort());
		const asa = mails.find((m) => m.to[0] === f.swede.email)!;
		expect(asa.subject).toMatch(/^Ändrat: /);
		expect(asa.text).toContain('Plats: Stadsbiblioteket, sal 3 → Kulturhuset');
		const cal = parseIcs(asa.ics[0]!.body);
		expect(cal.get('METHOD')).toBe('REQUEST');
		expect(cal.get('SEQUENCE')).toBe('1');
		expect(cal.get('UID')).toBe(sessionUid(f.sessionId));
		expect(cal.get('LOCATION')).toBe('Kulturhuset');
		const waiting = mails.find((m) => m.to[0] === f.office.email)!;
		expect(waiting.ics).toHaveLength(0);
	});

	it('tells everyone registered that the session is cancelled', async () => {
		await ctx.db
			.updateTable('sessions')
			.set((eb) => ({
				sequence: eb('sequence', '+', 1),
				status: 'cancelled',
				cancelledAt: nowIso(),
				cancelReason: 'Föreläsaren är sjuk',
				updatedAt: nowIso()
			}))
			.where('id', '=', f.sessionId)
			.execute();
		const mark = receiver.messages.length;
		await notifySessionCancelled(ctx.db, f.sessionId, options());
		const mails = receivedSince(mark);
		expect(mails.map((m) => m.to[0]).sort()).toEqual([f.office.email, f.swede.email].sort());
		const asa = mails.find((m) => m.to[0] === f.swede.email)!;
		expect(asa.subject).toMatch(/^Inställt: /);
		expect(asa.text).toContain('Anledning: Föreläsaren är sjuk');
		const cal = parseIcs(asa.ics[0]!.body);
		expect(cal.get('METHOD')).toBe('CANCEL');
		expect(cal.get('STATUS')).toBe('CANCELLED');
		expect(cal.get('SEQUENCE')).toBe('2');
	});

	it('never throws when the mail cannot be delivered', async () => {
		const server = net.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
		const { port } = server.address() as net.AddressInfo;
		await new Promise<void>((resolve) => server.close(() => resolve()));
		const registrationId = (await ctx.db
			.selectFrom('registrations')
			.select('id')
			.where('personId', '=', f.swede.id)
			.executeTakeFirstOrThrow())!.id;
		const errors: unknown[] = [];
		const original = console.error;
		console.error = (...args: unknown[]) => errors.push(args);
		try {
			await expect(
				notifyRegistration(ctx.db, registrationId, 'promoted', {
					mail: { smtpUrl: `smtp://127.0.0.1:${port}` }
				})
			).resolves.toBeUndefined();
			await expect(notifyRegistration(ctx.db, 987654, 'confirmed')).resolves.toBeUndefined();
		} finally {
			console.error = original;
		}
		const row = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('kind', '=', 'registration.promoted')
			.where('personId', '=', f.swede.id)
			.executeTakeFirstOrThrow();
		expect(row.sentAt).toBeNull();
		expect(row.error).toMatch(/ECONNREFUSED|connect/i);
		expect(row.attachments).toContain('invite.ics');
		expect(errors.length).toBeGreaterThan(0);
	});
});
