import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { nowIso } from '#lib/server/db/sql.ts';
import { MANAGER_WORKPLACE_CODE } from '#lib/server/demo/structure.ts';
import { demoLogin, seedDemo } from '../support/demo.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { CHROMIUM, browserHelpers, launchChromium, skipE2e, sv } from '../support/browser.ts';

/**
 * The learning-at-work journey in headless Chromium, through the real pages (Swedish, the
 * demo's language), with 0 axe-core violations on every page visited:
 * 1. the participant fills the before part of a registration's 40-20-40 form (/cycle/[id]);
 * 2. the office marks attendance; the participant fills the after part;
 * 3. the participant writes two logbook entries and shares one with the evaluators (consent);
 * 4. the manager sees the unit's 40/20/40 split and process coverage (/learning → unit);
 * 5. the evaluator sees only entries shared with evaluators on /logbook/shared, never the
 *    private one, and loses the shared one as soon as the participant withdraws consent.
 */

const { screenshot, expectAccessible, visit, signIn } = browserHelpers('learning');

const SESSION_TITLE = 'E2E: Lärande samtal i praktiken';
const SHARED_TITLE = 'E2E: Det här tar jag med mig';
const PRIVATE_TITLE = 'E2E: Bara för mig';
const HOURS = 2.5;

