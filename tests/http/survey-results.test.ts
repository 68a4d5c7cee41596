import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '#lib/server/auth/api-token.service.ts';
import { createSession } from '#lib/server/auth/session.service.ts';
import { buildResultsFixture, type ResultsFixture } from '#lib/server/surveys/results.fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** The results pages, exports and API over HTTP against the built server (known fixture). */
describe('survey results over HTTP', () => {
	let server: TestServer;
	let f: ResultsFixture;
	const tokens: Record<string, string> = {};
	const sessions: Record<string, string> = {};
	beforeAll(async () => {
		server = await startTestServer({
			seed: async (db) => {
				f = await buildResultsFixture(db, 'http');
				for (const who of ['office', 'steering', 'evaluator', 'participant'] as const) {
					tokens[who] = (await createApiToken(db, f.people[who], 'test')).token;
					sessions[who] = (await createSession(db, f.people[who], { days: 1 })).token;
				}
			}
		});
	});
	afterAll(async () => {
		await server?.stop();
	});
	// The token authenticates the API; pages and downloads need the browser session.
	const get = (path: string, who: string, accept = 'text/html') =>
		fetch(server.url + path, {
			headers: {
				authorization: `Bearer ${tokens[who]}`,
				cookie: `klok_session=${sessions[who]}`,
				accept,
				'accept-language': 'en'
			},
			redirect: 'manual'
		});

	it('shows the results page with n, the response rate, SVG charts, tables and suppression notes', async () => {
		const res = await get(`/surveys/${f.surveyId}/results?by=unit`, 'steering');
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('<svg');
		expect(html).toMatch(/role="img"/);
		expect(html).toContain('20 of 28 answered (71');
		expect(html).toContain('Workplace A http');
		// The small workplace is merged into the others and never named (issue 11.7).
		expect(html).toContain('Other units (n &lt; 5)');
		expect(html).not.toContain('Workplace B http');
		expect(html).toMatch(/<caption[\s>]/);
		// Free text shown (6 ≥ 5), the rare list hidden (3 < 5).
		expect(html).toContain('Comment 5');
		expect(html).not.toContain('Rare 0');
	});

	it('breaks one question down at a time on the page (?q=), every one in the printout; 400 to a bad q', async () => {
		const groupRows = (html: string) =>
			html.match(/scope="row"[^>]*>(?:<!--[^>]*-->)*Workplace A http</g)?.length ?? 0;
		const page = await (await get(`/surveys/${f.surveyId}/results?by=unit`, 'steering')).text();
		const print = await (await get(`/surveys/${f.surveyId}/results/print?by=unit`, 'steering')).text();
		// The other questions link to their own breakdown; the printout has every breakdown.
		const others = [...page.matchAll(/data-focus="(\d+)"/g)].map((m) => Number(m[1]));
		expect(others.length).toBeGreaterThan(0);
		expect(groupRows(page)).toBeGreaterThan(0);
		expect(groupRows(print)).toBeGreaterThan(groupRows(page));
		expect(print).not.toContain('data-focus=');
		const moved = await (
			await get(`/surveys/${f.surveyId}/results?by=unit&q=${others[0]}`, 'steering')
		).text();
		expect(moved).not.toContain(`data-focus="${others[0]}"`);
		expect(moved).toMatch(new RegExp(`<option value="${others[0]}"[^>]*selected`));
		// Small groups stay protected in every view.
		for (const html of [page, print, moved]) expect(html).not.toContain('Workplace B http');
		expect((await get(`/surveys/${f.surveyId}/results?by=unit&q=abc`, 'steering')).status).toBe(400);
	});

	it("switches one chart's base by a link; the other charts keep the default; 400 to a bad one", async () => {
		const page = await (await get(`/surveys/${f.surveyId}/results`, 'office')).text();
		const link = new RegExp(`href="([^"]*base\\.${f.questions.q1}=opinion)"`).exec(page);
		expect(link).not.toBeNull();
		const html = await (
			await get(`/surveys/${f.surveyId}/results${link![1]!.replaceAll('&amp;', '&')}`, 'office')
		).text();
		const captions = [
			...html.replaceAll('<!---->', '').matchAll(/<figcaption[^>]*>(.*?)<\/figcaption>/gs)
		].map((m) => m[1]);
		// q1 in the opinion base (8 of 17), every other chart in the base of all who answered.
		expect(captions.filter((c) => c!.includes('those with an opinion'))).toHaveLength(1);
		expect(captions.filter((c) => c!.includes('all who answered')).length).toBeGreaterThan(0);
		expect(html).toMatch(/>8<!--\[0-->[^(]{1,8}\(47 %\)/);
		expect(page).toMatch(/>8<!--\[0-->[^(]{1,8}\(40 %\)/);
		expect((await get(`/surveys/${f.surveyId}/results?base.${f.questions.q1}=most`, 'office')).status).toBe(
			400
		);
	});

	it('shows the response rate by workplace type on the rate page', async () => {
		const html = await (await get(`/surveys/${f.surveyId}/rate`, 'office')).text();
		expect(html).toContain('Invited and answered per workplace type');
		// A DataTable row: cells carry their column's label (stacked on a phone); Svelte's markers left out.
		expect(html.replace(/<!--.*?-->/g, '')).toMatch(
			/<th scope="row"[^>]*>Not set<\/th>\s*<td[^>]*>28<\/td>\s*<td[^>]*>20<\/td>/
		);
	});

	it('answers 404 to a participant and for an unknown survey, 400 to a bad breakdown', async () => {
		expect((await get(`/surveys/${f.surveyId}/results`, 'participant')).status).toBe(404);
		expect((await get(`/surveys/999999/results`, 'office')).status).toBe(404);
		expect((await get(`/surveys/${f.surveyId}/results?by=shoe`, 'office')).status).toBe(400);
		expect((await get(`/surveys/${f.surveyId}/results/print`, 'evaluator')).status).toBe(200);
	});

	it('exports results for steering; raw answers only for office and evaluators', async () => {
		const csv = await get(`/surveys/${f.surveyId}/results/export?format=csv&by=jobCategory`, 'steering');
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-disposition')).toContain('.csv');
		expect(await csv.text()).toContain('Response rate (%);71.4');
		expect((await get(`/surveys/${f.surveyId}/results/export?format=pdf`, 'office')).status).toBe(400);
		expect((await get(`/surveys/${f.surveyId}/results/export/raw?format=csv`, 'steering')).status).toBe(404);
		expect((await get(`/surveys/${f.surveyId}/results/export/raw?format=csv`, 'participant')).status).toBe(
			404
		);
		const raw = await get(`/surveys/${f.surveyId}/results/export/raw?format=xlsx`, 'evaluator');
		expect(raw.status).toBe(200);
		expect(raw.headers.get('content-type')).toContain('spreadsheetml');
	});

	it('serves the results API with breakdown params and validates them', async () => {
		const res = await get(
			`/api/v1/surveys/${f.surveyId}/results?by=jobCategory`,
			'evaluator',
			'application/json'
		);
		expect(res.status).toBe(200);
		const body = await res.json();
		// One unit for rates in the API: a fraction 0..1 (issue 11.4).
		expect(body.responseRate).toBe(0.7143);
		const q1 = body.questions.find((q: { id: number }) => q.id === f.questions.q1);
		expect(q1.breakdown.groups.map((g: { key: string; n: number }) => [g.key, g.n])).toEqual([
			['librarian', 14]
		]);
		expect(q1.breakdown.other.n).toBe(6);
		const bad = await get(
			`/api/v1/surveys/${f.surveyId}/results?compare=later`,
			'office',
			'application/json'
		);
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.code).toBe('invalid_query');
		const gender = await get(
			`/api/v1/surveys/${f.surveyId}/results?by=gender`,
			'steering',
			'application/json'
		);
		expect(gender.status).toBe(404);
		expect(
			(await get(`/api/v1/surveys/${f.surveyId}/results`, 'participant', 'application/json')).status
		).toBe(404);
	});
});
