import { beforeAll, expect, it } from 'vitest';
import type { ProcessStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { addRegistration, makePastSession, writeForm } from '../cycle/cycle.fixtures.ts';
import { subtreeUnitsQuery, unitWorkplacesQuery } from '../organisation/organisation.service.ts';
import { parseWorkplaceQuery, programmeDashboard, unitDashboard } from './dashboards.service.ts';
import { workplaceQuerySchema, type WorkplaceQuery } from './dashboards.schema.ts';

/**
 * The office's workplace table, folded, sorted, filtered and paged by the database (issue 10).
 * The fixture's second programme is a region with two people and no workplace; under it this
 * test hangs workplaces Alfa (with a team), Beta, Gamma (empty), 19 empty "Zeta" workplaces
 * and a team directly under the region (no workplace ancestor: in the totals only). Every
 * figure below is worked out by hand.
 */

describeEachDb('dashboards per workplace', (ctx) => {
	let programmeId: number;
	let office: Actor;
	let steering: Actor;
	const u = { alfa: 0, alfaTeam: 0, beta: 0, gamma: 0, lost: 0 };
	const zeta: number[] = [];

	const q = (over: Partial<WorkplaceQuery> = {}): WorkplaceQuery => ({
		...workplaceQuerySchema.parse({}),
		...over
	});
	const names = async (over: Partial<WorkplaceQuery> = {}) => {
		const d = await programmeDashboard(ctx.db, office, programmeId, new Date(), q(over));
		return { names: d.workplaces.map((w) => w.name), page: d.workplacePage };
	};

	beforeAll(async () => {
		const fx = await buildProgrammeFixture(ctx.db, `wp-${ctx.dialect}`);
		programmeId = fx.otherProgrammeId;
		const region = fx.units.otherUnit;
		office = (await loadActor(ctx.db, fx.people.otherOffice))!;
		const now = nowIso();
		const unit = async (parentId: number, kind: 'workplace' | 'team', name: string) =>
			(
				await ctx.db
					.insertInto('units')
					.values({ programmeId, parentId, kind, name, updatedAt: now })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		u.alfa = await unit(region, 'workplace', 'Alfa');
		u.alfaTeam = await unit(u.alfa, 'team', 'Alfa lag');
		u.beta = await unit(region, 'workplace', 'Beta');
		u.gamma = await unit(region, 'workplace', 'Gamma');
		u.lost = await unit(region, 'team', 'Lost team');
		for (let i = 1; i <= 19; i++)
			zeta.push(await unit(region, 'workplace', `Zeta ${String(i).padStart(2, '0')}`));

		const person = async (key: string, unitId: number) => {
			const email = `${key}.wp-${ctx.dialect}@example.org`;
			return (
				await ctx.db
					.insertInto('people')
					.values({ programmeId, unitId, name: key, email, emailNormalized: email, updatedAt: now })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		};
		const a1 = await person('a1', u.alfa);
		const a2 = await person('a2', u.alfaTeam);
		const b1 = await person('b1', u.beta);
		await person('b2', u.beta);
		await person('b3', u.beta);
		const l1 = await person('l1', u.lost);
		const steerer = await person('steerer', region);
		await ctx.db
			.insertInto('roleAssignments')
			.values({ personId: steerer, role: 'steering', programmeId, unitId: null })
			.execute();
		steering = (await loadActor(ctx.db, steerer))!;

		const proc = async (unitId: number, status: ProcessStatus, people: number[]) => {
			const id = (
				await ctx.db
					.insertInto('processes')
					.values({ programmeId, unitId, title: `P ${unitId}`, status, updatedAt: now })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
			for (const p of people)
				await ctx.db.insertInto('processParticipants').values({ processId: id, personId: p }).execute();
		};
		await proc(u.alfa, 'planned', [a1]);
		await proc(u.alfaTeam, 'running', []);
		await proc(u.beta, 'finished', [b1]);
		await proc(u.lost, 'running', [l1]);

		// Ended 60 days ago: the after parts were due 30 days ago (overdue unless done).
		const s = await makePastSession(ctx.db, programmeId, { endedDaysAgo: 60, hours: 2, title: 'Kurs' });
		const ra2 = await addRegistration(ctx.db, s.sessionId, a2, 'attended');
		await writeForm(ctx.db, ra2, { hoursAfter: 1, afterCompletedAt: nowIso() });
		await addRegistration(ctx.db, s.sessionId, b1, 'attended');
		await addRegistration(ctx.db, s.sessionId, l1, 'attended');
	});

	it('maps each unit to its workplace (a team to its workplace, a unit above none to nothing)', async () => {
		const rows = await unitWorkplacesQuery(ctx.db, programmeId).execute();
		const map = new Map(rows.map((r) => [Number(r.unitId), Number(r.workplaceId)]));
		expect(map.get(u.alfa)).toBe(u.alfa);
		expect(map.get(u.alfaTeam)).toBe(u.alfa);
		expect(map.get(u.beta)).toBe(u.beta);
		expect(map.has(u.lost)).toBe(false);
		expect(rows).toHaveLength(3 + 1 + 19);
		const subtree = await subtreeUnitsQuery(ctx.db, u.alfa).execute();
		expect(subtree.map((r) => Number(r.unitId)).sort((a, b) => a - b)).toEqual([u.alfa, u.alfaTeam]);
	});

	it('groups coverage, processes and the cycle per workplace, teams counted in', async () => {
		const d = await programmeDashboard(ctx.db, office, programmeId, new Date(), q());
		// 2 in the region + a1, a2 + b1..b3 + l1 + steerer = 9 people; a1, b1, l1 in a process.
		expect(d.totals.people).toBe(9);
		expect(d.totals.coverage).toEqual({ people: 9, none: 6, unmatched: 3, covered: 0 });
		expect(d.totals.processes).toEqual({ total: 4, planned: 1, running: 2, finished: 1 });
		expect(d.totals.completion).toEqual({ registrations: 3, beforeDone: 0, afterDone: 1, overdue: 2 });
		const alfa = d.workplaces.find((w) => w.unitId === u.alfa)!;
		expect(alfa).toMatchObject({ name: 'Alfa', people: 2, withPlan: 0 });
		expect(alfa.coverage).toEqual({ people: 2, none: 1, unmatched: 1, covered: 0 });
		expect(alfa.processes).toEqual({ total: 2, planned: 1, running: 1, finished: 0 });
		expect(alfa.completion).toEqual({ registrations: 1, beforeDone: 0, afterDone: 1, overdue: 0 });
		expect(alfa.split).toMatchObject({ before: 0, during: 2, after: 1, total: 3, count: 1 });
		const beta = d.workplaces.find((w) => w.unitId === u.beta)!;
		expect(beta.coverage).toEqual({ people: 3, none: 2, unmatched: 1, covered: 0 });
		expect(beta.processes).toEqual({ total: 1, planned: 0, running: 0, finished: 1 });
		expect(beta.completion).toEqual({ registrations: 1, beforeDone: 0, afterDone: 0, overdue: 1 });
		const gamma = d.workplaces.find((w) => w.unitId === u.gamma)!;
		expect(gamma.coverage).toEqual({ people: 0, none: 0, unmatched: 0, covered: 0 });
		expect(gamma.completion).toEqual({ registrations: 0, beforeDone: 0, afterDone: 0, overdue: 0 });
		// The region and the lost team are no workplace.
		expect(d.workplaces.some((w) => w.unitId === u.lost)).toBe(false);
	});

	it('pages the workplaces 20 at a time by name, totals over the whole programme', async () => {
		const first = await names();
		expect(first.page).toEqual({ page: 1, pageSize: 20, total: 22 });
		expect(first.names.slice(0, 4)).toEqual(['Alfa', 'Beta', 'Gamma', 'Zeta 01']);
		expect(first.names).toHaveLength(20);
		expect((await names({ page: 2 })).names).toEqual(['Zeta 18', 'Zeta 19']);
		expect((await names({ page: 9 })).names).toEqual([]);
		const filtered = await programmeDashboard(ctx.db, office, programmeId, new Date(), q({ q: 'bet' }));
		expect(filtered.workplaces.map((w) => w.name)).toEqual(['Beta']);
		expect(filtered.workplacePage.total).toBe(1);
		// The search narrows the table, never the totals.
		expect(filtered.totals.people).toBe(9);
		expect((await names({ q: 'ZETA 1' })).page.total).toBe(10);
		expect((await names({ q: '%' })).page.total).toBe(0);
	});

	it('sorts by people, coverage and completion in the database (ties by name)', async () => {
		expect((await names({ sort: 'people' })).names.slice(0, 3)).toEqual(['Beta', 'Alfa', 'Gamma']);
		expect((await names({ sort: 'people', dir: 'asc', page: 2 })).names).toEqual(['Alfa', 'Beta']);
		expect((await names({ sort: 'completion' })).names.slice(0, 3)).toEqual(['Alfa', 'Beta', 'Gamma']);
		expect((await names({ sort: 'completion', dir: 'asc' })).names[0]).toBe('Gamma');
		expect((await names({ sort: 'completion', dir: 'asc', page: 2 })).names).toEqual(['Beta', 'Alfa']);
		// Nobody covered: Alfa and Beta share 0 %, the empty workplaces come after them.
		expect((await names({ sort: 'coverage' })).names.slice(0, 3)).toEqual(['Alfa', 'Beta', 'Gamma']);
		expect((await names({ sort: 'name', dir: 'desc' })).names[0]).toBe('Zeta 19');
	});

	it('falls back to the defaults on bad query values', () => {
		const bad = new URLSearchParams({ sort: 'salary', dir: 'up', page: '-3', q: 'x'.repeat(300) });
		expect(parseWorkplaceQuery(bad)).toEqual({
			q: '',
			sort: 'name',
			dir: undefined,
			page: 1,
			activityPage: 1
		});
		// A NUL or another control character (PostgreSQL refuses NUL in text) is no search.
		expect(parseWorkplaceQuery(new URLSearchParams('q=%00')).q).toBe('');
		expect(parseWorkplaceQuery(new URLSearchParams('q=Be%07ta')).q).toBe('');
		expect(parseWorkplaceQuery(new URLSearchParams('page=2.5&sort=people&dir=asc&q=+Beta+'))).toEqual({
			q: 'Beta',
			sort: 'people',
			dir: 'asc',
			page: 1,
			activityPage: 1
		});
	});

	it('pages the split per activity by title, counted over the whole programme', async () => {
		const d = await programmeDashboard(ctx.db, office, programmeId, new Date(), q());
		expect(d.splitByActivity.map((a) => [a.label, a.split.count, a.split.total])).toEqual([['Kurs', 3, 7]]);
		expect(d.activityPage).toEqual({ page: 1, pageSize: 50, total: 1 });
		const next = await programmeDashboard(ctx.db, office, programmeId, new Date(), q({ activityPage: 2 }));
		expect(next.splitByActivity).toEqual([]);
		expect(next.activityPage.total).toBe(1);
		const unit = await unitDashboard(ctx.db, office, u.beta);
		expect(unit.activityPage).toEqual({ page: 1, pageSize: 50, total: 1 });
		expect(unit.splitByActivity.map((a) => a.split.count)).toEqual([1]);
	});

	it('shows the steering group totals only', async () => {
		const d = await programmeDashboard(ctx.db, steering, programmeId, new Date(), q());
		expect(d.detailed).toBe(false);
		expect(d.workplaces).toEqual([]);
		expect(d.workplacePage.total).toBe(0);
		expect(d.overdue).toEqual([]);
		expect(d.totals.processes.total).toBe(4);
		expect(d.totals.coverage.people).toBe(9);
	});

	it('pages the unit dashboard’s processes, counted by status', async () => {
		const d = await unitDashboard(ctx.db, office, u.alfa);
		expect(d.people).toBe(2);
		expect(d.processes).toEqual({ total: 2, planned: 1, running: 1, finished: 0 });
		expect(d.processList).toHaveLength(2);
		expect(d.processPage).toEqual({ page: 1, pageSize: 50, total: 2 });
		const second = await unitDashboard(ctx.db, office, u.alfa, new Date(), { processPage: 2 });
		expect(second.processList).toEqual([]);
		expect(second.processPage.total).toBe(2);
	});
});
