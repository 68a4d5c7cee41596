import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, startSmtpReceiver } from '#lib/server/mail/smtp-receiver.ts';
import { DEMO_PASSWORD, demoLogin, seedDemo } from '../support/demo.ts';
import { CHROMIUM, browserHelpers, launchChromium, skipE2e, sv } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Pages render on the server and work without JavaScript (SPEC §4):
 * - issue 15.5: the whole anonymous answering path on /s/<token> — the language switch,
 *   "save and continue later", every step and the final submit — with JavaScript disabled;
 *   the page's referrer policy must not make the browser send `Origin: null` (a 403).
 * - issue 15.6: what someone types into the sign-in form before the scripts have loaded is
 *   never wiped when the page hydrates (the scripts are held back by a route handler).
 */

const { expectAccessibleWithoutJs, screenshot, signIn, visit } = browserHelpers('no-js');

if (skipE2e) {
	describe('without JavaScript', () => {
		it.skip('SKIPPED because KLOK_SKIP_E2E=1', () => {});
	});
} else if (!fs.existsSync(CHROMIUM)) {
	describe('without JavaScript', () => {
		it('need Chromium', () => {
			throw new Error(`Chromium was not found at ${CHROMIUM}; set KLOK_SKIP_E2E=1 to skip knowingly.`);
		});
	});
} else
	describe('browser: without JavaScript, and before hydration', () => {
		let server: TestServer;
		let browser: Browser;
		let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;

		beforeAll(async () => {
			smtp = await startSmtpReceiver();
			[server, browser] = await Promise.all([
				startTestServer({
					env: { SMTP_URL: smtp.url },
					seed: async (db) => void (await seedDemo(db, { people: 120 }))
				}),
				launchChromium()
			]);
		});
		afterAll(async () => {
			await browser?.close();
			await server?.stop();
			await smtp?.close();
		});

		it('typing into the sign-in form before the scripts load is kept after hydration', async () => {
			for (let attempt = 0; attempt < 3; attempt++) {
				const context = await browser.newContext({ locale: 'sv-SE' });
				const page = await context.newPage();
				let release: () => void = () => {};
				const held = new Promise<void>((resolve) => (release = resolve));
				let scriptsAsked = 0;
				await page.route(
					(url) => url.pathname.startsWith('/_app/') && url.pathname.endsWith('.js'),
					async (route) => {
						scriptsAsked++;
						await held;
						await route.continue();
					}
				);
				try {
					await page.goto(server.url + '/sign-in', { waitUntil: 'domcontentloaded' });
					const email = page.locator('input[name="email"]');
					const password = page.locator('input[name="password"]');
					await email.pressSequentially(demoLogin('participant'));
					await password.pressSequentially(DEMO_PASSWORD);
					// Sign-in ships no JavaScript (issue 15.15), so nothing can wipe what was typed.
					expect(scriptsAsked, 'sign-in loads no scripts').toBe(0);
					release();
					// Hydration done: the app has started and made the form enhanced.
					await page.waitForLoadState('networkidle');
					await page.waitForTimeout(300);
					expect(await email.inputValue(), 'e-mail kept after hydration').toBe(demoLogin('participant'));
					expect(await password.inputValue(), 'password kept after hydration').toBe(DEMO_PASSWORD);
					await Promise.all([
						page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 }),
						page.click('main form button[type="submit"]')
					]);
				} finally {
					release();
					await context.close();
				}
			}
		});

		// axe never finishes on a page whose context has JavaScript off (it hung this journey for
		// minutes): such pages are checked through `visit(…, { scripts: false })`/`expectAccessibleWithoutJs`.
		it('an anonymous survey is answered from the link with JavaScript off: language, save for later, submit', async () => {
			const db = server.database.db;
			const participant = demoLogin('participant');
			const me = await db
				.selectFrom('people')
				.select(['unitId'])
				.where('email', '=', participant)
				.executeTakeFirstOrThrow();

			// The office builds a baseline survey from its template and sends it to the participant's unit.
			const office = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
			const officePage = await office.newPage();
			officePage.setDefaultTimeout(20_000);
			let surveyId: number;
			try {
				await signIn(officePage, server, demoLogin('office'));
				await visit(officePage, server.url + '/surveys/new', 'surveys-new');
				await officePage.getByLabel(sv('surveys.template.baseline')).check();
				await Promise.all([
					officePage.waitForURL(/\/surveys\/\d+\?notice=created/),
					officePage.getByRole('button', { name: sv('surveys.create') }).click()
				]);
				surveyId = Number(/\/surveys\/(\d+)/.exec(officePage.url())![1]);
				await officePage.goto(`${server.url}/surveys/${surveyId}/distribute`, { waitUntil: 'networkidle' });
				await officePage.locator('input[name="kind"][value="units"]').check();
				await officePage.locator('#unitId').selectOption(String(me.unitId));
				await officePage.getByRole('button', { name: sv('survey.distribute.send') }).click();
				await officePage.waitForLoadState('networkidle');
			} catch (e) {
				await screenshot(officePage, 'office-send-failure');
				throw e;
			} finally {
				await office.close();
			}

			const { url: link } = await mailedLink(smtp, participant, /^\/s\/[A-Za-z0-9_-]+$/, {
				timeoutMs: 15_000
			});
			const answerUrl = server.url + new URL(link).pathname;

			const context = await browser.newContext({
				locale: 'sv-SE',
				javaScriptEnabled: false,
				viewport: { width: 390, height: 844 }
			});
			const page = await context.newPage();
			page.setDefaultTimeout(20_000);
			const forbidden: string[] = [];
			page.on('response', (r) => {
				if (r.request().method() === 'POST' && r.status() === 403) forbidden.push(r.url());
			});
			const answerAllRadios = async (p: Page) => {
				const names = await p
					.locator('main input[type="radio"]')
					.evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
				for (const name of names) await p.locator(`main input[type="radio"][name="${name}"]`).first().check();
			};
			try {
				await visit(page, answerUrl, 'answer-no-js', 200, { scripts: false });

				// The language switch (a plain form post to /locale) comes back to the survey in English.
				await page.click('details.lang-switch > summary');
				await Promise.all([page.waitForLoadState('load'), page.click('form.locale-form button[value="en"]')]);
				expect(new URL(page.url()).pathname).toBe(new URL(answerUrl).pathname);
				expect(await page.locator('html').getAttribute('lang')).toBe('en');
				await page.click('details.lang-switch > summary');
				await Promise.all([page.waitForLoadState('load'), page.click('form.locale-form button[value="sv"]')]);
				expect(await page.locator('html').getAttribute('lang')).toBe('sv');

				// Save for later keeps the first page's answers.
				await answerAllRadios(page);
				await Promise.all([
					page.waitForLoadState('load'),
					page.getByRole('button', { name: sv('survey.answer.saveLater') }).click()
				]);
				expect(await page.locator('main').innerText()).toContain(sv('survey.answer.saved'));
				await expectAccessibleWithoutJs(page, 'answer-saved-no-js');

				for (let step = 0; step < 12; step++) {
					await answerAllRadios(page);
					const submit = page.getByRole('button', { name: sv('survey.answer.submit') });
					if ((await submit.count()) > 0) {
						await Promise.all([page.waitForLoadState('load'), submit.click()]);
						break;
					}
					await Promise.all([
						page.waitForLoadState('load'),
						page.getByRole('button', { name: sv('survey.answer.next') }).click()
					]);
				}
				expect(await page.locator('main').innerText()).toContain(sv('survey.answer.thanks'));
				await expectAccessibleWithoutJs(page, 'answer-thanks-no-js');

				// The used link again: a human heading ("already answered"), not "Error 409".
				await visit(page, answerUrl, 'answered-twice-no-js', 409, { scripts: false });
				expect(await page.locator('h1').innerText()).toBe(sv('ux.error.409'));
				expect(forbidden, 'no form post was refused').toEqual([]);
			} catch (e) {
				await screenshot(page, 'answer-no-js-failure');
				throw e;
			} finally {
				await context.close();
			}
			const responses = await db
				.selectFrom('surveyResponses')
				.select(['personId', 'submittedAt'])
				.where('surveyId', '=', surveyId)
				.execute();
			expect(responses.length).toBe(1);
			expect(responses[0]!.personId).toBeNull();
		});
	});
