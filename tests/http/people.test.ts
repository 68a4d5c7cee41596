import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '#lib/server/auth/api-token.service.ts';
import { createSession } from '#lib/server/auth/session.service.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '#lib/server/people/people.fixtures.ts';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { HttpClient } from '../support/client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * People pages and `/api/v1/people` over HTTP against the built server. Sessions and tokens
 * are created straight in the database so these tests do not depend on the sign-in form.
 */
const dialects = testPostgresUrl() ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

for (const dialectName of dialects) {
	describe(`people over HTTP [${dialectName}]`, () => {
		let server: TestServer;
		let fx: ProgrammeFixture;
		let office: HttpClient;
		let manager: HttpClient;
		let officeToken: string;
		let managerToken: string;

		beforeAll(async () => {
			server = await startTestServer({
				dialect: dialectName,
				seed: async (db) => {
					fx = await buildProgrammeFixture(db, 'http');
				}
			});
			const db = server.database.db;
			office = new HttpClient(server.url);
			office.cookies.set('klok_session', (await createSession(db, fx.people.office, { days: 1 })).token);
			manager = new HttpClient(server.url);
			manager.cookies.set('klok_session', (await createSession(db, fx.people.managerA, { days: 1 })).token);
			officeToken = (await createApiToken(db, fx.people.office, 'test')).token;
			managerToken = (await createApiToken(db, fx.people.managerA, 'test')).token;
		});
		afterAll(async () => {
			await server?.stop();
		});

		const api = (token: string, path: string, init: RequestInit = {}) =>
			fetch(server.url + '/api/v1' + path, {
				...init,
				headers: {
					authorization: `Bearer ${token}`,
					'content-type': 'application/json',
					'accept-language': 'sv'
				}
			});

		it('redirects to sign-in when not signed in', async () => {
			const res = await new HttpClient(server.url).get('/people?q=x');
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe('/sign-in?next=' + encodeURIComponent('/people?q=x'));
		});

		it('renders the list, the person page and the audit log for the office', async () => {
			const list = await office.get('/people?q=inTeam');
			expect(list.status).toBe(200);
			const html = await list.text();
			expect(html).toContain('inTeam http');
			expect(html).not.toContain('inB http');
			const person = await office.get(`/people/${fx.people.inTeam}`);
			expect(person.status).toBe(200);
			expect(await person.text()).toContain('name="hourlyCost"');
			expect((await office.get('/people/new')).status).toBe(200);
			expect((await office.get('/audit')).status).toBe(200);
		});

		it('shows the manager only their people and 404 for others and for the audit log', async () => {
			expect((await manager.get(`/people/${fx.people.inTeam}`)).status).toBe(200);
			const refused = await manager.get(`/people/${fx.people.inB}`);
			const unknown = await manager.get('/people/99999');
			expect(refused.status).toBe(404);
			expect(unknown.status).toBe(404);
			expect((await manager.get('/audit')).status).toBe(404);
			expect((await manager.get('/people/new')).status).toBe(404);
		});

		it('creates through the form with field errors, then success and an audit row', async () => {
			const bad = await office.postForm('/people/new', {
				name: '',
				email: 'nope',
				unitId: '',
				jobCategory: 'x'
			});
			expect(bad.status).toBe(400);
			const page = await bad.text();
			expect(page).toContain('id="email-error"');
			expect(page).toContain('value="nope"');
			const ok = await office.postForm('/people/new', {
				name: 'Form Person',
				email: 'form.person@example.org',
				unitId: String(fx.units.workplaceB),
				jobCategory: 'archivist',
				gender: 'not_stated'
			});
			expect(ok.status).toBe(303);
			const location = ok.headers.get('location')!;
			expect(location).toMatch(/^\/people\/\d+\?notice=created$/);
			expect(await (await office.get(location)).text()).toContain('Form Person');
			const id = Number(location.split('/')[2]!.split('?')[0]);
			const deact = await office.postForm(`/people/${id}?/deactivate`, {});
			expect(deact.status).toBe(400);
			expect((await office.postForm(`/people/${id}?/deactivate`, { confirm: 'yes' })).status).toBe(303);
			const audit = await (await office.get(`/audit?person=${id}`)).text();
			expect(audit).toContain('Form Person');
		});

		it('serves the REST API with paging, 201, 409, 422, 400 and 404', async () => {
			const list = await api(
				officeToken,
				`/people?unitId=${fx.units.workplaceA}&includeDescendants=true&pageSize=2`
			);
			expect(list.status).toBe(200);
			const body = (await list.json()) as { data: unknown[]; page: number; pageSize: number; total: number };
			expect(body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
			expect(body.data).toHaveLength(2);
			expect((await api(officeToken, '/people?pageSize=500')).status).toBe(400);
			expect((await api(officeToken, '/people?bogus=1')).status).toBe(400);

			const input = {
				name: 'Api Person',
				email: 'Api.Person@example.org',
				unitId: fx.units.teamA,
				jobCategory: 'librarian'
			};
			const created = await api(officeToken, '/people', { method: 'POST', body: JSON.stringify(input) });
			expect(created.status).toBe(201);
			const person = (await created.json()) as { id: number };
			const dup = await api(officeToken, '/people', {
				method: 'POST',
				body: JSON.stringify({ ...input, email: 'api.person@EXAMPLE.org' })
			});
			expect(dup.status).toBe(409);
			expect(
				((await dup.json()) as { error: { fields: Record<string, string[]> } }).error.fields.email
			).toEqual(['E-postadressen används redan.']);
			const invalid = await api(officeToken, '/people', {
				method: 'POST',
				body: JSON.stringify({ name: 5 })
			});
			expect(invalid.status).toBe(422);
			const malformed = await api(officeToken, '/people', { method: 'POST', body: '{"name":' });
			expect(malformed.status).toBe(400);

			const patched = await api(officeToken, `/people/${person.id}`, {
				method: 'PATCH',
				body: JSON.stringify({ name: 'Api Person 2' })
			});
			expect(patched.status).toBe(200);
			expect(((await patched.json()) as { name: string }).name).toBe('Api Person 2');
			expect((await api(officeToken, `/people/${person.id}/deactivate`, { method: 'POST' })).status).toBe(
				200
			);
			expect((await api(officeToken, `/people/${person.id}/reactivate`, { method: 'POST' })).status).toBe(
				200
			);

			const refused = await api(managerToken, `/people/${fx.people.inB}`);
			const unknown = await api(managerToken, '/people/99999');
			expect(refused.status).toBe(404);
			expect(await refused.text()).toBe(await unknown.text());
			expect(
				(await api(managerToken, `/people/${fx.people.inA}`, { method: 'PATCH', body: '{}' })).status
			).toBe(404);
		});

		it('describes the people endpoints in the OpenAPI document', async () => {
			const doc = (await (await fetch(server.url + '/api/v1/openapi.json')).json()) as {
				paths: Record<string, unknown>;
				components: { schemas: Record<string, unknown> };
			};
			expect(Object.keys(doc.paths)).toEqual(
				expect.arrayContaining([
					'/people',
					'/people/{id}',
					'/people/{id}/deactivate',
					'/people/{id}/reactivate'
				])
			);
			expect(doc.components.schemas).toHaveProperty('Person');
		});
	});
}
