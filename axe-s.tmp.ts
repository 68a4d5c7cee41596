import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { createDb } from '#lib/server/db/database.ts';
import { hashToken } from '#lib/server/surveys/distribution.service.ts';
const B = 'http://127.0.0.1:5199';
const db = createDb({ sqlitePath: '/tmp/klok-s.sqlite' });
const s = await db.selectFrom('surveys').select(['id']).where('status', '=', 'open').where('kind', '=', 'programme').executeTakeFirstOrThrow();
const inv = await db.selectFrom('surveyInvitations').innerJoin('people', 'people.id', 'surveyInvitations.personId').select(['surveyInvitations.id', 'people.deactivatedAt']).where('surveyId', '=', s.id).where('people.deactivatedAt', 'is', null).where('completedAt', 'is', null).orderBy('surveyInvitations.id', 'desc').limit(2).execute();
console.log(inv);
const tok = 'tok-axe-' + Date.now() + 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
await db.updateTable('surveyInvitations').set({ tokenHash: hashToken(tok), draftJson: null }).where('id', '=', inv[0]!.id).execute();
await db.destroy();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
async function check(page: import('playwright-core').Page, label: string) {
	const r = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	console.log(label, page.url(), r.violations.length ? JSON.stringify(r.violations.map((v) => [v.id, v.nodes.map((n) => n.target.join(' ')).slice(0, 3)])) : 'OK');
}
for (const js of [false, true]) {
	const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: js });
	const page = await ctx.newPage();
	await page.goto(`${B}/s/${tok}`);
	if (js) await check(page, 'answer js=' + js);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
	console.log('horizontal overflow', overflow, (await page.locator('main').innerText()).slice(0, 300));
	// too many picks -> error
	{
		for (const v of ['1', '2', '3', '4']) await page.check(`input[name^="q"][type=checkbox][value="${v}"]`);
		await page.click('button:has-text("Nästa")');
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(500);
		if (js) await check(page, 'answer errors');
		console.log('errors:', await page.locator('.field-error').allTextContents());
	}
	await ctx.close();
}
// programme survey with condition: check live on took_part? Office pages:
const ctx = await browser.newContext();
const page = await ctx.newPage();
await page.goto(`${B}/sign-in`);
await page.fill('input[name=email]', 'office@demo.klok');
await page.fill('input[name=password]', 'demo');
await page.click('form button[type=submit]');
await page.waitForLoadState('networkidle');
for (const p of [`/surveys/${s.id}/distribute`, `/surveys/${s.id}/rate`]) {
	const res = await page.goto(B + p);
	console.log(p, res?.status());
	await check(page, p);
}
// send with bad input
await page.goto(`${B}/surveys/${s.id}/distribute`);
await page.check('input[name=kind][value=people]');
await page.fill('#emails', 'nobody@example.org');
await page.click('button:has-text("Skicka inbjudningar")');
await page.waitForLoadState('networkidle');
console.log('send errors:', await page.locator('.field-error').allTextContents());
await check(page, 'distribute errors');
await page.check('input[name=kind][value=units]');
await page.selectOption('#unitId', { index: 3 });
await page.click('button:has-text("Skicka inbjudningar")');
await page.waitForLoadState('networkidle');
console.log('sent:', await page.locator('.notice').allTextContents());
await page.click('button:has-text("Påminn")');
await page.waitForLoadState('networkidle');
console.log('remind:', await page.locator('.notice').allTextContents());
// participant refused
const p2 = await (await browser.newContext()).newPage();
await p2.goto(`${B}/sign-in`);
await p2.fill('input[name=email]', 'participant@demo.klok');
await p2.fill('input[name=password]', 'demo');
await p2.click('form button[type=submit]');
await p2.waitForLoadState('networkidle');
console.log('participant distribute', (await p2.goto(`${B}/surveys/${s.id}/distribute`))?.status(), (await p2.goto(`${B}/surveys/${s.id}/rate`))?.status());
await browser.close();
