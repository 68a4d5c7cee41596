import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GET as feedGet } from '../../../routes/calendar/[token].ics/+server.ts';
import { GET as sessionIcsGet } from '../../../routes/sessions/[id]/ics/+server.ts';
import { setDb } from '../db/index.ts';
import { sha256 } from '../auth/tokens.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	htmlToText,
	issueCalendarFeedToken,
	loadCalendarSession,
	personalFeed,
	personForFeedToken,
	readableCalendarSession,
	sessionCalendar,
	sessionInvitation,
	sessionUid,
	type CalendarSession
} from './calendar.service.ts';
import { startSmtpReceiver } from '../mail/smtp-receiver.ts';
import {
	buildNotificationFixture,
	insertRegistration,
	parseIcs,
	parseMime
} from './notifications.fixtures.ts';
import { notifyRegistration } from './notifications.ts';

/** Every physical line ends in CRLF and is at most 75 octets (RFC 5545 §3.1). */
function expectWellFormed(ics: string): void {
	expect(ics.endsWith('\r\n') || ics.endsWith('END:VCALENDAR')).toBe(true);
	expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
	for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
	expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
}

/** Calls a route handler the way SvelteKit would, returning the response or the thrown status. */
async function call(
	handler: (event: never) => Response | Promise<Response>,
	event: { params: Record<string, string>; url: string; actor?: unknown }
): Promise<{ status: number; response?: Response }> {
	try {
		const response = await handler({
			params: event.params,
			url: new URL(event.url),
			locals: { actor: event.actor ?? null, locale: 'en', sessionId: null, viaApiToken: false },
			request: new Request(event.url)
		} as never);
		return { status: response.status, response };
	} catch (e) {
		if (isHttpError(e)) return { status: e.status };
		if (isRedirect(e)) return { status: e.status };
		throw e;
	}
}

it('turns sanitised HTML into readable text', () => {
	expect(htmlToText('<p>Om <strong>läsning</strong> &amp; barn</p><ul><li>Ett</li><li>Två</li></ul>')).toBe(
		'Om läsning & barn\n\n- Ett\n- Två'
	);
	expect(htmlToText('a<br>b &#229;&#x00E4; &lt;x&gt;')).toBe('a\nb åä <x>');
});

