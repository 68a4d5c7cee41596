import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '#lib/server/auth/session.service.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '#lib/server/people/people.fixtures.ts';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { HttpClient } from '../support/client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Privacy over HTTP against the built server: a person's data export (background job, progress
 * page, ZIP download, link expiry), erasure with its typed confirmation, the retention page and
 * the audit CSV. Sessions are created straight in the database.
 */
const dialects = testPostgresUrl() ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

for (const dialectName of dialects) {
	describe(`privacy over HTTP [${dialectName}]`, () => {
		let server: TestServer;
		let fx: ProgrammeFixture;
		let participant: HttpClient;
		let office: HttpClient;
		let manager: HttpClient;

		beforeAll(async () => {
			server = await startTestServer({
				dialect: dialectName,
				seed: async (db) => {
					fx = await buildProgrammeFixture(db, 'privacy');
				}
			});
			const db = server.database.db;
			const client = async (personId: number) => {
				const c = new HttpClient(server.url);
				c.cookies.set('klok_session', (await createSession(db, personId, { days: 1 })).token);
				c.cookies.set('klok_locale', 'en');
				return c;
			};
			participant = await client(fx.people.inA);
			office = await client(fx.people.office);
			manager = await client(fx.people.managerA);
		});
		afterAll(async () => {
			await server?.stop();
		});

		it('prepares my data in the background and downloads it as a ZIP until the link expires', async () => {
			const page = await participant.get('/settings/my-data');
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('action="?/request"');

			const asked = await participant.postForm('/settings/my-data?/request', {});
			expect(asked.status).toBe(303);
			const location = asked.headers.get('location')!;
			expect(location).toMatch(/^\/settings\/my-data\?export=\d+&key=kx_/);

			let html = '';
			for (let i = 0; i < 50; i++) {
				html = await (await participant.get(location)).text();
				if (html.includes('/settings/my-data/download?key=')) break;
				// While it is prepared, the page refreshes itself without JavaScript.
				expect(html).toContain('http-equiv="refresh"');
				await new Promise((r) => setTimeout(r, 200));
			}
			const href = /href="(\/settings\/my-data\/download\?key=[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');

			const other = await office.get(href);
			expect(other.status).toBe(404);
			const res = await participant.get(href);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('application/zip');
			expect(res.headers.get('content-disposition')).toMatch(
				/^attachment; filename="klok-my-data-\d+\.zip"$/
			);
			const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
			expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['index.html', 'people/profile.json']));
			const profile = JSON.parse(await zip.file('people/profile.json')!.async('string'));
			expect(profile).toEqual([
				expect.objectContaining({ id: fx.people.inA, email: 'inA.privacy@example.org' })
			]);

			const id = Number(/export=(\d+)/.exec(location)![1]);
			await server.database.db
				.updateTable('privacyExports')
				.set({ expiresAt: '2000-01-01T00:00:00.000Z' })
				.where('id', '=', id)
				.execute();
			expect((await participant.get(href)).status).toBe(404);
			expect(await (await participant.get(location)).text()).not.toContain('/settings/my-data/download?key=');
			expect((await new HttpClient(server.url).get(href)).status).toBe(303);
		});

		it('erases a person after a typed confirmation; refused for others', async () => {
			const path = `/people/${fx.people.inB}/erase`;
			expect((await manager.get(path)).status).toBe(404);
			const preview = await office.get(path);
			expect(preview.status).toBe(200);
			const html = await preview.text();
			expect(html).toContain('<code>people</code>');

			const wrong = await office.postForm(path + '?/erase', { confirmation: 'nobody' });
			expect(wrong.status).toBe(400);
			expect(await wrong.text()).toContain('The name does not match');
			expect((await manager.postForm(path + '?/erase', { confirmation: 'inB privacy' })).status).toBe(404);

			const done = await office.postForm(path + '?/erase', { confirmation: 'inB privacy' });
			expect(done.status).toBe(303);
			expect(done.headers.get('location')).toBe(`${path}?notice=erased`);
			const person = await server.database.db
				.selectFrom('people')
				.select(['name', 'email'])
				.where('id', '=', fx.people.inB)
				.executeTakeFirstOrThrow();
			expect(person.name).toMatch(/^Erased person #\d+$/);
			expect(person.email).toMatch(/^erased-\d+@erased\.invalid$/);

			const csv = await office.get('/audit/export.csv?action=erase');
			expect(csv.status).toBe(200);
			expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
			const text = await csv.text();
			expect(text.split('\r\n')[1]).toMatch(
				new RegExp(`^\\d+,[^,]+,${fx.people.office},office privacy,erase,person,${fx.people.inB},`)
			);
			expect((await manager.get('/audit/export.csv')).status).toBe(404);
		});

		it('saves retention rules with field messages on bad input; the audit page reports a bad period', async () => {
			expect((await manager.get('/privacy')).status).toBe(404);
			expect((await office.get('/privacy')).status).toBe(200);
			const bad = await office.postForm('/privacy?/save', {
				dialogueNotesOnErasure: 'keep',
				logbookMonthsAfterEnd: '1.5',
				inactiveYears: '',
				surveyRawMonthsAfterClose: ''
			});
			expect(bad.status).toBe(400);
			expect(await bad.text()).toContain('Enter a whole number.');
			const ok = await office.postForm('/privacy?/save', {
				dialogueNotesOnErasure: 'delete',
				logbookMonthsAfterEnd: '6',
				inactiveYears: '2',
				surveyRawMonthsAfterClose: ''
			});
			expect(ok.status).toBe(303);
			const page = await (await office.get('/privacy?notice=saved')).text();
			expect(page).toContain('The rules were saved.');
			expect(page).toContain('value="6"');

			const audit = await office.get('/audit?from=2026-05-01&to=2026-01-01');
			expect(audit.status).toBe(200);
			expect(await audit.text()).toContain('The start must not be after the end.');
		});
	});
}
