import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { nowIso } from '#lib/server/db/sql.ts';
import { insertRegistration, parseIcs } from '#lib/server/registrations/notifications.fixtures.ts';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { HttpClient } from '../support/client.ts';
import { BASIC_LOGINS, BASIC_PASSWORD, seedBasic } from '../support/seed.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** A published activity with one session, and the participant confirmed on it. */
async function seed(db: Db): Promise<void> {
	const basic = await seedBasic(db);
	const now = nowIso();
	const activityId = (
		await db
			.insertInto('activities')
			.values({
				programmeId: basic.programmeId,
				trackId: null,
				type: 'lecture',
				learningForm: 'formal',
				title: 'Calendar lecture',
				provider: null,
				cost: null,
				publishedAt: now,
				archivedAt: null,
				createdBy: null,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const sessionId = (
		await db
			.insertInto('sessions')
			.values({
				activityId,
				title: null,
				startsAt: '2026-10-01T08:00:00.000Z',
				endsAt: '2026-10-01T10:00:00.000Z',
				place: 'Library A',
				onlineUrl: null,
				capacity: 5,
				hours: 2,
				status: 'open',
				recordingUrl: null,
				cancelledAt: null,
				cancelReason: null,
				registrationOpensAt: null,
				registrationClosesAt: null,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	await insertRegistration(db, sessionId, basic.people.participant, 'confirmed');
}

const dialects: ('sqlite' | 'postgres')[] = testPostgresUrl() ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(dialects)('calendar feed and downloads over HTTP [%s]', (dialect) => {
	let server: TestServer;
	let sessionId: number;
	beforeAll(async () => {
		server = await startTestServer({ dialect, seed, env: { KLOK_REMINDERS: 'off' } });
		sessionId = (await server.database.db.selectFrom('sessions').select('id').executeTakeFirstOrThrow()).id;
	});
	afterAll(async () => {
		await server?.stop();
	});

	/** The feed URL shown on the page after a create or reset. */
	async function feedUrlFrom(res: Response): Promise<string> {
		expect(res.status).toBe(200);
		const html = await res.text();
		const match = /id="feed-url"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*id="feed-url"/.exec(html);
		expect(match).not.toBeNull();
		return (match![1] ?? match![2])!.replace(/&amp;/g, '&');
	}

	it('creates a feed that works without cookies, and a reset makes the old URL 404', async () => {
		const client = new HttpClient(server.url);
		await client.signIn(BASIC_LOGINS.participant, BASIC_PASSWORD);
		const page = await client.get('/calendar', { 'accept-language': 'en' });
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Create my calendar link');

		const first = await feedUrlFrom(await client.postForm('/calendar?/create', {}));
		expect(first).toMatch(new RegExp(`^${server.url}/calendar/cal_[\\w-]{43}\\.ics$`));
		// No cookie: what a calendar app sends.
		const feed = await fetch(first);
		expect(feed.status).toBe(200);
		expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		const cal = parseIcs(await feed.text());
		// The UID's host is the server's ORIGIN host.
		expect(cal.all('UID')).toEqual([`session-${sessionId}@127.0.0.1`]);
		expect(cal.get('SUMMARY')).toBe('Calendar lecture');

		const second = await feedUrlFrom(await client.postForm('/calendar?/reset', {}));
		expect(second).not.toBe(first);
		expect((await fetch(first)).status).toBe(404);
		expect((await fetch(second)).status).toBe(200);
		expect((await fetch(`${server.url}/calendar/cal_${'x'.repeat(43)}.ics`)).status).toBe(404);
	});

	it('lets a reader download a session .ics, and sends visitors to sign in', async () => {
		const client = new HttpClient(server.url);
		await client.signIn(BASIC_LOGINS.manager, BASIC_PASSWORD);
		const res = await client.get(`/sessions/${sessionId}/ics`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="klok-session-${sessionId}.ics"`
		);
		expect(parseIcs(await res.text()).get('METHOD')).toBe('PUBLISH');
		expect((await client.get('/sessions/999999/ics')).status).toBe(404);
		const anonymous = await fetch(`${server.url}/sessions/${sessionId}/ics`, { redirect: 'manual' });
		expect(anonymous.status).toBe(303);
	});
});
