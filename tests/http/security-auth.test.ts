import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '#lib/server/auth/api-token.service.ts';
import { createSession } from '#lib/server/auth/session.service.ts';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { HttpClient } from '../support/client.ts';
import { BASIC_LOGINS, BASIC_PASSWORD, seedBasic, type BasicSeed } from '../support/seed.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Sign-in, API tokens, CSRF, redirects and headers over real HTTP against the built server:
 * Bearer tokens authenticate only /api/v1 (and need no body or Origin there), cookie writes
 * must come from the app's own origin, the language switcher redirects only to safe paths,
 * signed-in and API answers are not cached, HSTS on https, and sign-in back-off with known
 * devices.
 */

const EVIL = 'https://evil.example';
const pgUrl = testPostgresUrl();

for (const dialect of ['sqlite', 'postgres'] as const) {
	describe.runIf(dialect === 'sqlite' || pgUrl)(
		`security of sign-in, tokens and CSRF over HTTP [${dialect}]`,
		() => {
			let server: TestServer;
			let seed: BasicSeed;
			let officeToken = '';
			let participantToken = '';
			let emptyUnit = 0;
			let office: HttpClient;

			beforeAll(async () => {
				server = await startTestServer({
					dialect,
					seed: async (db) => {
						seed = await seedBasic(db);
						emptyUnit = (
							await db
								.insertInto('units')
								.values({
									programmeId: seed.programmeId,
									parentId: seed.units.organisation,
									kind: 'workplace',
									name: 'Empty workplace',
									updatedAt: new Date().toISOString()
								})
								.returning('id')
								.executeTakeFirstOrThrow()
						).id;
						officeToken = (await createApiToken(db, seed.people.office, 'script')).token;
						participantToken = (await createApiToken(db, seed.people.participant, 'script')).token;
					}
				});
				office = new HttpClient(server.url);
				office.cookies.set(
					'klok_session',
					(await createSession(server.database.db, seed.people.office, { days: 1 })).token
				);
			});
			afterAll(async () => {
				await server?.stop();
			});

			const tokenCount = async (personId: number) =>
				(
					await server.database.db
						.selectFrom('apiTokens')
						.select('id')
						.where('personId', '=', personId)
						.execute()
				).length;
			const bearer = (token: string, path: string, init: RequestInit = {}) =>
				fetch(server.url + path, {
					...init,
					redirect: 'manual',
					headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) }
				});

			it('a Bearer token renders no HTML page and runs no form action: it cannot create tokens', async () => {
				const page = await bearer(officeToken, '/settings', { headers: { accept: 'text/html' } });
				expect(page.status).toBe(303);
				expect(page.headers.get('location')).toMatch(/^\/sign-in/);
				const home = await bearer(officeToken, '/', { headers: { accept: 'text/html' } });
				expect(await home.text()).not.toContain('Office Person');

				const before = await tokenCount(seed.people.office);
				for (const origin of [server.url, null]) {
					const res = await bearer(officeToken, '/settings?/createToken', {
						method: 'POST',
						headers: {
							'content-type': 'application/x-www-form-urlencoded',
							accept: 'application/json',
							...(origin ? { origin } : {})
						},
						body: new URLSearchParams({ name: 'made by a token' }).toString()
					});
					const text = await res.text();
					expect(text).not.toContain('klok_');
					expect([303, 403]).toContain(res.status === 200 ? JSON.parse(text).status : res.status);
				}
				expect(await tokenCount(seed.people.office)).toBe(before);

				// The API itself still takes the token.
				const api = await bearer(officeToken, '/api/v1/people', { headers: { accept: 'application/json' } });
				expect(api.status).toBe(200);
			});

			it('a Bearer API call without a body or Content-Type works (POST and DELETE), from any client', async () => {
				const unit = emptyUnit;
				const closed = await bearer(officeToken, `/api/v1/units/${unit}/close`, { method: 'POST' });
				expect(closed.status, await closed.clone().text()).toBe(200);
				expect((await closed.json()).closedAt).toBeTruthy();
				const reopened = await bearer(officeToken, `/api/v1/units/${unit}/reopen`, {
					method: 'POST',
					headers: { origin: EVIL }
				});
				expect(reopened.status).toBe(200);
				expect((await reopened.json()).closedAt).toBeNull();

				const deleted = await bearer(participantToken, '/api/v1/swot/999999', {
					method: 'DELETE',
					headers: { accept: 'application/json' }
				});
				expect(deleted.status).toBe(404);
			});

			it('refuses cookie-authenticated writes from another origin or without one, and takes same-origin forms', async () => {
				const before = await tokenCount(seed.people.office);
				const form = { 'content-type': 'application/x-www-form-urlencoded' };
				const body = new URLSearchParams({ name: 'forged' }).toString();

				const crossSite = await office.fetch('/settings?/createToken', {
					method: 'POST',
					headers: { ...form, origin: EVIL, accept: 'text/html' },
					body
				});
				expect(crossSite.status).toBe(403);
				expect(await crossSite.text()).toBe('Cross-site POST form submissions are forbidden');

				const asJson = await office.fetch('/settings?/createToken', {
					method: 'POST',
					headers: { ...form, origin: EVIL, accept: 'application/json' },
					body
				});
				expect(asJson.status).toBe(403);
				expect(await asJson.json()).toEqual({ message: 'Cross-site POST form submissions are forbidden' });

				// No Origin header at all (cookie sent by hand).
				const noOrigin = await fetch(server.url + '/settings?/createToken', {
					method: 'POST',
					headers: { ...form, cookie: `klok_session=${office.cookies.get('klok_session')}` },
					body,
					redirect: 'manual'
				});
				expect(noOrigin.status).toBe(403);

				// JSON with the session cookie from another origin is refused too.
				const json = await office.fetch(`/api/v1/units/${emptyUnit}/close`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', origin: EVIL, accept: 'application/json' },
					body: '{}'
				});
				expect(json.status).toBe(403);
				const unit = await server.database.db
					.selectFrom('units')
					.select('closedAt')
					.where('id', '=', emptyUnit)
					.executeTakeFirstOrThrow();
				expect(unit.closedAt).toBeNull();

				// A sign-in form posted from elsewhere (login CSRF) is refused as before.
				const login = await fetch(server.url + '/sign-in', {
					method: 'POST',
					headers: { ...form, origin: EVIL },
					body: new URLSearchParams({ email: BASIC_LOGINS.office, password: BASIC_PASSWORD }).toString(),
					redirect: 'manual'
				});
				expect(login.status).toBe(403);
				expect(await tokenCount(seed.people.office)).toBe(before);

				// The same form from the app's own origin works.
				const sameOrigin = await office.fetch('/settings?/createToken', {
					method: 'POST',
					headers: { ...form, accept: 'text/html' },
					body: new URLSearchParams({ name: 'mine' }).toString()
				});
				expect(sameOrigin.status).toBe(200);
				expect(await sameOrigin.text()).toContain('klok_');
				expect(await tokenCount(seed.people.office)).toBe(before + 1);
			});

			it('the language switcher redirects only to same-site paths', async () => {
				const client = new HttpClient(server.url);
				for (const [target, expected] of [
					['/\\evil.example', '/'],
					['//evil.example', '/'],
					['/\\/evil.example', '/'],
					['https://evil.example', '/'],
					['/a\tb', '/'],
					['/people?page=2', '/people?page=2']
				]) {
					const res = await client.postForm('/locale', { locale: 'en', redirectTo: target! });
					expect(res.status, target).toBe(303);
					expect(res.headers.get('location'), target).toBe(expected);
					await res.body?.cancel();
				}
			});

			it('marks signed-in pages and every API answer private, no-store; leaves public answers alone', async () => {
				const home = await office.get('/');
				expect(home.status).toBe(200);
				expect(home.headers.get('cache-control')).toBe('private, no-store');
				const api = await bearer(officeToken, '/api/v1/people', { headers: { accept: 'application/json' } });
				expect(api.headers.get('cache-control')).toBe('private, no-store');
				const unauthorised = await fetch(server.url + '/api/v1/people', {
					headers: { accept: 'application/json' }
				});
				expect(unauthorised.status).toBe(401);
				expect(unauthorised.headers.get('cache-control')).toBe('private, no-store');
				// Sets its own.
				const openapi = await fetch(server.url + '/api/v1/openapi.json');
				expect(openapi.headers.get('cache-control')).toBe('no-cache');
				// No HSTS over plain http.
				expect(home.headers.get('strict-transport-security')).toBeNull();
			});

			it('slows down guessing with a "wait" message, while the owner on a known device signs straight in', async () => {
				const signIn = (client: HttpClient, password: string) =>
					client.fetch('/sign-in', {
						method: 'POST',
						headers: {
							'content-type': 'application/x-www-form-urlencoded',
							accept: 'text/html',
							'accept-language': 'en'
						},
						body: new URLSearchParams({ email: BASIC_LOGINS.participant, password }).toString()
					});
				const owner = new HttpClient(server.url);
				await owner.signIn(BASIC_LOGINS.participant, BASIC_PASSWORD);
				expect(owner.cookies.has('klok_device')).toBe(true);
				await owner.signOut();

				const attacker = new HttpClient(server.url);
				for (let i = 0; i < 5; i++) {
					const res = await signIn(attacker, 'not the password');
					expect(res.status).toBe(400);
					await res.body?.cancel();
				}
				const throttled = await signIn(new HttpClient(server.url), BASIC_PASSWORD);
				expect(throttled.status).toBe(429);
				expect(throttled.headers.get('retry-after')).toBe('1');
				expect(await throttled.text()).toContain('wait 1 second before trying again');

				const back = await signIn(owner, BASIC_PASSWORD);
				expect(back.status).toBe(303);
				const cookie = back.headers.getSetCookie().find((c) => c.startsWith('klok_device='));
				expect(cookie).toMatch(/Path=\/sign-in/);
				expect(cookie).toMatch(/HttpOnly/);
				expect(owner.cookies.has('klok_session')).toBe(true);
			});
		}
	);
}

describe('HSTS when the app is served over https', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer({
			seed: async (db) => void (await seedBasic(db)),
			env: { ORIGIN: 'https://klok.example' }
		});
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('sends strict-transport-security', async () => {
		const res = await fetch(server.url + '/sign-in');
		expect(res.status).toBe(200);
		expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
		await res.body?.cancel();
	});
});
