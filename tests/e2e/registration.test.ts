import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { nowIso } from '#lib/server/db/sql.ts';
import { startSmtpReceiver } from '#lib/server/mail/smtp-receiver.ts';
import { demoLogin, seedDemo } from '../support/demo.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { CHROMIUM, browserHelpers, launchChromium, skipE2e, sv } from '../support/browser.ts';

/**
 * The registration journey in headless Chromium, through the real pages (Swedish, the demo's
 * language), with 0 axe-core violations on every page visited:
 * 1. the participant requests a place on a session that needs approval (/catalogue → session page),
 *    the manager approves it (/approvals), the office marks attendance
 *    (/sessions/[id]/attendance), and the participant sees the hours (/my);
 * 2. a full session puts the next person (the manager, registering themselves) on the
 *    waitlist; the participant cancels on /my, the manager moves up, and the "you have a seat"
 *    mail reaches a real SMTP server.
 */

const { screenshot, expectAccessible, visit, signIn } = browserHelpers('registration');

const APPROVAL_TITLE = 'E2E: Metodträning med godkännande';
const FULL_TITLE = 'E2E: Fullbokad verkstad';
const HOURS = 2.5;

/** Two sessions of our own on top of the demo: one needing approval, one with a single seat. */
async function seedJourney(db: Db, programmeId: number) {
	const now = nowIso();
	const hour = 3_600_000;
	const activity = (title: string) =>
		db
			.insertInto('activities')
			.values({
				programmeId,
				trackId: null,
				type: 'method_practice',
				learningForm: 'formal',
				title,
				descriptionHtml: '<p>Ett tillfälle för webbläsartestet.</p>',
				provider: 'KLURA',
				cost: null,
				publishedAt: now,
				archivedAt: null,
				createdBy: null,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
	const session = async (
		activityId: number,
		values: { startsIn: number; capacity: number; approval: boolean }
	) =>
		(
			await db
				.insertInto('sessions')
				.values({
					activityId,
					title: null,
					startsAt: new Date(Date.now() + values.startsIn * hour).toISOString(),
					endsAt: new Date(Date.now() + (values.startsIn + 3) * hour).toISOString(),
					place: 'Umeå stadsbibliotek',
					onlineUrl: null,
					capacity: values.capacity,
					hours: HOURS,
					requiresApproval: values.approval ? 1 : 0,
					registrationOpensAt: null,
					registrationClosesAt: null,
					status: 'open',
					recordingUrl: null,
					cancelledAt: null,
					cancelReason: null,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	// The approval session starts in two hours (the catalogue closes registration at the start);
	// the office marks attendance once it has started, as it would at the door.
	const approvalSession = await session((await activity(APPROVAL_TITLE)).id, {
		startsIn: 2,
		capacity: 10,
		approval: true
	});
	const fullSession = await session((await activity(FULL_TITLE)).id, {
		startsIn: 24 * 7,
		capacity: 1,
		approval: false
	});
	return { approvalSession, fullSession };
}

async function registrationOf(db: Db, sessionId: number, email: string) {
	return db
		.selectFrom('registrations')
		.innerJoin('people', 'people.id', 'registrations.personId')
		.select([
			'registrations.id',
			'registrations.status',
			'registrations.waitlistSeq',
			'registrations.hoursCredited'
		])
		.where('registrations.sessionId', '=', sessionId)
		.where('people.emailNormalized', '=', email)
		.executeTakeFirst();
}

/** Clicks the session page's register button (whatever its wording for this session's state). */
async function registerOnSessionPage(page: Page, server: TestServer, sessionId: number, label: string) {
	await visit(page, `${server.url}/catalogue/sessions/${sessionId}`, label);
	const names = (
		[
			'catalogue.session.register',
			'catalogue.session.registerRequest',
			'catalogue.session.registerWaitlist'
		] as const
	).map((k) => sv(k));
	const button = page.getByRole('button', { name: new RegExp(`^(${names.join('|')})$`) });
	await expect.poll(() => button.count(), { message: `a register button on ${label}` }).toBeGreaterThan(0);
	await button.first().click();
	await page.waitForLoadState('networkidle');
	await expectAccessible(page, `${label}-after`);
}

if (skipE2e) {
	describe('browser: registration journey', () => {
		it.skip('SKIPPED because KLOK_SKIP_E2E=1', () => {});
	});
} else if (!fs.existsSync(CHROMIUM)) {
	describe('browser: registration journey', () => {
		it('needs Chromium', () => {
			throw new Error(`Chromium was not found at ${CHROMIUM}; set KLOK_CHROMIUM or KLOK_SKIP_E2E=1.`);
		});
	});
} else
	describe('browser: registration journey', () => {
		let server: TestServer;
		let browser: Browser;
		let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
		let ids: Awaited<ReturnType<typeof seedJourney>>;
		const participant = demoLogin('participant');
		const manager = demoLogin('manager');
		const office = demoLogin('office');

		beforeAll(async () => {
			smtp = await startSmtpReceiver();
			[server, browser] = await Promise.all([
				startTestServer({
					env: { SMTP_URL: smtp.url },
					seed: async (db) => {
						const { programmeId } = await seedDemo(db, { people: 120 });
						ids = await seedJourney(db, programmeId);
					}
				}),
				launchChromium()
			]);
		});
		afterAll(async () => {
			await browser?.close();
			await server?.stop();
			await smtp?.close();
		});

		async function as(email: string, steps: (page: Page) => Promise<void>, label: string) {
			const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
			const page = await context.newPage();
			// Script errors in the browser (e.g. a page that fails to hydrate) explain blank pages.
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

		it('request → manager approves → office marks attendance → participant sees the hours', async () => {
			const db = server.database.db;
			const sessionId = ids.approvalSession;

			await as(
				participant,
				async (page) => {
					await visit(page, server.url + '/catalogue', 'catalogue');
					await registerOnSessionPage(page, server, sessionId, 'session-approval');
					await expect
						.poll(async () => (await registrationOf(db, sessionId, participant))?.status)
						.toBe('requested');
				},
				'participant-request'
			);

			await as(
				manager,
				async (page) => {
					await visit(page, server.url + '/approvals', 'approvals');
					const row = page.locator('tr', { hasText: APPROVAL_TITLE }).filter({ hasText: 'Elin Sjöberg' });
					await row
						.getByRole('button', { name: sv('registrations.approvals.approve'), exact: false })
						.first()
						.click();
					await expect
						.poll(async () => (await registrationOf(db, sessionId, participant))?.status)
						.toBe('confirmed');
					await page.waitForLoadState('networkidle');
					await expectAccessible(page, 'approvals-after');
				},
				'manager-approve'
			);

			// Attendance is marked once the session has started (issue 15.11): the clock moves on.
			await db
				.updateTable('sessions')
				.set({ startsAt: new Date(Date.now() - 60_000).toISOString() })
				.where('id', '=', sessionId)
				.execute();
			await as(
				office,
				async (page) => {
					await visit(page, `${server.url}/sessions/${sessionId}/attendance`, 'attendance');
					await page.locator('tr', { hasText: 'Elin Sjöberg' }).getByRole('checkbox').check();
					await page.getByRole('button', { name: sv('attendance.save') }).click();
					await expect
						.poll(async () => (await registrationOf(db, sessionId, participant))?.status)
						.toBe('attended');
					await page.waitForLoadState('networkidle');
					await expectAccessible(page, 'attendance-after');
				},
				'office-attendance'
			);
			expect(Number((await registrationOf(db, sessionId, participant))?.hoursCredited)).toBe(HOURS);

			await as(
				participant,
				async (page) => {
					await visit(page, server.url + '/my', 'my');
					const total = await db
						.selectFrom('registrations')
						.innerJoin('people', 'people.id', 'registrations.personId')
						.select((eb) => eb.fn.sum<number>('registrations.hoursCredited').as('hours'))
						.where('people.emailNormalized', '=', participant)
						.where('registrations.status', '=', 'attended')
						.executeTakeFirstOrThrow();
					const main = await page.locator('main').innerText();
					const fmt = (n: number) => new Intl.NumberFormat('sv-SE').format(n);
					expect(main).toContain(sv('registrations.my.totalHours', { hours: fmt(Number(total.hours)) }));
					expect(await page.locator('tr', { hasText: APPROVAL_TITLE }).innerText()).toContain(fmt(HOURS));
				},
				'participant-hours'
			);
		});

		it('a full session waitlists the next person; a cancellation moves them up and mails them', async () => {
			const db = server.database.db;
			const sessionId = ids.fullSession;

			await as(
				participant,
				async (page) => {
					await registerOnSessionPage(page, server, sessionId, 'session-full-first');
					await expect
						.poll(async () => (await registrationOf(db, sessionId, participant))?.status)
						.toBe('confirmed');
				},
				'participant-takes-last-seat'
			);

			await as(
				manager,
				async (page) => {
					await registerOnSessionPage(page, server, sessionId, 'session-full-waitlist');
					await expect
						.poll(async () => (await registrationOf(db, sessionId, manager))?.status)
						.toBe('waitlisted');
					expect((await registrationOf(db, sessionId, manager))?.waitlistSeq).toBe(1);
				},
				'manager-waitlisted'
			);

			const mailsBefore = smtp.messages.filter((m) => m.to.includes(manager)).length;
			await as(
				participant,
				async (page) => {
					await visit(page, server.url + '/my', 'my-before-cancel');
					// Cancelling asks first, stating the rule (issue 15.14); nothing changes until confirmed.
					await page.locator('tr', { hasText: FULL_TITLE }).locator('a[href*="?cancel="]').first().click();
					await page.waitForURL(/\/my\?cancel=\d+/);
					expect((await registrationOf(db, sessionId, participant))?.status).toBe('confirmed');
					await expectAccessible(page, 'my-confirm-cancel');
					await page.getByRole('button', { name: sv('registrations.cancel.confirm') }).click();
					await expect
						.poll(async () => (await registrationOf(db, sessionId, participant))?.status)
						.toBe('cancelled');
					await page.waitForLoadState('networkidle');
					await expectAccessible(page, 'my-after-cancel');
				},
				'participant-cancels'
			);

			await expect.poll(async () => (await registrationOf(db, sessionId, manager))?.status).toBe('confirmed');
			// The outbox worker renders and sends the queued message just after the commit.
			await expect
				.poll(
					async () =>
						(
							await db
								.selectFrom('outbox')
								.select(['kind', 'toAddress', 'subject'])
								.where('toAddress', '=', manager)
								.where('kind', '=', 'registration.promoted')
								.execute()
						).length,
					{ message: 'the moved-up person is told' }
				)
				.toBe(1);
			await expect
				.poll(() => smtp.messages.filter((m) => m.to.includes(manager)).length, {
					timeout: 15_000,
					message: 'the "you have a seat" mail reaches the SMTP server'
				})
				.toBeGreaterThan(mailsBefore);
		});
	});