describeEachDb('calendar', (ctx) => {
	let f: Awaited<ReturnType<typeof buildNotificationFixture>>;
	let session: CalendarSession;
	beforeAll(async () => {
		f = await buildNotificationFixture(ctx.db, `cal-${ctx.dialect}`);
		session = (await loadCalendarSession(ctx.db, f.sessionId))!;
		setDb(ctx.db);
	});
	afterAll(() => setDb(undefined));

	it('builds a METHOD:REQUEST invitation with the RFC 5545 fields', () => {
		const now = new Date('2026-02-01T12:00:00Z');
		const ics = sessionInvitation(
			{ session, origin: 'https://klok.example.org', organizer: 'Klok <klok@example.org>', now },
			{ method: 'REQUEST', attendee: { name: 'Åsa Öberg', email: 'asa@example.org' } }
		);
		expectWellFormed(ics);
		const cal = parseIcs(ics);
		expect(cal.get('METHOD')).toBe('REQUEST');
		expect(cal.get('PRODID')).toBe('-//Klok//Klok//EN');
		expect(cal.get('UID')).toBe(sessionUid(f.sessionId));
		expect(cal.get('UID')).toMatch(new RegExp(`^session-${f.sessionId}@`));
		expect(cal.get('SEQUENCE')).toBe('0');
		expect(cal.get('DTSTAMP')).toBe('20260201T120000Z');
		const utc = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
		expect(cal.get('DTSTART')).toBe(utc(session.startsAt));
		expect(cal.get('DTEND')).toBe(utc(session.endsAt));
		// The long summary is folded on the wire and whole after unfolding.
		expect(cal.get('SUMMARY')).toBe(
			`Läsfrämjande metodkurs cal-${ctx.dialect} – Del 1: Grunderna i metodstöd för läsfrämjande arbete med barn och unga`
		);
		expect(ics).toMatch(/\r\n [^\r]/);
		expect(cal.get('LOCATION')).toBe('Stadsbiblioteket\\, sal 3');
		expect(cal.get('URL')).toBe(`https://klok.example.org/catalogue/sessions/${f.sessionId}`);
		expect(cal.get('DESCRIPTION')).toContain('Om läsfrämjande & barn.\\n\\n- Del ett');
		expect(cal.get('STATUS')).toBe('CONFIRMED');
		expect(cal.get('ORGANIZER')).toBe('mailto:klok@example.org');
		const attendee = cal.props.find((p) => p.name === 'ATTENDEE')!;
		expect(attendee.value.toLowerCase()).toBe('mailto:asa@example.org');
		expect(attendee.params.CN).toBe('Åsa Öberg');
		expect(attendee.params.PARTSTAT).toBe('ACCEPTED');
	});

	it('keeps the UID and raises SEQUENCE when the session changes; CANCEL cancels', async () => {
		const attendee = { name: 'Emma Jones', email: 'emma@example.org' };
		const before = parseIcs(sessionInvitation({ session }, { method: 'REQUEST', attendee }));
		await ctx.db
			.updateTable('sessions')
			.set((eb) => ({
				sequence: eb('sequence', '+', 1),
				place: 'Kulturhuset',
				updatedAt: nowIso()
			}))
			.where('id', '=', f.sessionId)
			.execute();
		const changed = (await loadCalendarSession(ctx.db, f.sessionId))!;
		const after = parseIcs(sessionInvitation({ session: changed }, { method: 'REQUEST', attendee }));
		expect(after.get('UID')).toBe(before.get('UID'));
		expect(Number(after.get('SEQUENCE'))).toBe(Number(before.get('SEQUENCE')) + 1);
		expect(after.get('LOCATION')).toBe('Kulturhuset');

		const cancel = sessionInvitation({ session: changed }, { method: 'CANCEL', attendee });
		expectWellFormed(cancel);
		const c = parseIcs(cancel);
		expect(c.get('METHOD')).toBe('CANCEL');
		expect(c.get('UID')).toBe(before.get('UID'));
		expect(c.get('STATUS')).toBe('CANCELLED');
		expect(c.get('SEQUENCE')).toBe(after.get('SEQUENCE'));
		session = changed;
	});

	it('offers a session download with METHOD:PUBLISH', () => {
		const cal = parseIcs(sessionCalendar({ session }));
		expect(cal.get('METHOD')).toBe('PUBLISH');
		expect(cal.get('UID')).toBe(sessionUid(f.sessionId));
		expect(cal.all('BEGIN')).toEqual(['VCALENDAR', 'VEVENT']);
	});

	it("lists a person's seats in the feed, cancelled ones as STATUS:CANCELLED", async () => {
		// A second session the person cancelled after having a seat, and a third only waitlisted.
		const extra = async (title: string) =>
			(
				await ctx.db
					.insertInto('sessions')
					.values({
						activityId: f.activityId,
						title,
						startsAt: '2026-09-01T08:00:00.000Z',
						endsAt: '2026-09-01T10:00:00.000Z',
						place: null,
						onlineUrl: 'https://meet.example.org/abc',
						capacity: 5,
						hours: 2,
						status: 'open',
						recordingUrl: null,
						cancelledAt: null,
						cancelReason: null,
						registrationOpensAt: null,
						registrationClosesAt: null,
						updatedAt: '2026-01-15T10:00:00.000Z'
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		const cancelledSession = await extra('Cancelled seat');
		const waitlistedSession = await extra('Waitlisted');
		await insertRegistration(ctx.db, f.sessionId, f.swede.id, 'confirmed');
		await insertRegistration(ctx.db, cancelledSession, f.swede.id, 'cancelled', { confirmedAt: nowIso() });
		await insertRegistration(ctx.db, waitlistedSession, f.swede.id, 'waitlisted', { waitlistSeq: 1 });
		await insertRegistration(ctx.db, waitlistedSession, f.english.id, 'confirmed');

		const ics = await personalFeed(ctx.db, f.swede.id, { origin: 'https://klok.example.org' });
		expectWellFormed(ics);
		const cal = parseIcs(ics);
		expect(cal.get('METHOD')).toBeUndefined();
		expect(cal.all('UID').sort()).toEqual([sessionUid(f.sessionId), sessionUid(cancelledSession)].sort());
		const events = ics
			.replace(/\r\n[ \t]/g, '')
			.split('BEGIN:VEVENT')
			.slice(1);
		const statusOf = (id: number) =>
			/STATUS:(\w+)/.exec(events.find((e) => e.includes(`UID:${sessionUid(id)}`))!)![1];
		expect(statusOf(f.sessionId)).toBe('CONFIRMED');
		expect(statusOf(cancelledSession)).toBe('CANCELLED');
		// Without METHOD, DTSTAMP is the last revision of the session.
		expect(events.find((e) => e.includes(`UID:${sessionUid(cancelledSession)}`))).toContain(
			'DTSTAMP:20260115T100000Z'
		);
	});

	it('stores only the hash of a feed token and replaces it on reset', async () => {
		const token = await issueCalendarFeedToken(ctx.db, f.english.id);
		const row = await ctx.db
			.selectFrom('calendarFeeds')
			.selectAll()
			.where('personId', '=', f.english.id)
			.executeTakeFirstOrThrow();
		expect(row.tokenHash).toBe(sha256(token));
		expect(row.tokenHash).not.toContain(token);
		expect(await personForFeedToken(ctx.db, token)).toBe(f.english.id);
		const next = await issueCalendarFeedToken(ctx.db, f.english.id);
		expect(await personForFeedToken(ctx.db, token)).toBeNull();
		expect(await personForFeedToken(ctx.db, next)).toBe(f.english.id);
		expect(await personForFeedToken(ctx.db, 'cal_nonsense')).toBeNull();
	});

	it('serves the feed without a cookie, and 404 after a reset', async () => {
		const token = await issueCalendarFeedToken(ctx.db, f.swede.id);
		const ok = await call(feedGet as never, {
			params: { token },
			url: `http://127.0.0.1/calendar/${token}.ics`
		});
		expect(ok.status).toBe(200);
		expect(ok.response!.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		const body = await ok.response!.text();
		expect(parseIcs(body).all('UID')).toContain(sessionUid(f.sessionId));

		await issueCalendarFeedToken(ctx.db, f.swede.id);
		const gone = await call(feedGet as never, {
			params: { token },
			url: `http://127.0.0.1/calendar/${token}.ics`
		});
		expect(gone.status).toBe(404);
		const unknown = await call(feedGet as never, {
			params: { token: 'x' },
			url: 'http://127.0.0.1/calendar/x.ics'
		});
		expect(unknown.status).toBe(404);
	});

	it('serves a session .ics to readers only', async () => {
		const reader = (await loadActor(ctx.db, f.english.id))!;
		const url = `http://127.0.0.1/sessions/${f.sessionId}/ics`;
		const ok = await call(sessionIcsGet as never, {
			params: { id: String(f.sessionId) },
			url,
			actor: reader
		});
		expect(ok.status).toBe(200);
		expect(ok.response!.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(ok.response!.headers.get('content-disposition')).toBe(
			`attachment; filename="klok-session-${f.sessionId}.ics"`
		);
		expect(parseIcs(await ok.response!.text()).get('UID')).toBe(sessionUid(f.sessionId));

		// Someone from another programme, an unknown id and an unpublished session: all 404.
		const outsiderProgramme = await buildNotificationFixture(ctx.db, `cal-out-${ctx.dialect}`);
		const outsider = (await loadActor(ctx.db, outsiderProgramme.swede.id))!;
		expect(
			(await call(sessionIcsGet as never, { params: { id: String(f.sessionId) }, url, actor: outsider }))
				.status
		).toBe(404);
		expect(
			(await call(sessionIcsGet as never, { params: { id: '999999' }, url, actor: reader })).status
		).toBe(404);
		await ctx.db
			.updateTable('activities')
			.set({ publishedAt: null })
			.where('id', '=', f.activityId)
			.execute();
		expect(await readableCalendarSession(ctx.db, reader, f.sessionId)).toBeUndefined();
		const office = (await loadActor(ctx.db, f.office.id))!;
		expect(await readableCalendarSession(ctx.db, office, f.sessionId)).toBeDefined();
		await ctx.db
			.updateTable('activities')
			.set({ publishedAt: nowIso() })
			.where('id', '=', f.activityId)
			.execute();
		// Signed out: sent to sign in.
		expect((await call(sessionIcsGet as never, { params: { id: String(f.sessionId) }, url })).status).toBe(
			303
		);
	});
});

/** What an attacker puts in a title: a line break and a property of their own. */
const INJECTION = 'Line1\r\nATTENDEE:mailto:evil@example.org\r\nX-INJECTED:1';
/** Other control characters RFC 5545 TEXT may not hold, and lone CR / LF. */
const CONTROLS = 'bell\u0007 vt\u000b ff\u000c esc\u001b del\u007f cr\rlf\nend';

/** Unescapes an RFC 5545 TEXT value. */
const unescapeText = (value: string) =>
	value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

/**
 * No line of `ics` is a property an attacker added: every ATTENDEE is one of `attendees`, no
 * X-INJECTED, no control character but CRLF line ends, and the text values read back escaped.
 */
function expectNoInjection(ics: string, attendees: string[]): void {
	expectWellFormed(ics);
	// eslint-disable-next-line no-control-regex
	expect(ics.replace(/\r\n/g, ''), 'no control characters').not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
	const cal = parseIcs(ics);
	expect(cal.lines.filter((l) => /^X-INJECTED/i.test(l))).toEqual([]);
	expect(cal.all('ATTENDEE').map((a) => a.toLowerCase())).toEqual(
		attendees.map((a) => `mailto:${a}`.toLowerCase())
	);
	expect(cal.lines.join('\n')).not.toMatch(/^ATTENDEE:mailto:evil/im);
	for (const name of ['SUMMARY', 'NAME', 'X-WR-CALNAME', 'LOCATION', 'DESCRIPTION'])
		for (const value of cal.all(name)) {
			expect(value, name).not.toMatch(/(^|[^\\])[;,]/);
			// eslint-disable-next-line no-control-regex
			expect(unescapeText(value)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
		}
}

describeEachDb('calendar injection', (ctx) => {
	let f: Awaited<ReturnType<typeof buildNotificationFixture>>;
	let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
	beforeAll(async () => {
		receiver = await startSmtpReceiver();
		f = await buildNotificationFixture(ctx.db, `inject-${ctx.dialect}`);
		// Stored straight in the tables, as data from before input was checked would be.
		await ctx.db
			.updateTable('activities')
			.set({
				title: `Course; a, b ${INJECTION}`,
				descriptionHtml: `<p>About ${CONTROLS}&#13;&#10;X-INJECTED:2</p>`
			})
			.where('id', '=', f.activityId)
			.execute();
		await ctx.db
			.updateTable('sessions')
			.set({
				title: INJECTION,
				place: `Hall\r\nX-INJECTED:3 ${CONTROLS}`,
				status: 'cancelled',
				cancelReason: INJECTION
			})
			.where('id', '=', f.sessionId)
			.execute();
		await ctx.db
			.updateTable('people')
			.set({ name: `Eve\r\nATTENDEE:mailto:evil@example.org ${CONTROLS}` })
			.where('id', '=', f.swede.id)
			.execute();
		setDb(ctx.db);
	});
	afterAll(async () => {
		setDb(undefined);
		await receiver.close();
	});

	it('escapes every text property of the session download (/sessions/{id}/ics), NAME and X-WR-CALNAME included', async () => {
		const reader = (await loadActor(ctx.db, f.english.id))!;
		const res = await call(sessionIcsGet as never, {
			params: { id: String(f.sessionId) },
			url: `http://127.0.0.1/sessions/${f.sessionId}/ics`,
			actor: reader
		});
		expect(res.status).toBe(200);
		const ics = await res.response!.text();
		expectNoInjection(ics, []);
		const cal = parseIcs(ics);
		expect(unescapeText(cal.get('X-WR-CALNAME')!)).toBe(
			`Course; a, b Line1\nATTENDEE:mailto:evil@example.org\nX-INJECTED:1 – Line1\nATTENDEE:mailto:evil@example.org\nX-INJECTED:1`
		);
		expect(cal.get('NAME')).toBe(cal.get('X-WR-CALNAME'));
		expect(cal.get('SUMMARY')).toBe(cal.get('NAME'));
		expect(unescapeText(cal.get('LOCATION')!)).toBe('Hall\nX-INJECTED:3 bell vt ff esc del cr\nlf\nend');
	});

	it('escapes the e-mailed invitation, in the mail and in the outbox copy', async () => {
		const registrationId = await insertRegistration(ctx.db, f.sessionId, f.swede.id, 'confirmed');
		const mark = receiver.messages.length;
		await notifyRegistration(ctx.db, registrationId, 'promoted', {
			mail: { smtpUrl: receiver.url, from: 'Klok <klok@example.org>' },
			origin: 'https://klok.example.org'
		});
		const mail = parseMime(receiver.messages[mark]!.raw);
		const ics = mail.parts.find((p) => p.contentType.startsWith('text/calendar'))!.body;
		expectNoInjection(ics, [f.swede.email]);
		const attendee = parseIcs(ics).props.find((p) => p.name === 'ATTENDEE')!;
		expect(attendee.params.CN).toBe('Eve^nATTENDEE:mailto:evil@example.org bell vt ff esc del cr^nlf^nend');
		const row = await ctx.db
			.selectFrom('outbox')
			.select('attachments')
			.where('personId', '=', f.swede.id)
			.executeTakeFirstOrThrow();
		const stored = (JSON.parse(row.attachments!) as { content: string }[])[0]!.content;
		expectNoInjection(stored, [f.swede.email]);
	});

	it('escapes the personal feed (/calendar/{token}.ics)', async () => {
		const token = await issueCalendarFeedToken(ctx.db, f.swede.id);
		const res = await call(feedGet as never, {
			params: { token },
			url: `http://127.0.0.1/calendar/${token}.ics`
		});
		expect(res.status).toBe(200);
		const ics = await res.response!.text();
		expect(parseIcs(ics).all('UID')).toEqual([sessionUid(f.sessionId)]);
		expectNoInjection(ics, []);
		expectNoInjection(await personalFeed(ctx.db, f.swede.id, { name: INJECTION }), []);
		expectNoInjection(
			sessionInvitation(
				{
					session: (await loadCalendarSession(ctx.db, f.sessionId))!,
					organizer: `Klok\r\nX-INJECTED:4 <klok@example.org>`
				},
				{ method: 'CANCEL', attendee: { name: INJECTION, email: 'someone@example.org' } }
			),
			['someone@example.org']
		);
	});
});
