// Screenshots of every demo role's home page (or another path) at 1280 and 390 px.
// Usage: node scripts/screenshots.mjs <base-url> <out-dir> [path] [roles…]
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base = 'http://localhost:3000', out = '/tmp/ux-shots', target = '/', ...only] = process.argv.slice(2);
const roles = only.length
	? only
	: ['admin', 'office', 'steering', 'manager', 'participant', 'evaluator', 'trainer'];
fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
	executablePath: process.env.KLOK_CHROMIUM || '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu']
});
for (const role of roles) {
	for (const width of [1280, 390]) {
		const context = await browser.newContext({ locale: 'sv-SE', viewport: { width, height: 900 } });
		const page = await context.newPage();
		await page.goto(base + '/sign-in', { waitUntil: 'networkidle' });
		await page.fill('input[name="email"]', `${role}@demo.klok`);
		await page.fill('input[name="password"]', process.env.KLOK_DEMO_PASSWORD || 'demo');
		await Promise.all([
			page.waitForURL((u) => u.pathname === '/'),
			page.click('main form button[type="submit"]')
		]);
		if (target !== '/') await page.goto(base + target, { waitUntil: 'networkidle' });
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
		const file = path.join(out, `${role}${target.replace(/\//g, '_')}-${width}.png`);
		await page.screenshot({ path: file, fullPage: true });
		console.log(`${file} scrollWidth=${overflow}`);
		await context.close();
	}
}
await browser.close();
