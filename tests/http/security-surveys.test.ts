import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#lib/server/auth/password.ts';
import { buildAnonymityFixture, type AnonymityFixture } from '#lib/server/surveys/anonymity.fixtures.ts';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { HttpClient } from '../support/client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const PASSWORD = 'survey anonymity test';
const dialects = testPostgresUrl() ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

/** The minimum group size (k = 5) over HTTP: the raw export and the response rate by unit. */
for (const dialect of dialects) {
	describe(`survey anonymity over HTTP [${dialect}]`, () => {
		let server: TestServer;
		let f: AnonymityFixture;
		let two: number;
		let six: number;
		const clients: Record<string, HttpClient> = {};
		beforeAll(async () => {
			server = await startTestServer({
				dialect,
				env: { KLOK_REMINDERS: 'off' },
				seed: async (db) => {
					f = await buildAnonymityFixture(db, 'http');
					const small = await f.survey();
					await f.respond(small, [
						{ value: 1, text: 'Only I would write this', hours: 3 },
						{ value: 4, text: 'My manager is the problem', hours: 40 }
					]);
					two = small.surveyId;
					const enough = await f.survey();
					await f.respond(
						enough,
						Array.from({ length: 6 }, (_, i) => ({
							value: 1 + (i % 4),
							...(i < 2 ? { text: `Rare ${i}` } : {})
						}))
					);
					await f.invite(enough, [
						{ unitId: f.units.workplaceA, invited: 8, completed: 5 },
						{ unitId: f.units.workplaceB, invited: 6, completed: 3 },
						{ unitId: f.units.solo, invited: 1, completed: 1 }
					]);
					six = enough.surveyId;
					const passwordHash = await hashPassword(PASSWORD);
					await db.updateTable('people').set({ passwordHash }).execute();
				}
			});
			for (const who of ['office', 'evaluator', 'steering'] as const) {
				clients[who] = new HttpClient(server.url);
				await clients[who].signIn(`${who}.http@example.org`, PASSWORD);
			}
		});
		afterAll(async () => {
			await server?.stop();
		});
		const get = (who: string, path: string) => clients[who]!.get(path, { 'accept-language': 'en' });

		it('2 respondents: the results hide both answers and the raw export gives none, saying why', async () => {
			const page = await get('evaluator', `/surveys/${two}/results`);
			expect(page.status).toBe(200);
			const html = await page.text();
			expect(html).not.toContain('Only I would write this');
			expect(html).not.toContain('My manager is the problem');
			expect(html).not.toContain('/export/raw');
			expect(html).toContain('The raw answers can be exported once at least 5 people have answered (now 2).');

			for (const who of ['evaluator', 'office'])
				for (const format of ['csv', 'xlsx']) {
					const res = await get(who, `/surveys/${two}/results/export/raw?format=${format}`);
					expect(res.status).toBe(409);
					expect(res.headers.get('content-disposition')).toBeNull();
					const body = await res.text();
					expect(body).toContain('at least 5 people have answered (now 2)');
					expect(body).not.toContain('Only I would write this');
					expect(body).not.toContain('My manager');
				}
			const sv = await clients.evaluator!.get(`/surveys/${two}/results/export/raw?format=csv`, {
				'accept-language': 'sv'
			});
			expect(sv.status).toBe(409);
			expect(await sv.text()).toContain('minst 5 personer');
		});

		it('6 respondents: the raw export has every shown answer, and no comment the results page hides', async () => {
			const res = await get('evaluator', `/surveys/${six}/results/export/raw?format=csv`);
			expect(res.status).toBe(200);
			const csv = await res.text();
			// The account of the protection first, a blank line, then the table: header + 6 answers.
			const [about, table] = csv.trim().split('\r\n\r\n');
			expect(about).toContain('Every combination of');
			expect(table!.split('\r\n')).toHaveLength(1 + 6);
			expect(csv).not.toContain('Rare');
		});

		it('the response rate by unit names no unit with fewer than 5 invited, for steering and the office', async () => {
			for (const who of ['steering', 'office']) {
				const page = await get(who, `/surveys/${six}/rate`);
				expect(page.status).toBe(200);
				const html = await page.text();
				expect(html).toContain('Workplace A http');
				expect(html).not.toContain('Solo http');
				expect(html).not.toContain('Workplace B http');
				expect(html).toContain('Other units combined');
				const api = await clients[who]!.getJson(`/api/v1/surveys/${six}/distribution/rate`);
				expect(api.status).toBe(200);
				expect(api.body.byUnit.map((u: { unitName: string }) => u.unitName)).toEqual(['Workplace A http']);
				expect(api.body.otherUnits).toEqual({ invited: 7, completed: 4, rate: 4 / 7 });
				expect(JSON.stringify(api.body)).not.toContain('Solo');
			}
		});
	});
}
