import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '#lib/i18n/index.ts';
import type { Role } from '#lib/server/db/schema.ts';
import { HttpClient } from '../support/client.ts';
import { BASIC_LOGINS, BASIC_PASSWORD, seedBasic } from '../support/seed.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** The heading only that role's home page shows. */
const HEADING: Record<Role, MessageKey> = {
	admin: 'home.admin.title',
	office: 'home.office.title',
	steering: 'ux.home.follow.title',
	manager: 'home.manager.title',
	participant: 'home.me.title',
	evaluator: 'ux.home.shared.title',
	trainer: 'ux.home.trainer.title'
};

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('home page and error page over HTTP', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer({ seed: async (db) => void (await seedBasic(db)) });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('sends visitors to sign in', async () => {
		const res = await fetch(server.url + '/', { redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/sign-in');
	});

	it.each(Object.keys(BASIC_LOGINS) as Role[])('shows the %s their own home page', async (role) => {
		const client = new HttpClient(server.url);
		await client.signIn(BASIC_LOGINS[role], BASIC_PASSWORD);
		const res = await client.get('/', { 'accept-language': 'en' });
		expect(res.status).toBe(200);
		const html = await res.text();
		const own = escapeHtml(translate('en', HEADING[role]));
		expect(html).toContain(own);
		// …and not the sections of roles they do not hold.
		for (const [other, key] of Object.entries(HEADING) as [Role, MessageKey][]) {
			if (other === role || translate('en', key) === translate('en', HEADING[role])) continue;
			if (role === 'manager' && other === 'participant') continue; // managers are staff too
			if (role !== 'admin' && other === 'participant' && role !== 'participant') continue;
			expect(html, `${role} must not see the ${other} section`).not.toContain(
				escapeHtml(translate('en', key))
			);
		}
	});

	it('answers an unknown page with a translated 404 and a link home', async () => {
		const res = await fetch(server.url + '/no-such-page', { headers: { 'accept-language': 'sv' } });
		expect(res.status).toBe(404);
		const html = await res.text();
		expect(html).toContain(translate('sv', 'ux.error.404'));
		expect(html).toContain(translate('sv', 'error.notFound'));
		expect(html).toContain('href="/"');
		expect(html).toMatch(/<html[^>]* lang="sv"/);
	});
});
