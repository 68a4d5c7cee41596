import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const dialects = testPostgresUrl() ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

for (const dialectName of dialects) {
	describe(`GET /healthz [${dialectName}]`, () => {
		let server: TestServer;
		beforeAll(async () => {
			server = await startTestServer({ dialect: dialectName });
		});
		afterAll(async () => {
			await server?.stop();
		});

		it('answers 200 {"status":"ok"} without authentication and is never cached', async () => {
			const res = await fetch(server.url + '/healthz');
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toMatch(/application\/json/);
			expect(res.headers.get('cache-control')).toBe('no-store');
			expect(await res.json()).toEqual({ status: 'ok' });
		});

		it('serves the API index publicly', async () => {
			const res = await fetch(server.url + '/api/v1');
			expect(res.status).toBe(200);
			expect((await res.json()).openapi).toBe(server.url + '/api/v1/openapi.json');
		});
	});
}

describe.runIf(testPostgresUrl())('GET /healthz when the database is gone [postgres]', () => {
	it('answers 503 {"status":"error"}', async () => {
		const server = await startTestServer({ dialect: 'postgres' });
		try {
			// Drop the server's database under it (terminating its connections).
			const name = new URL(server.database.url).pathname.slice(1);
			const admin = new pg.Client({ connectionString: testPostgresUrl() });
			await admin.connect();
			// Close this process's own pool first, and let its sockets go, so only the server notices.
			await server.database.db.destroy();
			await new Promise((r) => setTimeout(r, 200));
			await admin.query(`drop database if exists ${name} with (force)`);
			await admin.end();
			const res = await fetch(server.url + '/healthz').catch((e) => {
				throw new Error(`the server died instead of answering 503:\n${server.output()}`, { cause: e });
			});
			expect(res.status).toBe(503);
			expect(await res.json()).toEqual({ status: 'error' });
		} finally {
			await server.stop().catch(() => {});
		}
	});
});
