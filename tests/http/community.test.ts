import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { nowIso } from '#lib/server/db/sql.ts';
import { hashPassword } from '#lib/server/auth/password.ts';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { HttpClient } from '../support/client.ts';
import { BASIC_LOGINS, BASIC_PASSWORD, seedBasic } from '../support/seed.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Recordings and the newsletter's one-click unsubscribe against the built server: range
 * requests answer 206 with the right bytes, an anonymous request 401, a member of another
 * programme 404; the RFC 8058 POST works without signing in and cannot unsubscribe anyone else.
 */

const RECORDING = 'rec_0123456789abcdefghij';
const BYTES = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
const TOKEN = 'T'.repeat(43);
const OTHER_LOGIN = 'stranger@other.test';

async function seed(db: Db): Promise<void> {
	const basic = await seedBasic(db);
	const now = nowIso();
	const activity = await db
		.insertInto('activities')
		.values({
			programmeId: basic.programmeId,
			type: 'lecture',
			learningForm: 'formal',
			title: 'Filmad föreläsning',
			publishedAt: now,
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const session = await db
		.insertInto('sessions')
		.values({
			activityId: activity.id,
			startsAt: '2026-03-01T09:00:00.000Z',
			endsAt: '2026-03-01T11:00:00.000Z',
			capacity: 10,
			hours: 2,
			status: 'done',
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('sessionRecordings')
		.values({
			id: RECORDING,
			sessionId: session.id,
			programmeId: basic.programmeId,
			title: 'Föreläsningen',
			fileName: 'lecture.mp4',
			contentType: 'video/mp4',
			size: BYTES.byteLength,
			content: BYTES,
			consentNotedAt: now,
			publishedAt: now
		})
		.execute();
	// Another programme with a staff member of its own.
	const other = await db
		.insertInto('programmes')
		.values({
			name: 'Other',
			startsOn: '2025-01-01',
			endsOn: '2027-12-31',
			defaultLocale: 'sv',
			timeZone: 'Europe/Stockholm',
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const unit = await db
		.insertInto('units')
		.values({ programmeId: other.id, parentId: null, kind: 'region', name: 'Other region', updatedAt: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('people')
		.values({
			programmeId: other.id,
			unitId: unit.id,
			name: 'Stranger',
			email: OTHER_LOGIN,
			emailNormalized: OTHER_LOGIN,
			passwordHash: await hashPassword(BASIC_PASSWORD),
			updatedAt: now
		})
		.execute();
	// A sent issue delivered to the participant (whose link carries TOKEN) and the manager.
	const issue = await db
		.insertInto('newsletterIssues')
		.values({
			programmeId: basic.programmeId,
			periodKey: '2026-11',
			periodStart: '2026-11-01T00:00:00.000Z',
			periodEnd: '2026-12-01T00:00:00.000Z',
			status: 'sent',
			content: '{"sections":[]}',
			scheduledFor: now,
			sentAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('newsletterDeliveries')
		.values([
			{
				issueId: issue.id,
				personId: basic.people.participant,
				tokenHash: createHash('sha256').update(TOKEN).digest('hex')
			},
			{
				issueId: issue.id,
				personId: basic.people.manager,
				tokenHash: createHash('sha256').update('M'.repeat(43)).digest('hex')
			}
		])
		.execute();
}

const dialects: ('sqlite' | 'postgres')[] = testPostgresUrl() ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(dialects)('recordings and newsletter over HTTP [%s]', (dialect) => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer({ dialect, seed, env: { KLOK_REMINDERS: 'off', KLOK_OUTBOX: 'off' } });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('serves byte ranges to members, 401 to the anonymous, 404 to another programme', async () => {
		const member = new HttpClient(server.url);
		await member.signIn(BASIC_LOGINS.participant, BASIC_PASSWORD);
		const url = `/recordings/${RECORDING}/file`;
		const part = await member.get(url, { range: 'bytes=10-19' });
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe('bytes 10-19/1000');
		expect(part.headers.get('accept-ranges')).toBe('bytes');
		expect(part.headers.get('cache-control')).toMatch(/^private/);
		expect(part.headers.get('content-type')).toBe('video/mp4');
		expect(Buffer.from(await part.arrayBuffer())).toEqual(BYTES.subarray(10, 20));
		const tail = await member.get(url, { range: 'bytes=-5' });
		expect(tail.status).toBe(206);
		expect(Buffer.from(await tail.arrayBuffer())).toEqual(BYTES.subarray(995));
		const whole = await member.get(url);
		expect(whole.status).toBe(200);
		expect(Buffer.from(await whole.arrayBuffer())).toEqual(BYTES);
		expect((await member.get(url, { range: 'bytes=5000-' })).status).toBe(416);

		const anonymous = await fetch(server.url + url, { headers: { range: 'bytes=0-9' } });
		expect(anonymous.status).toBe(401);
		expect((await fetch(`${server.url}/recordings/${RECORDING}`, { redirect: 'manual' })).status).toBe(303);

		const stranger = new HttpClient(server.url);
		await stranger.signIn(OTHER_LOGIN, BASIC_PASSWORD);
		expect((await stranger.get(url, { range: 'bytes=0-9' })).status).toBe(404);
		expect((await stranger.get(`/recordings/${RECORDING}`)).status).toBe(404);
		expect((await member.get(`/recordings/not_a_real_recording_id/file`)).status).toBe(404);

		// Watching counts a view (a counter, nobody's history).
		expect((await member.get(`/recordings/${RECORDING}`)).status).toBe(200);
		const row = await server.database.db
			.selectFrom('sessionRecordings')
			.select('viewCount')
			.executeTakeFirstOrThrow();
		expect(Number(row.viewCount)).toBe(1);
	});

	it('unsubscribes with the one-click POST, without signing in, only the token’s own person', async () => {
		const db = server.database.db;
		const subscriptions = () =>
			db.selectFrom('newsletterSubscriptions').select(['personId', 'subscribed']).execute();
		// Opening the link changes nothing.
		const page = await fetch(`${server.url}/newsletter/unsubscribe/${TOKEN}`);
		expect(page.status).toBe(200);
		expect(await subscriptions()).toEqual([]);
		// A wrong token (and a forged-looking origin) unsubscribes nobody.
		const wrong = await fetch(`${server.url}/newsletter/unsubscribe/${'X'.repeat(43)}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(wrong.status).toBe(200);
		expect(await subscriptions()).toEqual([]);
		// What a mail provider sends (RFC 8058): a POST from elsewhere, no cookie.
		const oneClick = await fetch(`${server.url}/newsletter/unsubscribe/${TOKEN}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(oneClick.status).toBe(200);
		const after = await subscriptions();
		const participant = await db
			.selectFrom('people')
			.select('id')
			.where('email', '=', BASIC_LOGINS.participant)
			.executeTakeFirstOrThrow();
		expect(after).toEqual([{ personId: participant.id, subscribed: 0 }]);
	});

	it('answers the experts and networks API with the policy and bad input as 4xx', async () => {
		const member = new HttpClient(server.url);
		await member.signIn(BASIC_LOGINS.participant, BASIC_PASSWORD);
		const list = await member.getJson('/api/v1/experts?subject=L%C3%A4sfr%C3%A4mjande');
		expect(list.status).toBe(200);
		expect(list.body).toMatchObject({ data: [], total: 0 });
		expect((await member.getJson('/api/v1/experts?language=svenska')).status).toBe(422);
		const created = await member.fetch('/api/v1/networks', {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url },
			body: JSON.stringify({ name: 'Läsfrämjare', startsOn: '2026-05-01', reach: 'national' })
		});
		expect(created.status).toBe(201);
		const bad = await member.fetch('/api/v1/networks', {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url },
			body: JSON.stringify({ name: '<script>', startsOn: 'igår' })
		});
		expect(bad.status).toBe(422);
		const stranger = new HttpClient(server.url);
		await stranger.signIn(OTHER_LOGIN, BASIC_PASSWORD);
		const id = ((await created.json()) as { network: { id: number } }).network.id;
		expect((await stranger.getJson(`/api/v1/networks/${id}`)).status).toBe(404);
		const doc = await member.getJson<{ paths: Record<string, unknown> }>('/api/v1/openapi.json');
		expect(Object.keys(doc.body.paths)).toEqual(
			expect.arrayContaining(['/experts', '/networks/{id}/members'])
		);
	});
});
