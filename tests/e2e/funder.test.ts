import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGER_WORKPLACE_CODE } from '#lib/server/demo/structure.ts';
import { demoLogin, seedDemo } from '../support/demo.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { CHROMIUM, browserHelpers, launchChromium, skipE2e, sv } from '../support/browser.ts';

/**
 * The funder report journey in headless Chromium (Swedish, the demo's language), 0 axe-core
 * violations on every page visited:
 * 1. the office opens the demo's funder report from its home page, chooses one key survey
 *    question (the report then shows only it), freezes a version and downloads it as PDF and
 *    XLSX (both real files: %PDF and a workbook with the tables);
 * 2. the demo manager sees their workplace's budget and its follow-up visit.
 */

const { screenshot, expectAccessible, visit, signIn } = browserHelpers('funder');

if (skipE2e) {
	describe('browser: funder report', () => {
		it.skip('SKIPPED because KLOK_SKIP_E2E=1', () => {});
	});
} else if (!fs.existsSync(CHROMIUM)) {
	describe('browser: funder report', () => {
		it('needs Chromium', () => {
			throw new Error(`Chromium was not found at ${CHROMIUM}; set KLOK_CHROMIUM or KLOK_SKIP_E2E=1.`);
		});
	});
} else
	describe('browser: funder report', () => {
		let server: TestServer;
		let browser: Browser;
		const office = demoLogin('office');
		const manager = demoLogin('manager');

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

		async function as(email: string, steps: (page: Page) => Promise<void>, label: string) {
			const context = await browser.newContext({
				locale: 'sv-SE',
				viewport: { width: 1280, height: 900 },
				acceptDownloads: true
			});
			const page = await context.newPage();
			try {
				await signIn(page, server, email);
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

		async function download(page: Page, name: string): Promise<Buffer> {
			const [file] = await Promise.all([
				page.waitForEvent('download'),
				page.getByRole('link', { name }).click()
			]);
			return fs.readFileSync((await file.path())!);
		}

		it('office freezes the report and downloads PDF and XLSX; the manager sees budget and visit', async () => {
			const db = server.database.db;
			await as(
				office,
				async (page) => {
					await visit(page, `${server.url}/`, 'home');
					const report = await db
						.selectFrom('funderReports')
						.select(['id', 'title'])
						.executeTakeFirstOrThrow();
					await page.getByRole('link', { name: report.title }).click();
					await page.waitForURL(`**/reports/funder/${report.id}`);
					await expectAccessible(page, 'report-live');
					// The tables arrive rendered on the server; their styles must still be on the page:
					// at phone width each row is a stacked block, with the column heads hidden.
					await page.setViewportSize({ width: 390, height: 900 });
					const head = await page.locator('section[aria-labelledby="table-unit"] thead').boundingBox();
					expect(head?.height ?? 0).toBeLessThanOrEqual(1);
					await page.setViewportSize({ width: 1280, height: 900 });
					// The office chooses a key survey question: only it is the report's key result.
					await page.getByRole('link', { name: sv('funder.keyResults.link') }).click();
					await page.waitForURL(`**/reports/funder/${report.id}/key-results`);
					await expectAccessible(page, 'key-results');
					const box = page.locator('main input[type="checkbox"][name="key"]').last();
					const question = (await page.locator('main label.choice').last().innerText()).trim();
					await box.check();
					await page.getByRole('button', { name: sv('funder.keyResults.save') }).click();
					await page.waitForURL(`**/reports/funder/${report.id}?notice=saved`);
					const keys = page.locator('section[aria-labelledby="table-surveyResults"] table');
					expect(await keys.locator('tbody tr').count()).toBe(1);
					expect(await keys.locator('tbody').innerText()).toContain(question);
					await page.getByRole('button', { name: sv('funder.freeze') }).click();
					await page.waitForURL(/version=\d+/);
					await expectAccessible(page, 'report-frozen');
					const versions = await db
						.selectFrom('funderReportVersions')
						.select('id')
						.where('reportId', '=', report.id)
						.execute();
					expect(versions).toHaveLength(1);
					expect(page.url()).toContain(`version=${versions[0]!.id}`);
					const pdf = await download(page, sv('funder.download.pdf'));
					expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
					const xlsx = await download(page, sv('funder.download.xlsx'));
					const wb = new ExcelJS.Workbook();
					await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
					expect(wb.worksheets.length).toBeGreaterThan(4);
					await visit(page, `${server.url}/budget`, 'budget-office');
					await visit(page, `${server.url}/visits`, 'visits-office');
				},
				'office'
			);
			await as(
				manager,
				async (page) => {
					const unit = await db
						.selectFrom('units')
						.select('id')
						.where('code', '=', MANAGER_WORKPLACE_CODE)
						.executeTakeFirstOrThrow();
					await visit(page, `${server.url}/`, 'manager-home');
					// The menu offers the workplace's own budget and visits (not the programme's).
					expect(await page.locator(`a[href="/budget/workplaces/${unit.id}"]`).count()).toBeGreaterThan(0);
					expect(await page.locator(`a[href="/visits/workplaces/${unit.id}"]`).count()).toBeGreaterThan(0);
					await visit(page, `${server.url}/budget/workplaces/${unit.id}`, 'manager-budget');
					expect(await page.locator('main').innerText()).toMatch(/40\s000/);
					await visit(page, `${server.url}/visits/workplaces/${unit.id}`, 'manager-visits');
					await page.locator('main a[href^="/visits/"]').first().click();
					await page.waitForURL(/\/visits\/\d+$/);
					await expectAccessible(page, 'manager-visit');
					expect(await page.locator('main').innerText()).toContain(sv('visits.q.logbook'));
				},
				'manager'
			);
		}, 120_000);
	});
