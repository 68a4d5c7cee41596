import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/client.ts';
import { BASIC_LOGINS, BASIC_PASSWORD, seedBasic } from '../support/seed.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Every `$ref` in the document, with where it was found. */
function refsOf(value: unknown, at = '#'): { ref: string; at: string }[] {
	if (Array.isArray(value)) return value.flatMap((v, i) => refsOf(v, `${at}/${i}`));
	if (value && typeof value === 'object')
		return Object.entries(value).flatMap(([k, v]) =>
			k === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : refsOf(v, `${at}/${k}`)
		);
	return [];
}

/** Resolves a local JSON pointer (`#/components/schemas/X`). */
function resolvePointer(doc: unknown, ref: string): unknown {
	return ref
		.slice(2)
		.split('/')
		.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
		.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as any)[key] : undefined), doc);
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

describe('REST API over HTTP', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer({ seed: async (db) => void (await seedBasic(db)) });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('serves a well-formed OpenAPI 3.1 document publicly', async () => {
		const res = await fetch(server.url + '/api/v1/openapi.json');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		const doc = await res.json();
		expect(doc.openapi).toBe('3.1.0');
		expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
		expect(doc.servers).toEqual([{ url: server.url + '/api/v1' }]);
		expect(Object.keys(doc.components.securitySchemes)).toEqual(
			expect.arrayContaining(['bearerAuth', 'cookieAuth'])
		);

		for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
			expect(path, 'paths are relative to the server URL').toMatch(/^\//);
			const operations = Object.entries(item).filter(([k]) => METHODS.includes(k));
			expect(operations.length, `${path} has operations`).toBeGreaterThan(0);
			for (const [method, op] of operations) {
				expect(Object.keys(op.responses ?? {}).length, `${method} ${path} has responses`).toBeGreaterThan(0);
				for (const param of path.match(/\{(\w+)\}/g) ?? []) {
					const name = param.slice(1, -1);
					const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])].some(
						(p: any) => p.in === 'path' && p.name === name
					);
					expect(declared, `${method} ${path} declares path parameter ${name}`).toBe(true);
				}
			}
		}
		for (const { ref, at } of refsOf(doc)) {
			expect(ref, `local $ref at ${at}`).toMatch(/^#\//);
			expect(resolvePointer(doc, ref), `${ref} (at ${at}) resolves`).toBeDefined();
		}
	});

	it('describes the units and people resources', async () => {
		const doc = await (await fetch(server.url + '/api/v1/openapi.json')).json();
		expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/units', '/people']));
		expect(doc.paths['/people'].get).toBeDefined();
		expect(doc.paths['/units'].get).toBeDefined();
	});

	it.each(['/api/v1/people', '/api/v1/units'])(
		'refuses %s without authentication: 401 JSON',
		async (path) => {
			const res = await fetch(server.url + path, { headers: { accept: 'application/json' } });
			expect(res.status).toBe(401);
			expect(res.headers.get('content-type')).toMatch(/application\/json/);
			const body = await res.json();
			expect(body.error).toMatchObject({ status: 401, code: 'unauthorized', message: expect.any(String) });
		}
	);

	it('refuses a forged bearer token with 401 JSON', async () => {
		const res = await fetch(server.url + '/api/v1/people', {
			headers: { authorization: 'Bearer klok_not-a-real-token', accept: 'application/json' }
		});
		expect(res.status).toBe(401);
		expect((await res.json()).error.code).toBe('unauthorized');
	});

	it('accepts the session cookie of a signed-in person', async () => {
		const client = new HttpClient(server.url);
		await client.signIn(BASIC_LOGINS.office, BASIC_PASSWORD);
		const { status, body } = await client.getJson('/api/v1/people');
		expect(status).toBe(200);
		expect(JSON.stringify(body)).toContain('participant@basic.test');
	});
});
