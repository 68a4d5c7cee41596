import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgresUrl, type TestDatabase } from '#lib/server/testing/db.ts';
import { HttpClient } from '../support/client.ts';
import { BASIC_LOGINS, BASIC_PASSWORD, seedBasic } from '../support/seed.ts';
import { createTestDatabase, startTestServer, type TestServer } from '../support/server.ts';

const pgUrl = testPostgresUrl();
if (!pgUrl)
	console.warn(
		'\n!!! tests/http/sessions.test.ts: TEST_DATABASE_URL is not set, so "two app processes on one\n' +
			'!!! PostgreSQL share sessions" is SKIPPED. Set TEST_DATABASE_URL to run it.\n'
	);

/**
 * Production runs several stateless instances behind a load balancer; sessions live in the
 * database, so any instance must honour a session another instance created or ended.
 */
describe.runIf(pgUrl)('two app processes on one PostgreSQL database', () => {
	let database: TestDatabase;
	let a: TestServer;
	let b: TestServer;

	beforeAll(async () => {
		database = await createTestDatabase('postgres');
		await seedBasic(database.db);
		[a, b] = await Promise.all([startTestServer({ database }), startTestServer({ database })]);
	});
	afterAll(async () => {
		await Promise.all([a?.stop(), b?.stop()]);
		await database?.destroy();
	});

	it('share sessions: signed in on one, recognised on the other, signed out everywhere', async () => {
		const onA = new HttpClient(a.url);
		await onA.signIn(BASIC_LOGINS.office, BASIC_PASSWORD);
		const onB = onA.withBaseUrl(b.url);

		const page = await onB.get('/');
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Office Person');
		const api = await onB.getJson('/api/v1/people');
		expect(api.status).toBe(200);

		// Keep a copy of the cookie: a client that ignores the sign-out answer must still be refused.
		const stale = onB.withBaseUrl(b.url);
		const out = await onA.signOut();
		expect(out.status).toBe(303);

		const after = await stale.get('/');
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toMatch(/^\/sign-in/);
		expect((await stale.getJson('/api/v1/people')).status).toBe(401);
	});

	it('survives the instance that created the session going away', async () => {
		const onA = new HttpClient(a.url);
		await onA.signIn(BASIC_LOGINS.manager, BASIC_PASSWORD);
		await a.stop();
		const onB = onA.withBaseUrl(b.url);
		const page = await onB.get('/');
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Manager Person');
	});
});

if (!pgUrl)
	describe('two app processes on one PostgreSQL database', () => {
		it.skip('SKIPPED: TEST_DATABASE_URL is not set', () => {});
	});
