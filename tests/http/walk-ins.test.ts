import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '#lib/server/auth/session.service.ts';
import { buildReportFixture, type ReportFixture } from '#lib/server/reports/reports.fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** A walk-in added at attendance without JavaScript, then seen on the person's page (issue 15.14). */
describe('walk-ins and a person’s registrations over HTTP', () => {
	let server: TestServer;
	let f: ReportFixture;
	let cookie = '';
	beforeAll(async () => {
		server = await startTestServer({
			seed: async (db) => {
				f = await buildReportFixture(db, 'http');
				// S6 under way and full (one seat, taken).
				await db
					.updateTable('sessions')
					.set({ startsAt: '2020-05-01T08:00:00.000Z', capacity: 1 })
					.where('id', '=', f.sessions.S6)
					.execute();
				cookie = `klok_session=${(await createSession(db, f.people.office, { days: 1 })).token}`;
			}
		});
	});
	afterAll(async () => {
		await server?.stop();
	});
	const headers = () => ({ cookie, accept: 'text/html', 'accept-language': 'en', origin: server.url });

	it('finds a person with the bounded search and adds them as present with a plain form post', async () => {
		const attendance = `/sessions/${f.sessions.S6}/attendance`;
		const search = await fetch(`${server.url}${attendance}?person=p5`, { headers: headers() });
		expect(search.status).toBe(200);
		const page = await search.text();
		expect(page).toContain('Add a walk-in');
		expect(page).toContain(`<option value="${f.people.p5}"`);
		expect(page).not.toContain('<table>');

		const bad = await fetch(`${server.url}${attendance}?/walkIn`, {
			method: 'POST',
			headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ personId: String(f.people.outsider) }),
			redirect: 'manual'
		});
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('Pick an active person of this programme.');

		const post = await fetch(`${server.url}${attendance}?/walkIn`, {
			method: 'POST',
			headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ personId: String(f.people.p5) }),
			redirect: 'manual'
		});
		expect(post.status).toBe(200);
		const html = await post.text();
		expect(html).toContain('p5 http was added as a walk-in and marked present.');
		expect(html).toContain('Walk-in');
	});

	it('shows the office the person’s registrations, hours and totals on their page', async () => {
		const res = await fetch(`${server.url}/people/${f.people.p5}`, { headers: headers() });
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Registrations and hours');
		expect(html).toContain('Participant hours');
		expect(html).toContain('Walk-in');
		expect(html).not.toContain('<table>');
	});
});
