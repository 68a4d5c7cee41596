import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoLogin, seedDemo } from '../support/demo.ts';
import { CHROMIUM, WCAG, launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * In headless Chromium: the privacy pages (my data with its live progress, the erasure
 * preview, retention rules, the filtered audit log) have 0 axe violations and do not scroll
 * sideways at 390 px; the export becomes downloadable without reloading the page.
 */
const skip = ['1', 'true'].includes(process.env.KLOK_SKIP_E2E ?? '') || !fs.existsSync(CHROMIUM);

async function expectAccessible(page: Page, label: string): Promise<void> {
	const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	const violations = result.violations.map(
		(v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(violations, `axe violations on ${label}`).toEqual([]);
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow, `${label} scrolls sideways`).toBeLessThanOrEqual(0);
}

async function signIn(page: Page, server: TestServer, email: string): Promise<void> {
	await page.goto(server.url + '/sign-in', { waitUntil: 'networkidle' });
	await page.locator('input[name="email"]').fill(email);
	await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
	await Promise.all([
		page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 }),
		page.click('main form button[type="submit"]')
	]);
}

describe.skipIf(skip)('browser: privacy pages', () => {
	let server: TestServer;
	let browser: Browser;
	let participantId: number;

	beforeAll(async () => {
		[server, browser] = await Promise.all([
			startTestServer({ seed: async (db) => void (await seedDemo(db, { people: 60 })) }),
			launchChromium()
		]);
		participantId = (
			await server.database.db
				.selectFrom('people')
				.select('id')
				.where('email', '=', 'participant@demo.klok')
				.executeTakeFirstOrThrow()
		).id;
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('my data: asks, follows the progress and offers the download (390 px)', async () => {
		const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 390, height: 844 } });
		const page = await context.newPage();
		try {
			await signIn(page, server, demoLogin('participant'));
			await page.goto(server.url + '/settings/my-data', { waitUntil: 'networkidle' });
			await expectAccessible(page, 'my data');
			await page.click('main form button[type="submit"]');
			const link = page.locator('a[href^="/settings/my-data/download?key="]');
			await link.waitFor({ timeout: 20_000 });
			await expectAccessible(page, 'my data, ready');
			const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
			expect(download.suggestedFilename()).toMatch(/^klok-my-data-\d+\.zip$/);
		} finally {
			await context.close();
		}
	});

	it('office: erasure preview, retention rules and the filtered audit log', async () => {
		const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 390, height: 844 } });
		const page = await context.newPage();
		try {
			await signIn(page, server, demoLogin('office'));
			await page.goto(server.url + `/people/${participantId}/erase`, { waitUntil: 'networkidle' });
			expect(await page.locator('main table caption').innerText()).toContain('tabell för tabell');
			await page.locator('#confirmation').fill('någon annan');
			await page.click('main form button[type="submit"]');
			await page.locator('#confirmation-error').waitFor();
			await expectAccessible(page, 'erasure preview with an error');
			await page.goto(server.url + '/privacy', { waitUntil: 'networkidle' });
			await expectAccessible(page, 'retention');
			await page.goto(server.url + '/audit?action=signIn&from=2026-01-01', { waitUntil: 'networkidle' });
			expect(await page.locator('main').innerText()).toContain('Loggade in');
			await expectAccessible(page, 'audit filtered');
		} finally {
			await context.close();
		}
	});
});
