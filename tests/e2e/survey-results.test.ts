import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '#lib/i18n/index.ts';
import { demoLogin, seedDemo } from '../support/demo.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { CHROMIUM, browserHelpers, launchChromium, skipE2e } from '../support/browser.ts';

/**
 * The survey results journey (issue 11): the office opens a demo survey's results in Swedish
 * and in English; the percentage base is stated in every chart's caption and table caption;
 * switching to the opinion base and remembering it; the export link carries the base. 0 axe
 * violations on every page.
 */
const { expectAccessible, visit, signIn, screenshot } = browserHelpers('survey-results');

if (skipE2e) {
	describe('browser: survey results', () => {
		it.skip('SKIPPED because KLOK_SKIP_E2E=1', () => {});
	});
} else if (!fs.existsSync(CHROMIUM)) {
	describe('browser: survey results', () => {
		it('needs Chromium', () => {
			throw new Error(`Chromium was not found at ${CHROMIUM}; set KLOK_CHROMIUM or KLOK_SKIP_E2E=1.`);
		});
	});
} else
	describe('browser: survey results', () => {
		let server: TestServer;
		let browser: Browser;
		let surveyId = 0;
		const office = demoLogin('office');

		beforeAll(async () => {
			[server, browser] = await Promise.all([
				startTestServer({ seed: async (db) => void (await seedDemo(db, { people: 120 })) }),
				launchChromium()
			]);
			// The demo survey with the most responses (its counts were rebuilt by the demo).
			const row = await server.database.db
				.selectFrom('surveyResponses')
				.select((eb) => ['surveyId', eb.fn.countAll<number>().as('n')])
				.groupBy('surveyId')
				.orderBy('n', 'desc')
				.executeTakeFirstOrThrow();
			surveyId = row.surveyId;
		});
		afterAll(async () => {
			await browser?.close();
			await server?.stop();
		});

		async function as(locale: 'sv' | 'en', steps: (page: Page) => Promise<void>, label: string) {
			const context = await browser.newContext({
				locale: locale === 'sv' ? 'sv-SE' : 'en-GB',
				viewport: { width: 1280, height: 900 }
			});
			await context.addCookies([{ name: 'klok_locale', value: locale, url: server.url }]);
			const page = await context.newPage();
			try {
				await signIn(page, server, office);
				await steps(page);
			} catch (e) {
				console.error(
					`${label} failed at ${page.url()}; screenshot ${await screenshot(page, `${label}-failure`)}`
				);
				throw e;
			} finally {
				await context.close();
			}
		}

		for (const locale of ['sv', 'en'] as const)
			it(`states the percentage base in the chart caption and the table (${locale})`, async () => {
				const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
				await as(
					locale,
					async (page) => {
						const url = `${server.url}/surveys/${surveyId}/results`;
						await visit(page, url, `results-${locale}`);
						const all = t('surveyResults.base.all');
						const figcaption = page.locator('main figure figcaption').first();
						await expect.poll(() => figcaption.innerText()).toContain(all);
						await expect
							.poll(() => page.locator('main figure table caption').first().innerText())
							.toContain(all);
						// "Don't know" is its own grey segment in this base; every chart has a data table under it.
						expect(await page.locator('main figure svg[role="img"]').count()).toBeGreaterThan(0);
						expect(await page.locator('main figure').count()).toBe(
							await page.locator('main figure:has(table)').count()
						);
						const csv = page.locator('main a[href*="/export?format=csv"]');
						expect(await csv.getAttribute('href')).toContain('base=all');

						// The other base, then remembered for the survey.
						await page.locator('#base').selectOption('opinion');
						await Promise.all([
							page.waitForURL((u) => u.searchParams.get('base') === 'opinion'),
							page.getByRole('button', { name: t('surveyResults.show') }).click()
						]);
						await page.waitForLoadState('networkidle');
						const opinion = t('surveyResults.base.opinion');
						await expect.poll(() => figcaption.innerText()).toContain(opinion);
						await expect
							.poll(() => page.locator('main figure table caption').first().innerText())
							.toContain(opinion);
						await expectAccessible(page, `results-opinion-${locale}`);
						await page.getByRole('button', { name: t('surveyResults.base.remember') }).click();
						await page.waitForLoadState('networkidle');
						await visit(page, url, `results-remembered-${locale}`);
						await expect.poll(() => figcaption.innerText()).toContain(opinion);
						await visit(page, `${url}?by=unit`, `results-by-unit-${locale}`);
						await visit(page, `${url}?by=unitType`, `results-by-type-${locale}`);
						// Back to the default for the next run.
						await page.locator('#base').selectOption('all');
						await Promise.all([
							page.waitForURL((u) => u.searchParams.get('base') === 'all'),
							page.getByRole('button', { name: t('surveyResults.show') }).click()
						]);
						await page.waitForLoadState('networkidle');
						await page.getByRole('button', { name: t('surveyResults.base.remember') }).click();
						await page.waitForLoadState('networkidle');
					},
					`results-${locale}`
				);
			});
	});
