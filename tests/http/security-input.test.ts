import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { HttpClient } from '../support/client.ts';
import { BASIC_LOGINS, BASIC_PASSWORD, seedBasic, type BasicSeed } from '../support/seed.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 8, findings 1, 9 and 10, over real HTTP against the built server on both databases:
 * form names that reach a prototype, NUL bytes and extreme dates, and an empty PATCH.
 */
const dialects = testPostgresUrl() ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

const HOSTILE_FIELDS = {
	'constructor.prototype.x': '1',
	'__proto__.polluted': '1',
	'title.constructor.prototype.y': '1'
};

for (const dialect of dialects) {
	describe(`hostile input over HTTP [${dialect}]`, () => {
		let server: TestServer;
		let seed: BasicSeed;
		const office = () => signedIn(BASIC_LOGINS.office);
		const participant = () => signedIn(BASIC_LOGINS.participant);
		async function signedIn(email: string) {
			const client = new HttpClient(server.url);
			await client.signIn(email, BASIC_PASSWORD);
			return client;
		}
		async function json(client: HttpClient, method: string, path: string, body?: unknown) {
			const res = await client.fetch(path, {
				method,
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				...(body === undefined ? {} : { body: JSON.stringify(body) })
			});
			const text = await res.text();
			return { status: res.status, body: text ? JSON.parse(text) : null };
		}

		beforeAll(async () => {
			server = await startTestServer({
				dialect,
				seed: async (db) => {
					seed = await seedBasic(db);
				}
			});
		});
		afterAll(async () => {
			await server?.stop();
		});

		it('finding 1: a form name walking to Object.prototype cannot take the pages down', async () => {
			const p = await participant();
			// Refused before the body is read, as the page itself is.
			const refused = await p.postForm('/surveys/new', { ...HOSTILE_FIELDS, 'title.en': 'x' });
			expect(refused.status).toBe(404);
			await refused.body?.cancel();
			const o = await office();
			const bank = await o.postForm('/surveys/bank?/scale', { ...HOSTILE_FIELDS, code: 'x' });
			expect(bank.status).toBeLessThan(500);
			await bank.body?.cancel();
			const created = await o.postForm('/surveys/new', {
				...HOSTILE_FIELDS,
				template: 'blank',
				'title.en': 'Safe',
				'title.sv': 'Säker'
			});
			expect(created.status, 'the office still creates the survey').toBe(303);
			await created.body?.cancel();
			for (const client of [p, o]) {
				const home = await client.get('/');
				expect(home.status, server.output()).toBe(200);
				await home.body?.cancel();
			}
			const health = await fetch(server.url + '/healthz');
			expect(health.status).toBe(200);
		});

		it('finding 9: NUL bytes in text fields and searches are field errors, never 500', async () => {
			const o = await office();
			const api = await json(o, 'POST', '/api/v1/units', {
				name: 'Branch\u0000one',
				kind: 'workplace',
				parentId: seed.units.organisation
			});
			expect(api.status).toBe(422);
			expect(api.body.error.fields.name).toEqual(['Ta bort de osynliga styrtecknen ur texten.']);
			const person = await o.postForm('/people/new', {
				name: 'Anna\u0000',
				email: 'anna@example.org',
				unitId: String(seed.units.workplaceA),
				jobCategory: 'librarian'
			});
			expect(person.status).toBe(400);
			expect(await person.text()).toContain('Ta bort de osynliga styrtecknen');
			for (const path of ['/people?q=%00', '/api/v1/people?q=a%00b', '/catalogue?q=%00', '/needs?q=%00']) {
				const res = await o.get(path, { accept: path.startsWith('/api') ? 'application/json' : 'text/html' });
				expect(res.status, path).toBeLessThan(500);
				await res.body?.cancel();
			}
			const stored = await server.database.db
				.selectFrom('people')
				.select('id')
				.where('email', '=', 'anna@example.org')
				.execute();
			expect(stored).toEqual([]);
		});

		it('finding 9: extreme dates are refused (API) or ignored (page filters), never 500', async () => {
			const o = await office();
			const sessions = await json(o, 'GET', '/api/v1/sessions?to=9999-12-31');
			expect(sessions.status).toBe(400);
			expect(sessions.body.error.fields.to).toEqual(['Ange ett datum mellan år 1900 och 2199.']);
			for (const path of [
				'/catalogue?to=9999-12-31',
				'/catalogue?from=0001-01-01',
				'/reports?from=9999-12-31'
			]) {
				const res = await o.get(path);
				expect(res.status, path).toBeLessThan(500);
				await res.body?.cancel();
			}
		});

		it('finding 10: an empty PATCH is a 422 that changes nothing', async () => {
			const p = await participant();
			const plan = await json(p, 'POST', '/api/v1/plans/individual', {
				personId: seed.people.participant,
				periodStart: '2026-01-01',
				periodEnd: '2026-12-31'
			});
			expect(plan.status).toBe(201);
			const withGoal = await json(p, 'POST', `/api/v1/plans/individual/${plan.body.id}/goals`, {
				text: 'Learn to teach e-book lending'
			});
			expect(withGoal.status).toBe(201);
			const goal = withGoal.body.goals[0];
			const audits = async () =>
				(await server.database.db.selectFrom('auditLog').select('id').execute()).length;
			const auditsBefore = await audits();
			const empty = await json(p, 'PATCH', `/api/v1/plans/goals/${goal.id}`, {});
			expect(empty.status, JSON.stringify(empty.body)).toBe(422);
			expect(empty.body.error.message).toBe('Inget att ändra: skicka minst ett fält.');
			const unknown = await json(p, 'PATCH', `/api/v1/plans/goals/${goal.id}`, { unknown: 1 });
			expect(unknown.status).toBe(422);
			expect(await audits()).toBe(auditsBefore);
			const after = await json(p, 'GET', `/api/v1/plans/individual/${plan.body.id}`);
			expect(after.body.goals[0]).toEqual(goal);
			const changed = await json(p, 'PATCH', `/api/v1/plans/goals/${goal.id}`, { status: 'achieved' });
			expect(changed.status).toBe(200);
			expect(changed.body.goals[0].status).toBe('achieved');
		});
	});
}
