import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogin, seedDemo } from '../support/demo.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { CHROMIUM, browserHelpers, launchChromium, skipE2e, sv } from '../support/browser.ts';

/**
 * Open standards in headless Chromium (Swedish), 0 axe violations on every page: the office's
 * page with a refused and then a valid achievement, an achievement's credentials, revoking one,
 * the public verification page (no sign-in) before and after, and "My badges".
 */

const { screenshot, expectAccessible, visit, signIn } = browserHelpers('badges');

if (skipE2e) {
	describe('browser: badges', () => {
		it.skip('SKIPPED because KLOK_SKIP_E2E=1', () => {});
	});
} else if (!fs.existsSync(CHROMIUM)) {
	describe('browser: badges', () => {
		it('needs Chromium', () => {
			throw new Error(`Chromium was not found at ${CHROMIUM}; set KLOK_CHROMIUM or KLOK_SKIP_E2E=1.`);
		});
	});
} else
	describe('browser: badges', () => {
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

		it('office defines and revokes; anyone verifies', { timeout: 60_000 }, async () => {
			const db = server.database.db;
			const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
			const page: Page = await context.newPage();
			try {
				await signIn(page, server, demoLogin('office'));
				await visit(page, server.url + '/standards', 'standards');
				// Refused: no name; the message is at the field.
				await page.getByRole('button', { name: sv('badges.create') }).click();
				await expect.poll(() => page.locator('#name-error').textContent()).toBeTruthy();
				await expectAccessible(page, 'standards-errors');
				await page.locator('#name').fill('E2E-märke');
				await page.locator('#description').fill('Beskrivning');
				await page.locator('#criteria').fill('Kriterier');
				await page.locator('input[name="criteriaKind"][value="activity"]').check();
				await page.locator('#activityId').selectOption({ index: 1 });
				await page.getByRole('button', { name: sv('badges.create') }).click();
				await expect
					.poll(
						async () =>
							(
								await db
									.selectFrom('badgeAchievements')
									.select('id')
									.where('name', '=', 'E2E-märke')
									.execute()
							).length
					)
					.toBe(1);

				const credential = await db
					.selectFrom('badgeCredentials')
					.select(['publicId', 'achievementId'])
					.orderBy('id')
					.executeTakeFirstOrThrow();
				await visit(page, `${server.url}/standards/achievements/${credential.achievementId}`, 'achievement');
				await visit(page, server.url + '/badges', 'my-badges');

				const anonymous = await browser.newContext({ locale: 'sv-SE' });
				const publicPage = await anonymous.newPage();
				await visit(publicPage, `${server.url}/badges/verify/${credential.publicId}`, 'verify-valid');
				expect(await publicPage.locator('#verification').textContent()).toContain(sv('badges.verify.valid'));
				const json = await (await fetch(`${server.url}/badges/${credential.publicId}.json`)).json();
				expect(json.type).toBe('EnvelopedVerifiableCredential');

				await page.goto(`${server.url}/standards/achievements/${credential.achievementId}`);
				await page.locator(`form:has(input[value="${credential.publicId}"]) button`).click();
				await expect
					.poll(
						async () =>
							(
								await db
									.selectFrom('badgeCredentials')
									.select('revokedAt')
									.where('publicId', '=', credential.publicId)
									.executeTakeFirstOrThrow()
							).revokedAt
					)
					.toBeTruthy();
				await visit(publicPage, `${server.url}/badges/verify/${credential.publicId}`, 'verify-revoked');
				expect(await publicPage.locator('#verification').textContent()).toContain(
					sv('badges.verify.revoked')
				);
				await visit(publicPage, `${server.url}/badges/verify`, 'verify-paste');
				await anonymous.close();
			} catch (e) {
				console.error(`badges failed at ${page.url()}; screenshot ${await screenshot(page, 'failure')}`);
				throw e;
			} finally {
				await context.close();
			}
		});
	});