/** A session of today that has started (so the after part may be completed), with the participant confirmed. */
async function seedJourney(db: Db, programmeId: number, participantEmail: string) {
	const now = nowIso();
	const hour = 3_600_000;
	const activity = await db
		.insertInto('activities')
		.values({
			programmeId,
			trackId: null,
			type: 'method_practice',
			learningForm: 'formal',
			title: SESSION_TITLE,
			descriptionHtml: '<p>Ett tillfälle för webbläsartestet.</p>',
			provider: 'KLURA',
			publishedAt: now,
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const session = await db
		.insertInto('sessions')
		.values({
			activityId: activity.id,
			startsAt: new Date(Date.now() - hour).toISOString(),
			endsAt: new Date(Date.now() + 2 * hour).toISOString(),
			place: 'Umeå stadsbibliotek',
			capacity: 10,
			hours: HOURS,
			requiresApproval: 0,
			status: 'open',
			confirmedCount: 1,
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const person = await db
		.selectFrom('people')
		.select('id')
		.where('emailNormalized', '=', participantEmail)
		.executeTakeFirstOrThrow();
	const registration = await db
		.insertInto('registrations')
		.values({
			sessionId: session.id,
			personId: person.id,
			status: 'confirmed',
			confirmedAt: now,
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const unit = await db
		.selectFrom('units')
		.select('id')
		.where('code', '=', MANAGER_WORKPLACE_CODE)
		.executeTakeFirstOrThrow();
	return { sessionId: session.id, registrationId: registration.id, unitId: unit.id };
}

const cycleForm = (db: Db, registrationId: number) =>
	db.selectFrom('cycleForms').selectAll().where('registrationId', '=', registrationId).executeTakeFirst();
const registrationStatus = async (db: Db, id: number) =>
	(await db.selectFrom('registrations').select('status').where('id', '=', id).executeTakeFirst())?.status;
const entryByTitle = (db: Db, title: string) =>
	db.selectFrom('logbookEntries').select('id').where('title', '=', title).executeTakeFirst();
const sharesOf = (db: Db, entryId: number) =>
	db.selectFrom('logbookShares').select('audience').where('entryId', '=', entryId).execute();

/** Entry ids linked from the table on /logbook/shared. */
async function listedEntryIds(page: Page): Promise<number[]> {
	const hrefs = await page
		.locator('main table tbody th a')
		.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
	return hrefs.map((h) => Number(h.split('/').pop())).sort((a, b) => a - b);
}

if (skipE2e) {
	describe('browser: learning journey', () => {
		it.skip('SKIPPED because KLOK_SKIP_E2E=1', () => {});
	});
} else if (!fs.existsSync(CHROMIUM)) {
	describe('browser: learning journey', () => {
		it('needs Chromium', () => {
			throw new Error(`Chromium was not found at ${CHROMIUM}; set KLOK_CHROMIUM or KLOK_SKIP_E2E=1.`);
		});
	});
} else
	describe('browser: learning journey', () => {
		let server: TestServer;
		let browser: Browser;
		let ids: Awaited<ReturnType<typeof seedJourney>>;
		const participant = demoLogin('participant');
		const manager = demoLogin('manager');
		const office = demoLogin('office');
		const evaluator = demoLogin('evaluator');

		beforeAll(async () => {
			[server, browser] = await Promise.all([
				startTestServer({
					seed: async (db) => {
						const { programmeId } = await seedDemo(db, { people: 120 });
						ids = await seedJourney(db, programmeId, participant);
					}
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
			const pageErrors: string[] = [];
			page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
			try {
				await signIn(page, server, email);
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

		it('before → attendance → after → logbook shared with evaluators → manager dashboard → withdrawal', async () => {
			const db = server.database.db;
			const cycleUrl = `${server.url}/cycle/${ids.registrationId}`;

			// 1. The before part.
			await as(
				participant,
				async (page) => {
					await visit(page, cycleUrl, 'cycle-before');
					await page.locator('#beforeNeed').fill('Jag vill bli tryggare i att leda samtal med kollegor.');
					await page.locator('#beforeGoal').fill('Leda ett lärande samtal på nästa arbetsplatsträff.');
					await page.locator('#beforeMotivation').fill('Det är ett mål i vår kompetensplan.');
					await page.locator('#hoursBefore').fill('2');
					await page.locator('input[name="beforeDone"]').check();
					await page.getByRole('button', { name: sv('cycle.saveBefore') }).click();
					await expect
						.poll(async () => (await cycleForm(db, ids.registrationId))?.beforeCompletedAt ?? null)
						.not.toBeNull();
					await page.waitForLoadState('networkidle');
					await expectAccessible(page, 'cycle-before-saved');
				},
				'participant-before'
			);

			// 2. The office marks attendance (the "during" part).
			await as(
				office,
				async (page) => {
					await visit(page, `${server.url}/sessions/${ids.sessionId}/attendance`, 'attendance');
					await page.locator('tr', { hasText: 'Elin Sjöberg' }).getByRole('checkbox').check();
					await page.getByRole('button', { name: sv('attendance.save') }).click();
					await expect.poll(() => registrationStatus(db, ids.registrationId)).toBe('attended');
					await page.waitForLoadState('networkidle');
					await expectAccessible(page, 'attendance-saved');
				},
				'office-attendance'
			);

			// 3. The after part, then two logbook entries; one is shared with the evaluators.
			let sharedId = 0;
			let privateId = 0;
			await as(
				participant,
				async (page) => {
					await visit(page, cycleUrl, 'cycle-after');
					await page.locator('#afterLearned').fill('Att lyssna färdigt innan jag svarar.');
					await page.locator('#afterApply').fill('Jag provar på arbetsplatsträffen nästa vecka.');
					await page.locator('#afterSharedOn').fill(new Date().toISOString().slice(0, 10));
					await page.locator('#afterSharedWhere').fill('Arbetsplatsträff');
					await page.locator('#hoursAfter').fill('2');
					await page.locator('input[name="afterDone"]').check();
					await page.getByRole('button', { name: sv('cycle.saveAfter') }).click();
					await expect
						.poll(async () => (await cycleForm(db, ids.registrationId))?.afterCompletedAt ?? null)
						.not.toBeNull();
					await page.waitForLoadState('networkidle');
					await expectAccessible(page, 'cycle-after-saved');

					for (const [title, body] of [
						[PRIVATE_TITLE, 'Det här vill jag inte visa någon ännu.'],
						[SHARED_TITLE, 'Samtalet blev bättre när jag vågade vänta in de andra.']
					] as const) {
						await visit(page, `${server.url}/logbook/new?session=${ids.sessionId}`, `logbook-new-${title}`);
						await page.locator('#title').fill(title);
						await page.locator('#body').fill(body);
						expect(await page.locator('#sessionId').inputValue()).toBe(String(ids.sessionId));
						await Promise.all([
							page.waitForURL(/\/logbook\/\d+\?notice=created/),
							page.getByRole('button', { name: sv('logbook.new.submit') }).click()
						]);
						await page.waitForLoadState('networkidle');
						await expectAccessible(page, `logbook-entry-${title}`);
					}
					sharedId = (await entryByTitle(db, SHARED_TITLE))!.id;
					privateId = (await entryByTitle(db, PRIVATE_TITLE))!.id;

					// Sharing without ticking the consent text is refused with a message at the field.
					await visit(page, `${server.url}/logbook/${sharedId}`, 'logbook-entry');
					const audience = sv('logbook.audience.evaluators');
					await page.getByRole('button', { name: sv('logbook.share.button', { audience }) }).click();
					await expect
						.poll(() => page.locator('#consent-evaluators-error').textContent())
						.toBe(sv('logbook.error.consentRequired'));
					expect(await sharesOf(db, sharedId)).toEqual([]);
					await expectAccessible(page, 'logbook-share-refused');

					await page.locator('#consent-evaluators').check();
					await page.getByRole('button', { name: sv('logbook.share.button', { audience }) }).click();
					await expect.poll(() => sharesOf(db, sharedId)).toEqual([{ audience: 'evaluators' }]);
					await page.waitForLoadState('networkidle');
					await expectAccessible(page, 'logbook-shared');
					await visit(page, `${server.url}/logbook`, 'logbook-list');
				},
				'participant-after-and-logbook'
			);
			const form = (await cycleForm(db, ids.registrationId))!;
			expect([Number(form.hoursBefore), Number(form.hoursAfter)]).toEqual([2, 2]);

			// 4. The manager sees the unit's split and coverage.
			await as(
				manager,
				async (page) => {
					await visit(page, `${server.url}/learning`, 'learning');
					await page.locator(`main a[href="/learning/units/${ids.unitId}"]`).click();
					await page.waitForURL(new RegExp(`/learning/units/${ids.unitId}`));
					await page.waitForLoadState('networkidle');
					await expectAccessible(page, 'learning-unit');
					const main = await page.locator('main').innerText();
					expect(main).toContain(sv('dashboards.split.heading'));
					expect(main).toContain(sv('processes.coverage.heading'));
					expect(main).toContain('Elin Sjöberg');
					// The manager was not given the entry: it stays out of their list.
					await visit(page, `${server.url}/logbook/shared`, 'manager-logbook-shared');
					expect(await listedEntryIds(page)).not.toContain(sharedId);
				},
				'manager-dashboard'
			);

			// 5. The evaluator sees exactly the entries shared with evaluators, never the private one.
			const sharedWithEvaluators = async () =>
				(
					await db
						.selectFrom('logbookShares')
						.select('entryId')
						.where('audience', '=', 'evaluators')
						.orderBy('entryId')
						.execute()
				).map((r) => r.entryId);
			await as(
				evaluator,
				async (page) => {
					await visit(page, `${server.url}/logbook/shared`, 'evaluator-shared');
					const listed = await listedEntryIds(page);
					expect(listed).toEqual(await sharedWithEvaluators());
					expect(listed).toContain(sharedId);
					expect(listed).not.toContain(privateId);
					await visit(page, `${server.url}/logbook/${sharedId}`, 'evaluator-entry');
					expect(await page.locator('main').innerText()).toContain('vågade vänta in');
					await visit(page, `${server.url}/logbook/${privateId}`, 'evaluator-private-404', 404);
				},
				'evaluator-sees-shared'
			);

			// The participant withdraws consent …
			await as(
				participant,
				async (page) => {
					await visit(page, `${server.url}/logbook/${sharedId}`, 'logbook-before-withdraw');
					const audience = sv('logbook.audience.evaluators');
					await page.getByRole('button', { name: sv('logbook.withdraw.button', { audience }) }).click();
					await expect.poll(() => sharesOf(db, sharedId)).toEqual([]);
					await page.waitForLoadState('networkidle');
					await expectAccessible(page, 'logbook-withdrawn');
					const history = await page.locator('main table').last().innerText();
					expect(history).toContain(sv('logbook.history.grant'));
					expect(history).toContain(sv('logbook.history.withdraw'));
				},
				'participant-withdraws'
			);

			// … and the evaluator loses the entry at once.
			await as(
				evaluator,
				async (page) => {
					await visit(page, `${server.url}/logbook/shared`, 'evaluator-after-withdraw');
					expect(await listedEntryIds(page)).not.toContain(sharedId);
					await visit(page, `${server.url}/logbook/${sharedId}`, 'evaluator-withdrawn-404', 404);
				},
				'evaluator-after-withdrawal'
			);
		});
	});
