import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '#lib/server/db/schema.ts';
import { demoLogin, seedDemo } from '../support/demo.ts';
import { CHROMIUM, browserHelpers, launchChromium, skipE2e } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 15.4: at 390 px (a phone) no page of any role's menu scrolls sideways: the document is
 * never wider than the viewport (only a deliberate wide data table may scroll, inside its own
 * region). Each page also has 0 axe violations at that width, and the menu starts collapsed.
 */

const ROLES: Role[] = ['admin', 'office', 'steering', 'manager', 'participant', 'evaluator', 'trainer'];
const PHONE = { width: 390, height: 844 };
const { expectAccessible, screenshot, signIn } = browserHelpers('phones');

/**
 * The detail pages a role reaches from its menu pages (issue 15, "every page of every role"):
 * the first link of each kind found in a visited page's main content is visited too, and so on
 * from there, once per kind.
 */
const DETAIL_PAGES: Record<string, RegExp> = {
	activity: /^\/activities\/\d+$/,
	session: /^\/catalogue\/sessions\/\d+$/,
	attendance: /^\/sessions\/\d+\/attendance$/,
	survey: /^\/surveys\/\d+$/,
	surveyResults: /^\/surveys\/\d+\/results$/,
	surveyRate: /^\/surveys\/\d+\/rate$/,
	surveyEdit: /^\/surveys\/\d+\/edit$/,
	person: /^\/people\/\d+$/,
	plan: /^\/plans\/\d+$/,
	process: /^\/processes\/\d+$/,
	post: /^\/posts\/\d+$/,
	budget: /^\/budget$/,
	budgetWorkplace: /^\/budget\/workplaces\/\d+$/,
	funderReport: /^\/reports\/funder\/\d+$/,
	cycle: /^\/cycle\/\d+$/,
	learningUnit: /^\/learning\/units\/\d+$/,
	workplacePlan: /^\/workplaces\/\d+\/plan$/,
	logbookEntry: /^\/logbook\/\d+$/,
	need: /^\/needs\/\d+$/,
	goal: /^\/goals\/\d+$/,
	network: /^\/networks\/\d+$/,
	visit: /^\/visits\/\d+$/,
	unit: /^\/units\/\d+$/
};

/** Kinds of detail page a role must have reached (so the walk cannot pass by finding none). */
const MUST_REACH: Partial<Record<Role, string[]>> = {
	office: ['activity', 'session', 'surveyResults', 'person', 'process', 'post', 'budget', 'funderReport'],
	admin: ['person'],
	manager: ['person'],
	participant: ['session'],
	evaluator: ['surveyResults'],
	trainer: ['attendance']
};

/** How far the document is wider than the viewport (0 when nothing scrolls sideways). */
function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

if (skipE2e) {
	describe('phones', () => {
		it.skip('SKIPPED because KLOK_SKIP_E2E=1: phone widths are untested', () => {});
	});
} else if (!fs.existsSync(CHROMIUM)) {
	describe('phones', () => {
		it('need Chromium', () => {
			throw new Error(`Chromium was not found at ${CHROMIUM}; set KLOK_SKIP_E2E=1 to skip knowingly.`);
		});
	});
} else
	describe('browser at 390 px: no page of any menu scrolls sideways', () => {
		let server: TestServer;
		let browser: Browser;

		beforeAll(async () => {
			[server, browser] = await Promise.all([
				startTestServer({ seed: async (db) => void (await seedDemo(db, { people: 120 })) }),
				launchChromium()
			]);
		});
		afterAll(async () => {
			await browser?.close();
			await server?.stop();
		});

		it.each(ROLES)(
			'%s: every page of the menu fits 390 px and is accessible',
			async (role) => {
				const context = await browser.newContext({ locale: 'sv-SE', viewport: PHONE });
				const page = await context.newPage();
				try {
					await signIn(page, server, demoLogin(role));
					// The menu is one collapsed disclosure on a phone: its links are not shown until opened.
					const menu = page.locator('nav.main-nav details.menu');
					expect(await menu.getAttribute('open'), `${role}: menu starts collapsed`).toBeNull();
					await page.locator('nav.main-nav .menu-toggle').click();
					expect(await menu.getAttribute('open')).not.toBeNull();

					const links = await page
						.locator('nav.main-nav a')
						.evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
					const paths = [...new Set([...links, '/settings', '/design'])];
					expect(paths.length, `${role} has a menu`).toBeGreaterThan(3);
					const failures: string[] = [];
					const queue = [...paths];
					const reached = new Map<string, string>();
					for (let pathname = queue.shift(); pathname !== undefined; pathname = queue.shift()) {
						const response = await page.goto(server.url + pathname, { waitUntil: 'networkidle' });
						expect(response?.status(), `${role}: ${pathname} answers 200`).toBe(200);
						const found = await page
							.locator('main a[href]')
							.evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
						for (const href of found) {
							const kind = Object.keys(DETAIL_PAGES).find((k) => DETAIL_PAGES[k]!.test(href));
							if (kind && !reached.has(kind) && !paths.includes(href)) {
								reached.set(kind, href);
								queue.push(href);
							}
						}
						const overflow = await horizontalOverflow(page);
						if (overflow > 0) {
							failures.push(`${pathname} is ${overflow} px wider than the screen`);
							await screenshot(page, `${role}${pathname.replace(/\//g, '-')}-overflow`);
						}
						await expectAccessible(page, `${role}${pathname.replace(/\//g, '-')}-390`);
					}
					expect(failures, `${role} at 390 px`).toEqual([]);
					const missing = (MUST_REACH[role] ?? []).filter(
						(k) => !reached.has(k) && !paths.some((p) => DETAIL_PAGES[k]!.test(p))
					);
					expect(missing, `${role} reached these detail pages: ${[...reached.values()].join(' ')}`).toEqual(
						[]
					);
				} finally {
					await context.close();
				}
				// The office's menu has ~20 pages, each checked by axe: more than the default 3 minutes on a busy machine.
			},
			600_000
		);
	});
