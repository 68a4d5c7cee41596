import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogin, seedDemo } from '../support/demo.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { CHROMIUM, browserHelpers, launchChromium, skipE2e, sv } from '../support/browser.ts';

/**
 * The goals journey in headless Chromium (Swedish, the demo's language), 0 axe-core violations
 * on every page visited:
 * 1. the office defines a share goal (a survey question, 80 % answering "Ja") and a count goal
 *    ("networks started", a source the networks domain registers at start);
 * 2. answers and networks are inserted: both goals turn achieved;
 * 3. the office overrides the count goal with a reason (kept in its history);
 * 4. the steering group sees the dashboard with both goals and the budget card.
 */

const { screenshot, expectAccessible, visit, signIn } = browserHelpers('goals');

if (skipE2e) {
	describe('browser: goals', () => {
		it.skip('SKIPPED because KLOK_SKIP_E2E=1', () => {});
	});
} else if (!fs.existsSync(CHROMIUM)) {
	describe('browser: goals', () => {
		it('needs Chromium', () => {
			throw new Error(`Chromium was not found at ${CHROMIUM}; set KLOK_CHROMIUM or KLOK_SKIP_E2E=1.`);
		});
	});
} else
	describe('browser: goals', () => {
		let server: TestServer;
		let browser: Browser;
		let programmeId = 0;
		const office = demoLogin('office');
		const steering = demoLogin('steering');
		const SHARE_GOAL = 'Minst 80 % av deltagarna i e2e-enkäten hade nytta';
		const COUNT_GOAL = 'Två nya nätverk startar (e2e)';
		const REASON = 'Nätverken har startat men ännu inte haft något möte';

		beforeAll(async () => {
			[server, browser] = await Promise.all([
				startTestServer({
					seed: async (db) => void ({ programmeId } = await seedDemo(db, { people: 120 }))
				}),
				launchChromium()
			]);
		});
		afterAll(async () => {
			await browser?.close();
			await server?.stop();
		});

		async function as(email: string, steps: (page: Page) => Promise<void>, label: string) {
			const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
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

		/** A closed programme survey with one yes/no question and its result counts (2 yes, 8 no). */
		async function seedSurvey(): Promise<number> {
			const db = server.database.db;
			const now = new Date().toISOString();
			const surveyId = (
				await db
					.insertInto('surveys')
					.values({
						programmeId,
						kind: 'programme',
						titleJson: JSON.stringify({ sv: 'E2e-enkät' }),
						anonymous: 1,
						status: 'closed',
						updatedAt: now
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
			const questionId = (
				await db
					.insertInto('surveyQuestions')
					.values({
						surveyId,
						sectionId: null,
						bankQuestionId: null,
						type: 'single',
						textJson: JSON.stringify({ sv: 'Hade du nytta av insatsen?' }),
						scaleId: null,
						optionsJson: JSON.stringify([
							{ value: 1, labels: { sv: 'Ja' } },
							{ value: 2, labels: { sv: 'Nej' } }
						]),
						maxPicks: null,
						required: 1,
						conditionJson: null,
						sortOrder: 1
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
			await addCounts(surveyId, questionId, { 1: 2, 2: 8 });
			return questionId;
		}
		/** Answers as the results module keeps them: counts per value (dimension "all"). */
		async function addCounts(surveyId: number, questionId: number, counts: Record<number, number>) {
			for (const [value, n] of Object.entries(counts))
				await server.database.db
					.insertInto('surveyResultCounts')
					.values({
						surveyId,
						dimension: 'all',
						groupKey: '',
						kind: 'v',
						questionId,
						item: 0,
						value: Number(value),
						n
					})
					.execute();
		}
		const badge = async (page: Page) => (await page.locator('main .badge').first().innerText()).trim();

		async function defineGoal(
			page: Page,
			fill: (page: Page) => Promise<void>,
			label: string
		): Promise<string> {
			await visit(page, `${server.url}/goals/new?programme=${programmeId}`, `${label}-new`);
			await page.locator('select[name="kind"]').selectOption('measurable');
			await fill(page);
			await Promise.all([
				page.waitForURL(/\/goals\/\d+\?notice=created/),
				page.getByRole('button', { name: sv('goals.save') }).click()
			]);
			await expectAccessible(page, `${label}-created`);
			return new URL(page.url()).pathname;
		}

		it('office defines a share and a count goal, data moves them, an override; steering sees the dashboard', async () => {
			const db = server.database.db;
			const questionId = await seedSurvey();
			const surveyId = (
				await db
					.selectFrom('surveyQuestions')
					.select('surveyId')
					.where('id', '=', questionId)
					.executeTakeFirstOrThrow()
			).surveyId;
			const today = new Date().toISOString().slice(0, 10);
			const started = async () =>
				(
					await db
						.selectFrom('networks')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.where('programmeId', '=', programmeId)
						.where('startsOn', '<=', today)
						.executeTakeFirstOrThrow()
				).n;
			const before = Number(await started());
			let shareGoal = '';
			let countGoal = '';

			await as(
				office,
				async (page) => {
					await visit(page, `${server.url}/goals?programme=${programmeId}`, 'goals-office');
					shareGoal = await defineGoal(
						page,
						async (p) => {
							await p.locator('#text_sv').fill(SHARE_GOAL);
							await p.locator('#examinedBy').fill('Enkät');
							await p.locator('select[name="indicatorKind"]').selectOption('share');
							await p.locator('#target').fill('80');
							await p.locator('select[name="questionId"]').selectOption(String(questionId));
							await p.locator('#values').fill('1');
						},
						'share'
					);
					// 2 of 10 answered yes: 20 % against 80 %.
					expect(await badge(page)).toBe(sv('goals.status.notAchieved'));
					countGoal = await defineGoal(
						page,
						async (p) => {
							await p.locator('#text_sv').fill(COUNT_GOAL);
							await p.locator('select[name="indicatorKind"]').selectOption('count');
							await p.locator('#target').fill(String(before + 2));
							await p
								.locator('select[name="countSource"]')
								.selectOption({ label: sv('goals.countSource.networksStarted') });
						},
						'count'
					);
					expect(await badge(page)).not.toBe(sv('goals.status.achieved'));

					// The data changes: 40 more yes (42 of 50 = 84 %) and two networks started today.
					await db
						.updateTable('surveyResultCounts')
						.set((eb) => ({ n: eb('n', '+', 40) }))
						.where('surveyId', '=', surveyId)
						.where('questionId', '=', questionId)
						.where('value', '=', 1)
						.execute();
					for (const name of ['E2e-nätverk A', 'E2e-nätverk B'])
						await db
							.insertInto('networks')
							.values({
								programmeId,
								name,
								startsOn: today,
								contactPersonId: null,
								createdBy: null,
								updatedAt: new Date().toISOString()
							})
							.execute();
					await visit(page, `${server.url}${shareGoal}`, 'share-achieved');
					expect(await badge(page)).toBe(sv('goals.status.achieved'));
					expect(await page.locator('main').innerText()).toContain('84');
					await visit(page, `${server.url}${countGoal}`, 'count-achieved');
					expect(await badge(page)).toBe(sv('goals.status.achieved'));

					// The office overrides the count goal with a reason.
					await page.locator('#override-status').selectOption('good');
					await page.locator('#override-reason').fill(REASON);
					await page.getByRole('button', { name: sv('goals.override.save') }).click();
					await expect.poll(() => badge(page)).toBe(sv('goals.status.good'));
					await visit(page, `${server.url}${countGoal}`, 'count-overridden');
					expect(await badge(page)).toBe(sv('goals.status.good'));
					expect(await page.locator('main').innerText()).toContain(REASON);
				},
				'office'
			);

			await as(
				steering,
				async (page) => {
					await visit(page, `${server.url}/steering?programme=${programmeId}`, 'steering');
					const main = await page.locator('main').innerText();
					expect(main).toContain(SHARE_GOAL);
					expect(main).toContain(COUNT_GOAL);
					const budget = await page.locator('section[aria-labelledby="budget"]').innerText();
					expect(budget).toContain(sv('steering.budget.title'));
					expect(budget).toContain(sv('funder.budget.planned'));
					expect(budget).toContain(sv('funder.budget.actual'));
					await visit(page, `${server.url}/goals?programme=${programmeId}`, 'goals-steering');
				},
				'steering'
			);
		}, 60_000);
	});
