import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipE2e } from '../support/browser.ts';

/**
 * Issues 14 and 15.15: pages rendered in the browser get their texts from the page's embedded
 * messages and the language's catalogue (no catalogue JavaScript). In Danish and Norwegian,
 * navigating through the menu shows translated headings and never a raw message key.
 */
import { BASIC_LOGINS, BASIC_PASSWORD, seedBasic } from '../support/seed.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
describe.skipIf(skipE2e)('browser: Danish and Norwegian pages rendered in the browser', () => {
	let server: TestServer;
	let browser: Awaited<ReturnType<typeof launchChromium>>;
	beforeAll(async () => {
		server = await startTestServer({ seed: async (db) => void (await seedBasic(db)) });
		browser = await launchChromium();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});
	it('menu navigation in the browser shows translated text, never message keys', async () => {
		for (const locale of ['da-DK', 'nb-NO']) {
			const ctx = await browser.newContext({ locale });
			const page = await ctx.newPage();
			const errors: string[] = [];
			page.on('pageerror', (e) => errors.push(String(e)));

			await page.goto(server.url + '/sign-in');
			await page.fill('input[name=email]', BASIC_LOGINS.office);
			await page.fill('input[name=password]', BASIC_PASSWORD);
			await Promise.all([
				page.waitForURL((u) => u.pathname === '/'),
				page.click('main form button[type=submit]')
			]);
			await page.goto(server.url + '/settings', { waitUntil: 'networkidle' });
			expect(await page.locator('h1').first().textContent()).toBe(
				locale === 'da-DK' ? 'Indstillinger' : 'Innstillinger'
			);
			const links = await page
				.locator('nav a[href^="/"]')
				.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')));

			for (const href of links.slice(0, 8)) {
				if (!href || href === '/') continue;
				await page.evaluate(
					(h) => (document.querySelector(`nav a[href="${h}"]`) as HTMLElement).click(),
					href
				);
				const before = page.url();
				await page.waitForURL((u) => u.href !== before, { timeout: 10000 }).catch(() => {});
				await page.waitForTimeout(300);
				await page.waitForLoadState('networkidle');
				const text = await page.locator('main').innerText();
				const keys = text.match(/\b[a-z]+(\.[a-zA-Z_]+){2,}\b/g) ?? [];
				expect(keys).toEqual([]);
			}
			expect(errors).toEqual([]);
			await ctx.close();
		}
	});
});
