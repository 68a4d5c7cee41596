import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';
const base = 'http://localhost:5219';
const browser = await chromium.launch({ executablePath: process.env.KLOK_CHROMIUM || '/usr/bin/chromium' });
async function session(email: string, paths: string[]) {
	const ctx = await browser.newContext();
	const page = await ctx.newPage();
	await page.goto(base + '/sign-in');
	await page.fill('input[name=email]', email);
	await page.fill('input[name=password]', 'demo');
	await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.click('form button[type=submit]')]);
	for (const p of paths) {
		await page.goto(base + p);
		const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
		console.log(email, p, r.violations.length, r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`).join('\n   '));
	}
	await ctx.close();
}
await session('participant@demo.klok', ['/catalogue', '/catalogue/sessions/43', '/catalogue/sessions/46', '/activities/27']);
await session('office@demo.klok', ['/activities', '/activities/new', '/activities/29', '/activities/28']);
await session('manager@demo.klok', ['/catalogue']);
// error state: submit bad activity form
const ctx = await browser.newContext();
const page = await ctx.newPage();
await page.goto(base + '/sign-in');
await page.fill('input[name=email]', 'office@demo.klok');
await page.fill('input[name=password]', 'demo');
await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.click('form button[type=submit]')]);
await page.goto(base + '/activities/new');
await page.fill('#cost', '-3');
await page.click('main form button[type=submit]');
await page.waitForSelector('.field-error');
const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
console.log('new with errors', r.violations.length, r.violations.map((v) => v.id).join(','), await page.locator('.field-error').allTextContents());
await browser.close();
