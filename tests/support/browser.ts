import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { translate, type MessageKey } from '#lib/i18n/index.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { repoRoot, type TestServer } from './server.ts';

/**
 * What every browser journey shares: Debian's Chromium with the flags this machine needs,
 * sign-in through the real form, and an axe-core check (WCAG 2.1 A/AA) with a screenshot
 * under `test-results/` when it fails.
 */

export const CHROMIUM = process.env.KLOK_CHROMIUM || '/usr/bin/chromium';
/** `KLOK_SKIP_E2E=1` skips browser journeys knowingly (npm test prints a loud warning). */
export const skipE2e = ['1', 'true'].includes(process.env.KLOK_SKIP_E2E ?? '');
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const resultsDir = path.join(repoRoot, 'test-results');

/** Swedish text, the demo's language, for finding buttons and headings by their label. */
export const sv = (key: MessageKey, params?: Record<string, string | number>) => translate('sv', key, params);

/** Headless Debian Chromium; without the networking flags it tries to reach Google at start. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu']
	});
}

/** Helpers bound to one journey, whose name prefixes its screenshots. */
export function browserHelpers(journey: string) {
	async function screenshot(page: Page, name: string): Promise<string> {
		fs.mkdirSync(resultsDir, { recursive: true });
		const file = path.join(resultsDir, `${journey}-${name.replace(/[^\w.-]+/g, '_')}.png`);
		await page.screenshot({ path: file, fullPage: true }).catch(() => {});
		return file;
	}

	/** Asserts 0 axe violations on the current page, with a screenshot when not. */
	async function expectAccessible(page: Page, label: string): Promise<void> {
		const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
		const violations = result.violations.map(
			(v) =>
				`${v.id} (${v.impact}): ${v.help}\n` +
				v.nodes
					.map((n) => `      at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`)
					.join('\n')
		);
		if (violations.length > 0) await screenshot(page, `axe-${label}`);
		expect(violations, `axe violations on ${label} (${page.url()})`).toEqual([]);
	}

	/**
	 * Asserts 0 axe violations on a page whose context has JavaScript off. axe runs as a script
	 * in the page, which such a context never executes (the check would wait forever), so the
	 * page's HTML, scripts removed, is served at the same origin in a JavaScript-enabled page
	 * (same styles, same locale) and checked there.
	 */
	async function expectAccessibleWithoutJs(page: Page, label: string): Promise<void> {
		const html = (await page.content())
			.replace(/<script\b[\s\S]*?<\/script>/gi, '')
			.replace(/<link[^>]+rel="modulepreload"[^>]*>/gi, '');
		const browser = page.context().browser();
		if (!browser) throw new Error('expectAccessibleWithoutJs: the page has no browser');
		const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
		const context = await browser.newContext({ viewport });
		try {
			const copy = await context.newPage();
			const snapshotUrl = new URL('/__axe-snapshot', page.url()).href;
			await copy.route(snapshotUrl, (route) =>
				route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
			);
			await copy.goto(snapshotUrl, { waitUntil: 'load' });
			await expectAccessible(copy, label);
		} finally {
			await context.close();
		}
	}

	/**
	 * Opens a page, expects `status` (200) and checks it with axe. `scripts: false` for a context
	 * with JavaScript off (axe then checks a copy, see `expectAccessibleWithoutJs`).
	 */
	async function visit(
		page: Page,
		url: string,
		label: string,
		status = 200,
		options: { scripts?: boolean } = {}
	): Promise<void> {
		const scripts = options.scripts ?? true;
		const response = await page.goto(url, { waitUntil: scripts ? 'networkidle' : 'load' });
		expect(response?.status(), `${label}: ${url} answers ${status}`).toBe(status);
		if (scripts) await expectAccessible(page, label);
		else await expectAccessibleWithoutJs(page, label);
	}

	/** Signs in through the sign-in form with the demo password and waits for the home page. */
	async function signIn(page: Page, server: TestServer, email: string): Promise<void> {
		await page.goto(server.url + '/sign-in', { waitUntil: 'networkidle' });
		await page.locator('input[name="email"]').fill(email);
		await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
		await Promise.all([
			page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 }),
			page.click('main form button[type="submit"]')
		]);
	}

	return { screenshot, expectAccessible, expectAccessibleWithoutJs, visit, signIn };
}
