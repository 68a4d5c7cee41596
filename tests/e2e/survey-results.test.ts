import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '#lib/server/auth/session.service.ts';
import { buildResultsFixture, type ResultsFixture } from '#lib/server/surveys/results.fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { WCAG, launchChromium, skipE2e } from '../support/browser.ts';

/**
 * The results pages in a real browser: 0 axe-core violations (WCAG 2.1 A/AA) on the results
 * page, its breakdown and comparison views and the printable page, wide and narrow.
 */

describe.skipIf(skipE2e)('survey results pages are accessible', () => {
	let server: TestServer;
	let browser: Browser;
	let f: ResultsFixture;
	let token = '';
	beforeAll(async () => {
		[server, browser] = await Promise.all([
			startTestServer({
				seed: async (db) => {
					f = await buildResultsFixture(db, 'axe');
					token = (await createSession(db, f.people.office, { days: 1 })).token;
				}
			}),
			launchChromium()
		]);
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	for (const [label, width] of [
		['wide', 1280],
		['narrow', 360]
	] as const)
		it(`has 0 axe violations (${label})`, async () => {
			const context = await browser.newContext({
				viewport: { width, height: 800 },
				locale: 'sv-SE'
			});
			// Pages need a browser session (API tokens authenticate only /api/v1).
			await context.addCookies([{ name: 'klok_session', value: token, url: server.url }]);
			const page = await context.newPage();
			for (const query of ['', '?by=unit', '?by=jobCategory', '?compare=waves', '?compare=cohorts']) {
				for (const path of [
					`/surveys/${f.surveyId}/results${query}`,
					`/surveys/${f.surveyId}/results/print${query}`
				]) {
					const res = await page.goto(server.url + path, { waitUntil: 'networkidle' });
					expect(res?.status(), path).toBe(200);
					const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
					expect(
						result.violations.map(
							(v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
						),
						path
					).toEqual([]);
				}
			}
			await context.close();
		}, 120_000);
});
