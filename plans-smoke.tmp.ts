import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { createDb } from '#lib/server/db/database.ts';
import { migrateToLatest } from '#lib/server/db/migrate.ts';
import { nowIso } from '#lib/server/db/sql.ts';
import { seedBasic, BASIC_LOGINS, BASIC_PASSWORD } from './tests/support/seed.ts';
import { HttpClient } from './tests/support/client.ts';

const dir = '/tmp/plans-smoke';
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
const file = dir + '/klok.sqlite';
const db = createDb({ sqlitePath: file });
await migrateToLatest(db);
const s = await seedBasic(db);
const now = nowIso();
const track = await db.insertInto('tracks').values({ programmeId: s.programmeId, name: 'Digital' }).returning('id').executeTakeFirstOrThrow();
const wp = await db.insertInto('workplacePlans').values({ programmeId: s.programmeId, unitId: s.units.workplaceA, title: 'Plan A 2026', periodStart: '2026-01-01', periodEnd: '2026-12-31', focusAreas: 'E-books', updatedAt: now }).returning('id').executeTakeFirstOrThrow();
const wg = await db.insertInto('workplaceGoals').values({ workplacePlanId: wp.id, text: 'All staff help with e-books', trackId: track.id }).returning('id').executeTakeFirstOrThrow();
const ip = await db.insertInto('individualPlans').values({ personId: s.people.participant, workplacePlanId: wp.id, periodStart: '2026-01-01', periodEnd: '2026-12-31', updatedAt: now }).returning('id').executeTakeFirstOrThrow();
await db.insertInto('individualGoals').values([{ individualPlanId: ip.id, text: 'Learn apps', workplaceGoalId: wg.id }, { individualPlanId: ip.id, text: 'Unlinked goal' }]).execute();
await db.insertInto('plannedActivities').values({ individualPlanId: ip.id, description: 'Shadow a colleague' }).execute();
await db.insertInto('developmentDialogues').values({ personId: s.people.participant, managerId: s.people.manager, heldOn: '2026-03-01', notes: 'Good', updatedAt: now }).execute();
for (const [unitId, theme, category] of [[s.units.workplaceA, 'Digital skills', 'strength'], [s.units.workplaceB, 'digital skills', 'weakness'], [s.units.workplaceA, null, 'threat']] as const)
	await db.insertInto('swotItems').values({ programmeId: s.programmeId, unitId, category, text: 'Item ' + category, theme, authorId: s.people.participant, updatedAt: now }).execute();
const need = await db.insertInto('needs').values({ programmeId: s.programmeId, unitId: s.units.workplaceA, authorId: s.people.participant, title: 'E-book skills', status: 'declined', declineReason: 'Done', updatedAt: now }).returning('id').executeTakeFirstOrThrow();
await db.insertInto('needs').values({ programmeId: s.programmeId, title: 'Marketing', updatedAt: now }).execute();
await db.destroy();

const port = 5199;
const url = `http://127.0.0.1:${port}`;
const server = spawn('npx', ['vite', 'dev', '--port', String(port), '--host', '127.0.0.1', '--strictPort'], {
	env: { ...process.env, SQLITE_PATH: file, KLOK_NO_DEMO: '1', ORIGIN: url },
	stdio: ['ignore', 'pipe', 'pipe'],
	detached: true
});
let out = '';
server.stdout.on('data', (d) => (out += d));
server.stderr.on('data', (d) => (out += d));
for (let i = 0; i < 60; i++) {
	try { await fetch(url + '/healthz'); break; } catch { await new Promise((r) => setTimeout(r, 500)); }
}
const problems: string[] = [];
try {
	const browser = await chromium.launch({ executablePath: process.env.KLOK_CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
	const pages: [string, string[]][] = [
		['manager', [`/workplaces/${s.units.workplaceA}/swot`, `/workplaces/${s.units.workplaceA}/plan`, `/plans/${s.people.participant}`, '/swot', '/needs', `/needs/${need.id}`]],
		['participant', ['/plans/me', `/workplaces/${s.units.workplaceA}/swot`, '/needs', `/needs/${need.id}`, `/workplaces/${s.units.workplaceA}/plan`]],
		['office', [`/needs/${need.id}`, '/swot', `/workplaces/${s.units.workplaceB}/plan`]]
	];
	for (const [role, paths] of pages) {
		const context = await browser.newContext(); const page = await context.newPage();
		await page.goto(url + '/sign-in', { waitUntil: 'networkidle' });
		await page.locator('input[name="email"]').fill(BASIC_LOGINS[role as 'manager']);
		await page.locator('input[name="password"]').fill(BASIC_PASSWORD);
		await Promise.all([page.waitForURL((u) => u.pathname === '/', { timeout: 30_000 }), page.click('main form button[type="submit"]')]);
		for (const p of paths) {
			const res = await page.goto(url + p, { waitUntil: 'networkidle' });
			if (res?.status() !== 200) { problems.push(`${role} ${p}: HTTP ${res?.status()} ${(await page.content()).slice(0, 300)}`); continue; }
			const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			for (const v of r.violations) problems.push(`${role} ${p}: axe ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
			console.log('ok', role, p);
		}
		await context.close();
	}
	await browser.close();
	// Without JavaScript: bad input → 400 with messages; refused → 404.
	const c = new HttpClient(url);
	await c.signIn(BASIC_LOGINS.participant, BASIC_PASSWORD);
	const bad = await c.postForm(`/workplaces/${s.units.workplaceA}/swot?/add`, { category: 'strength', text: '' });
	const body = await bad.text();
	console.log('swot bad', bad.status, body.includes('field-error'));
	const ref = await c.postForm(`/workplaces/${s.units.workplaceB}/swot?/add`, { category: 'strength', text: 'x' });
	console.log('swot foreign', ref.status);
	const need1 = await c.postForm('/needs?/raise', { title: '' });
	console.log('need bad', need1.status, (await need1.text()).includes('field-error'));
	const need2 = await c.postForm('/needs?/raise', { title: 'Good need', unitId: String(s.units.workplaceA) });
	console.log('need ok', need2.status, need2.headers.get('location'));
	const plan = await c.postForm(`/plans/${s.people.participant}?/create`, { personId: String(s.people.participant), periodStart: '2027-01-01', periodEnd: '2026-01-01' });
	console.log('plan bad', plan.status, (await plan.text()).includes('The period must end'));
	const other = await c.get(`/plans/${s.people.manager}`);
	console.log('other plan', other.status);
	const m = new HttpClient(url);
	await m.signIn(BASIC_LOGINS.manager, BASIC_PASSWORD);
	const dlg = await m.postForm(`/plans/${s.people.participant}?/dialogue`, { heldOn: 'nope' });
	console.log('dialogue bad', dlg.status, (await dlg.text()).includes('field-error'));
	const swotOk = await m.postForm(`/workplaces/${s.units.workplaceA}/swot?/add`, { category: 'threat', text: 'New threat', theme: 'Budget' });
	console.log('swot ok', swotOk.status, swotOk.headers.get('location'));
} catch (e) {
	problems.push(String(e));
} finally {
	process.kill(-server.pid!, 'SIGTERM');
}
console.log(problems.length ? 'PROBLEMS:\n' + problems.join('\n') : 'no problems');
if (problems.some((p) => p.includes('HTTP 500'))) console.log(out.slice(-3000));
process.exit(0);
