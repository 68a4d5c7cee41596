import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { rebuildResultCounts } from '#lib/server/surveys/results.service.ts';
import { mailedLink, startSmtpReceiver } from '#lib/server/mail/smtp-receiver.ts';
import { demoLogin, seedDemo } from '../support/demo.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { CHROMIUM, browserHelpers, launchChromium, skipE2e, sv } from '../support/browser.ts';

/**
 * The survey journey in headless Chromium, through the real pages (Swedish, the demo's
 * language), with 0 axe-core violations on every page visited:
 * the office builds a survey from the baseline template (adds and reorders a question,
 * previews it), sends it to the participant's unit; the participant answers anonymously
 * through the mailed link on a narrow screen (360×740); with a few more answers from another
 * unit, the office sees the results, where the participant's one-person unit is suppressed.
 */

const { screenshot, expectAccessible, visit, signIn } = browserHelpers('surveys');

/** The unit of a person (by e-mail) and a different, bigger unit of the programme with staff. */
async function units(db: Db, email: string) {
	const person = await db
		.selectFrom('people')
		.select(['unitId', 'programmeId'])
		.where('emailNormalized', '=', email)
		.executeTakeFirstOrThrow();
	const other = await db
		.selectFrom('people')
		.select((eb) => ['unitId', eb.fn.countAll<number>().as('n')])
		.where('programmeId', '=', person.programmeId)
		.where('unitId', '!=', person.unitId!)
		.groupBy('unitId')
		.orderBy('n', 'desc')
		.executeTakeFirstOrThrow();
	return { participantUnit: person.unitId!, otherUnit: other.unitId! };
}

/**
 * Six more anonymous responses from another unit, answering the survey's first scale question
 * at the top of the scale (so the overall result and the big unit are shown, the small one not).
 */
async function seedOtherResponses(db: Db, surveyId: number, unitId: number) {
	const question = await db
		.selectFrom('surveyQuestions')
		.select(['id', 'type', 'optionsJson', 'scaleId'])
		.where('surveyId', '=', surveyId)
		.where('type', 'in', ['single', 'matrix'])
		.orderBy('sortOrder')
		.executeTakeFirstOrThrow();
	const scale = await db
		.selectFrom('surveyScales')
		.select('optionsJson')
		.where('id', '=', question.scaleId!)
		.executeTakeFirstOrThrow();
	const top = (JSON.parse(scale.optionsJson) as { value: number }[])[0]!.value;
	const items = question.type === 'matrix' ? (JSON.parse(question.optionsJson!) as unknown[]).length : 1;
	for (let i = 0; i < 6; i++) {
		const response = await db
			.insertInto('surveyResponses')
			.values({ surveyId, unitId, locale: 'sv', submittedAt: new Date().toISOString() })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('surveyAnswers')
			.values(
				Array.from({ length: items }, (_, item) => ({
					responseId: response.id,
					questionId: question.id,
					item,
					value: top
				}))
			)
			.execute();
	}
	await rebuildResultCounts(db, surveyId);
}

