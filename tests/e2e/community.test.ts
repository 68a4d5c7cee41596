import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogin, seedDemo } from '../support/demo.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { CHROMIUM, browserHelpers, launchChromium, skipE2e, sv } from '../support/browser.ts';

/**
 * Knowledge sharing in headless Chromium on the demo (Swedish), 0 axe violations on every page:
 * the participant finds a listed expert by subject, opts in with a tag of their own and is then
 * found by it; networks, the newsletter's past issues and a recording page; the office's
 * newsletter settings. The directory's filter works without JavaScript (a GET form).
 */

const { expectAccessible, visit, signIn } = browserHelpers('community');

if (skipE2e) {
	describe('browser: community journey', () => {
		it.skip('SKIPPED because KLOK_SKIP_E2E=1', () => {});
	});
} else if (!fs.existsSync(CHROMIUM)) {
	describe('browser: community journey', () => {
		it('needs Chromium', () => {
			throw new Error(`Chromium was not found at ${CHROMIUM}; set KLOK_CHROMIUM or KLOK_SKIP_E2E=1.`);
		});
	});
} else
	describe('browser: community journey', () => {
		let server: TestServer;
		let browser: Browser;
		let recordingSession: number;
		beforeAll(async () => {
			[server, browser] = await Promise.all([
				startTestServer({
					seed: async (db) => {
						await seedDemo(db, { people: 120 });
						recordingSession = (
							await db
								.selectFrom('sessionRecordings')
								.select('sessionId')
								.orderBy('sessionId')
								.executeTakeFirstOrThrow()
						).sessionId;
					},
					env: { KLOK_REMINDERS: 'off', KLOK_OUTBOX: 'off' }
				}),
				launchChromium()
			]);
		});
		afterAll(async () => {
			await browser?.close();
			await server?.stop();
		});

		async function as(email: string, steps: (page: Page) => Promise<void>, width = 1280) {
			const context = await browser.newContext({ locale: 'sv-SE', viewport: { width, height: 900 } });
			const page = await context.newPage();
			try {
				await signIn(page, server, email);
				await steps(page);
			} finally {
				await context.close();
			}
		}

		it('finds a listed expert by subject, and the participant once they opt in', async () => {
			await as(demoLogin('participant'), async (page) => {
				await visit(page, server.url + '/experts', 'experts');
				await page.getByLabel(sv('experts.filter.subject')).fill('Läsfrämjande');
				await Promise.all([
					page.waitForURL((u) => u.searchParams.get('subject') === 'Läsfrämjande'),
					page.getByRole('button', { name: sv('experts.filter.submit') }).click()
				]);
				await expectAccessible(page, 'experts-filtered');
				const cards = page.locator('main ul.experts > li');
				expect(await cards.count()).toBeGreaterThan(0);
				await expect.poll(() => cards.first().textContent()).toContain('Läsfrämjande');
				await Promise.all([page.waitForURL(/\/experts\/\d+/), cards.first().locator('a').last().click()]);
				await expectAccessible(page, 'expert');

				await visit(page, server.url + '/experts/me', 'experts-me');
				await page.getByLabel(sv('experts.me.listed')).check();
				await page.getByLabel(sv('experts.me.tags')).fill('e2e-bokprat');
				await Promise.all([
					page.waitForURL((u) => u.searchParams.get('notice') === 'saved'),
					page.getByRole('button', { name: sv('experts.me.save') }).click()
				]);
				await expectAccessible(page, 'experts-me-saved');
				await visit(page, server.url + '/experts?subject=E2E-BOKPRAT', 'experts-tag');
				expect(await page.locator('main ul.experts > li').count()).toBe(1);

				await visit(page, server.url + '/networks', 'networks');
				await Promise.all([page.waitForURL(/\/networks\/\d+/), page.locator('main table a').first().click()]);
				await expectAccessible(page, 'network');
				await visit(page, server.url + '/newsletter', 'newsletter');
				await Promise.all([
					page.waitForURL(/\/newsletter\/\d+/),
					page.locator('main table a').first().click()
				]);
				await expectAccessible(page, 'newsletter-issue');
				await visit(page, `${server.url}/catalogue/sessions/${recordingSession}/recordings`, 'recordings');
				await Promise.all([
					page.waitForURL(/\/recordings\/[\w-]+$/),
					page.locator('main ul a').first().click()
				]);
				await expectAccessible(page, 'recording');
			});
		}, 60_000);

		it('gives the office the newsletter settings and a directory that fits a phone', async () => {
			await as(demoLogin('office'), async (page) => {
				await visit(page, server.url + '/newsletter', 'newsletter-office');
				await expect
					.poll(() => page.getByLabel(sv('newsletter.settings.frequency')).inputValue())
					.toBe('monthly');
			});
			await as(
				demoLogin('participant'),
				async (page) => {
					await visit(page, server.url + '/experts', 'experts-phone');
					const overflow = await page.evaluate(
						() => document.documentElement.scrollWidth - window.innerWidth
					);
					expect(overflow).toBeLessThanOrEqual(0);
				},
				390
			);
		}, 60_000);
	});
