import { afterAll, beforeAll, expect, it } from 'vitest';
import { budgetOverview, workplaceBudget } from '../budget/budget.service.ts';
import { getReport, listReports } from '../funder-report/funder-report.service.ts';
import { loadActor } from '../people/actor.ts';
import { createSqliteTestDatabase, type TestDatabase } from '../testing/db.ts';
import { visitHistory } from '../visits/visits.service.ts';
import { createDemo } from './demo.ts';

let t: TestDatabase;
let programmeId: number;
const login = async (email: string) => {
	const row = await t.db
		.selectFrom('people')
		.select('id')
		.where('email', '=', email)
		.executeTakeFirstOrThrow();
	return (await loadActor(t.db, row.id))!;
};

beforeAll(async () => {
	t = await createSqliteTestDatabase();
	programmeId = (await createDemo(t.db, { password: 'demo', people: 300 })).programmeId;
}, 60_000);
afterAll(async () => t.destroy());

it('gives the demo a 50/50 budget, a year of expenses, visits to a third of the workplaces and a funder report', async () => {
	const office = await login('office@demo.klok');
	const o = await budgetOverview(t.db, office, programmeId, new Date().getUTCFullYear());
	expect(o.lines.map((l) => l.kind)).toEqual(['workplaces', 'central']);
	expect(o.lines[0]!.planned).toBe(o.lines[1]!.planned);
	expect(o.actual).toBeGreaterThan(0);
	expect(o.coFinancing.amount).toBeGreaterThan(0);
	const workplaces = o.workplaces!.length;
	const visits = await t.db
		.selectFrom('visits')
		.select(({ fn }) => fn.count<number>('unitId').distinct().as('n'))
		.executeTakeFirstOrThrow();
	expect(Number(visits.n)).toBeGreaterThanOrEqual(Math.floor(workplaces / 3));
	const { reports } = await listReports(t.db, office, programmeId);
	expect(reports).toHaveLength(1);
	const view = await getReport(t.db, office, reports[0]!.id, 'sv');
	expect(view.figures.headline[0]!.value).toBeGreaterThan(0);

	// The demo manager sees their workplace's budget and visit.
	const manager = await login('manager@demo.klok');
	const unitId = manager.roles.find((r) => r.role === 'manager')!.unitId!;
	expect((await workplaceBudget(t.db, manager, unitId)).row.allocation).toBe(4_000_000);
	expect((await visitHistory(t.db, manager, unitId)).length).toBe(1);
}, 60_000);