if (skipE2e) {
	describe('browser: survey journey', () => {
		it.skip('SKIPPED because KLOK_SKIP_E2E=1', () => {});
	});
} else if (!fs.existsSync(CHROMIUM)) {
	describe('browser: survey journey', () => {
		it('needs Chromium', () => {
			throw new Error(`Chromium was not found at ${CHROMIUM}; set KLOK_CHROMIUM or KLOK_SKIP_E2E=1.`);
		});
	});
} else
	describe('browser: survey journey', () => {
		let server: TestServer;
		let browser: Browser;
		let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
		const participant = demoLogin('participant');
		const office = demoLogin('office');

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

		async function as(
			email: string | null,
			steps: (page: Page) => Promise<void>,
			label: string,
			viewport = { width: 1280, height: 900 }
		) {
			const context = await browser.newContext({ locale: 'sv-SE', viewport });
			const page = await context.newPage();
			const pageErrors: string[] = [];
			page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
			try {
				if (email) await signIn(page, server, email);
				await steps(page);
			} catch (e) {
				console.error(
					`${label} failed at ${page.url()}; screenshot ${await screenshot(page, `${label}-failure`)}` +
						(pageErrors.length ? `\nbrowser errors:\n  ${pageErrors.join('\n  ')}` : '')
				);
				throw e;
			} finally {
				await context.close();
			}
		}

		it('office builds from a template and sends to a unit; a participant answers on a phone; results suppress a small unit', async () => {
			const db = server.database.db;
			const { participantUnit, otherUnit } = await units(db, participant);
			let surveyId = 0;

			await as(
				office,
				async (page) => {
					await visit(page, server.url + '/surveys', 'surveys');
					await page.getByRole('link', { name: sv('surveys.new') }).click();
					await page.waitForLoadState('networkidle');
					await expectAccessible(page, 'surveys-new');
					await page.getByLabel(sv('surveys.template.baseline')).check();
					await Promise.all([
						page.waitForURL(/\/surveys\/\d+\?notice=created/),
						page.getByRole('button', { name: sv('surveys.create') }).click()
					]);
					surveyId = Number(/\/surveys\/(\d+)/.exec(page.url())![1]);
					await page.waitForLoadState('networkidle');
					await expectAccessible(page, 'survey');

					// The builder: add a free-text question, move it up, check the order.
					await visit(page, `${server.url}/surveys/${surveyId}/edit`, 'survey-edit');
					const before = (
						await db.selectFrom('surveyQuestions').select('id').where('surveyId', '=', surveyId).execute()
					).length;
					await page.locator('#n-type').selectOption('text');
					// The programme's language (Swedish) first; the others are optional.
					await page.locator('#n-text-sv').fill('Vad förväntar du dig av programmet?');
					await page.locator('#n-sectionId').selectOption({ index: 1 });
					await page
						.getByRole('button', { name: sv('surveys.edit.add') })
						.first()
						.click();
					await page.waitForLoadState('networkidle');
					const questions = async () =>
						db
							.selectFrom('surveyQuestions')
							.select(['id', 'textJson', 'sortOrder'])
							.where('surveyId', '=', surveyId)
							.execute();
					await expect.poll(async () => (await questions()).length).toBe(before + 1);
					const added = (await questions()).find((q) => q.textJson.includes('förväntar'))!;
					const rowLabel = (await page.locator(`#q-${added.id} th`).innerText()).split('\n')[0]!.trim();
					await page
						.locator(`#q-${added.id}`)
						.getByRole('button', { name: sv('surveys.action.up') })
						.click();
					await page.waitForLoadState('networkidle');
					await expect
						.poll(async () => (await questions()).find((q) => q.id === added.id)!.sortOrder)
						.toBeLessThan(added.sortOrder);
					expect(rowLabel).toContain('Vad förväntar');
					await expectAccessible(page, 'survey-edit-after');

					await visit(page, `${server.url}/surveys/${surveyId}/preview?lang=en`, 'survey-preview');
					await visit(page, `${server.url}/surveys/bank`, 'survey-bank');

					// Send to the participant's unit (distribution page).
					await visit(page, `${server.url}/surveys/${surveyId}/distribute`, 'survey-distribute');
					await page.locator('input[name="kind"][value="units"]').check();
					await page.locator('#unitId').selectOption(String(participantUnit));
					await page.getByRole('button', { name: sv('survey.distribute.send') }).click();
					await page.waitForLoadState('networkidle');
					await expect
						.poll(
							async () =>
								(
									await db
										.selectFrom('surveyInvitations')
										.select('id')
										.where('surveyId', '=', surveyId)
										.execute()
								).length
						)
						.toBeGreaterThan(0);
					await expectAccessible(page, 'survey-distribute-after');
				},
				'office-builds-and-sends'
			);

			// The participant's link arrives by mail (the outbox only keeps it masked).
			const { url: link } = await mailedLink(smtp, participant, /^\/s\/[A-Za-z0-9_-]+$/, {
				timeoutMs: 15_000
			});
			const answerUrl = server.url + new URL(link).pathname;

			await as(
				null,
				async (page) => {
					await visit(page, answerUrl, 'answer');
					for (let step = 0; step < 10; step++) {
						// Answer every radio group with its first option, then go on.
						const names = await page
							.locator('main input[type="radio"]')
							.evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
						for (const name of names)
							await page.locator(`main input[type="radio"][name="${name}"]`).first().check();
						const width = await page.evaluate(() => document.documentElement.scrollWidth);
						expect(width, 'no sideways scrolling on a 360 px screen').toBeLessThanOrEqual(360);
						const submit = page.getByRole('button', { name: sv('survey.answer.submit') });
						if ((await submit.count()) > 0) {
							await submit.click();
							break;
						}
						await page.getByRole('button', { name: sv('survey.answer.next') }).click();
						await page.waitForLoadState('networkidle');
						await expectAccessible(page, `answer-step-${step + 1}`);
					}
					await page.waitForLoadState('networkidle');
					await expect.poll(() => page.locator('main').innerText()).toContain(sv('survey.answer.thanks'));
					await expectAccessible(page, 'answer-thanks');
				},
				'participant-answers',
				{ width: 360, height: 740 }
			);
			const responses = await db
				.selectFrom('surveyResponses')
				.select(['personId', 'unitId'])
				.where('surveyId', '=', surveyId)
				.execute();
			expect(responses).toEqual([{ personId: null, unitId: participantUnit }]);

			await seedOtherResponses(db, surveyId, otherUnit);

			await as(
				office,
				async (page) => {
					await visit(page, `${server.url}/surveys/${surveyId}/results`, 'results');
					await visit(page, `${server.url}/surveys/${surveyId}/results?by=unit`, 'results-by-unit');
					const main = await page.locator('main').innerText();
					// The participant's unit has one respondent: its cell is not shown, and a note says why.
					expect(main).toMatch(/Visas inte/);
				},
				'office-results'
			);
		});
	});
