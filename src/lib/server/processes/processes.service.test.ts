import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { addRegistration, makePastSession, writeForm } from '../cycle/cycle.fixtures.ts';
import { programmeDashboard, unitDashboard } from '../dashboards/dashboards.service.ts';
import { coverageOfUnits, summariseCoverage } from './coverage.ts';
import { processSchema } from './processes.schema.ts';
import {
	addMilestone,
	addParticipant,
	createProcess,
	getProcess,
	listProcesses,
	PARTICIPANTS_PAGE_SIZE,
	PERSON_PICKER_LIMIT,
	processFormOptions,
	ProcessRuleError,
	removeParticipant,
	setMilestoneDone,
	updateProcess
} from './processes.service.ts';

const actor = async (db: Db, id: number): Promise<Actor> => (await loadActor(db, id))!;
const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function workplaceGoals(db: Db, programmeId: number, unitId: number, texts: string[]) {
	const now = nowIso();
	const plan = await db
		.insertInto('workplacePlans')
		.values({
			programmeId,
			unitId,
			title: 'Plan 2026',
			periodStart: '2026-01-01',
			periodEnd: '2026-12-31',
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const ids: number[] = [];
	for (const [i, text] of texts.entries())
		ids.push(
			(
				await db
					.insertInto('workplaceGoals')
					.values({ workplacePlanId: plan.id, text, sortOrder: i })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id
		);
	return ids;
}

async function individualPlan(db: Db, personId: number, goalLinks: (number | null)[]) {
	const now = nowIso();
	const plan = await db
		.insertInto('individualPlans')
		// A period around today, so the plan is the current one whenever the test runs.
		.values({ personId, periodStart: isoDay(-30), periodEnd: isoDay(300), updatedAt: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const g of goalLinks)
		await db
			.insertInto('individualGoals')
			.values({ individualPlanId: plan.id, text: 'Mål', workplaceGoalId: g })
			.execute();
}

const count = async (
	db: Db,
	table: 'processes' | 'processGoals' | 'processMilestones' | 'processParticipants'
) =>
	Number(
		(
			await db
				.selectFrom(table)
				.select((e) => e.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

describeEachDb('development processes, coverage and dashboards', (ctx) => {
	let fx: ProgrammeFixture;
	let managerA: Actor;
	let managerB: Actor;
	let office: Actor;
	let steering: Actor;
	let member: Actor;
	let trackId: number;
	let goals: number[];
	let processId: number;

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, `proc-${ctx.dialect}`);
		managerA = await actor(ctx.db, fx.people.managerA);
		managerB = await actor(ctx.db, fx.people.managerB);
		office = await actor(ctx.db, fx.people.office);
		steering = await actor(ctx.db, fx.people.steering);
		member = await actor(ctx.db, fx.people.participant);
		trackId = (
			await ctx.db
				.insertInto('tracks')
				.values({ programmeId: fx.programmeId, name: 'Lärande' })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		goals = await workplaceGoals(ctx.db, fx.programmeId, fx.units.workplaceB, [
			'E-böcker för alla',
			'Digital delaktighet'
		]);
	});

	const input = (over: Record<string, unknown> = {}) =>
		processSchema.parse({
			title: 'En modell för lärande',
			unitId: fx.units.workplaceB,
			trackId,
			questions: 'Hur lär vi av varandra?',
			goalIds: [goals[0]],
			...over
		});

	it('offers people to add only by search, within the programme, active, and bounded', async () => {
		const prefix = `Pickerperson ${ctx.dialect}`;
		const now = nowIso();
		await ctx.db
			.insertInto('people')
			.values(
				Array.from({ length: PERSON_PICKER_LIMIT + 3 }, (_, i) => ({
					programmeId: fx.programmeId,
					unitId: fx.units.workplaceB,
					name: `${prefix} Åsa ${String(i).padStart(2, '0')}`,
					email: `picker-${ctx.dialect}-${i}@example.org`,
					emailNormalized: `picker-${ctx.dialect}-${i}@example.org`,
					jobCategory: 'librarian' as const,
					updatedAt: now,
					deactivatedAt: i === 0 ? now : null
				}))
			)
			.execute();
		const none = await processFormOptions(ctx.db, office, fx.programmeId);
		expect(none.people).toEqual([]);
		expect((await processFormOptions(ctx.db, office, fx.programmeId, 'P')).people).toEqual([]);

		const many = await processFormOptions(ctx.db, office, fx.programmeId, `${prefix} åSA`);
		expect(many.people).toHaveLength(PERSON_PICKER_LIMIT);
		expect(many.morePeople).toBe(true);
		// The deactivated one (00) is never offered; the rest come by name.
		expect(many.people[0]!.name).toBe(`${prefix} Åsa 01`);

		const one = await processFormOptions(ctx.db, office, fx.programmeId, `picker-${ctx.dialect}-7@`);
		expect(one.people.map((p) => p.name)).toEqual([`${prefix} Åsa 07`]);
		expect(one.morePeople).toBe(false);
		// Someone of another programme is not offered, though the name matches.
		expect((await processFormOptions(ctx.db, office, fx.programmeId, 'inOther')).people).toEqual([]);
		expect((await processFormOptions(ctx.db, office, fx.programmeId, 'inB')).people).toHaveLength(1);
		// Leave the unit's head count as the later tests expect it.
		await ctx.db.deleteFrom('people').where('email', 'like', `picker-${ctx.dialect}-%`).execute();
	});

	it('lets the unit’s manager create a process (joining as lead) and refuses others', async () => {
		processId = await createProcess(ctx.db, managerB, fx.programmeId, input());
		const p = await getProcess(ctx.db, member, processId);
		expect(p.participants).toEqual([{ personId: managerB.personId, name: expect.any(String), role: 'lead' }]);
		expect(p.goals.map((g) => g.id)).toEqual([goals[0]]);
		expect(p.canEdit).toBe(false);
		expect((await getProcess(ctx.db, managerB, processId)).canEdit).toBe(true);

		const before = await count(ctx.db, 'processes');
		for (const who of [managerA, member, steering])
			await expect(createProcess(ctx.db, who, fx.programmeId, input())).rejects.toBeInstanceOf(
				AccessDeniedError
			);
		const otherOffice = await actor(ctx.db, fx.people.otherOffice);
		await expect(getProcess(ctx.db, otherOffice, processId)).rejects.toBeInstanceOf(AccessDeniedError);
		expect(await count(ctx.db, 'processes')).toBe(before);
		const audit = await ctx.db
			.selectFrom('auditLog')
			.select('action')
			.where('entityType', '=', 'process')
			.where('entityId', '=', processId)
			.execute();
		expect(audit.map((a) => a.action)).toEqual(['create']);
	});

	it('rejects bad input and links outside the programme, changing nothing', async () => {
		expect(processSchema.safeParse({ unitId: fx.units.workplaceB }).success).toBe(false);
		expect(processSchema.safeParse({ title: 'x', unitId: 'abc' }).success).toBe(false);
		expect(
			processSchema.safeParse({ title: 'x', unitId: 1, startsOn: '2026-05-01', endsOn: '2026-04-01' }).success
		).toBe(false);
		const [p, g] = [await count(ctx.db, 'processes'), await count(ctx.db, 'processGoals')];
		const foreignGoal = (await workplaceGoals(ctx.db, fx.otherProgrammeId, fx.units.otherUnit, ['x']))[0]!;
		await expect(
			createProcess(ctx.db, office, fx.programmeId, input({ goalIds: [foreignGoal] }))
		).rejects.toBeInstanceOf(ProcessRuleError);
		await expect(
			createProcess(ctx.db, office, fx.programmeId, input({ unitId: fx.units.otherUnit }))
		).rejects.toBeInstanceOf(ProcessRuleError);
		await expect(
			updateProcess(ctx.db, managerB, processId, input({ sessionIds: [999_999] }))
		).rejects.toBeInstanceOf(ProcessRuleError);
		await expect(
			addParticipant(ctx.db, managerB, processId, { personId: fx.people.inOther, role: 'member' })
		).rejects.toBeInstanceOf(ProcessRuleError);
		expect([await count(ctx.db, 'processes'), await count(ctx.db, 'processGoals')]).toEqual([p, g]);
		expect((await getProcess(ctx.db, office, processId)).participants).toHaveLength(1);
	});

	it('pages a big process’s participants by name and marks who takes part in the picker', async () => {
		const now = nowIso();
		const tag = `Pager ${ctx.dialect}`;
		const extra = PARTICIPANTS_PAGE_SIZE + 5;
		const people = await ctx.db
			.insertInto('people')
			.values(
				Array.from({ length: extra }, (_, i) => ({
					programmeId: fx.programmeId,
					unitId: fx.units.workplaceB,
					name: `${tag} ${String(i).padStart(3, '0')}`,
					email: `pager-${ctx.dialect}-${i}@example.org`,
					emailNormalized: `pager-${ctx.dialect}-${i}@example.org`,
					jobCategory: 'librarian' as const,
					updatedAt: now
				}))
			)
			.returning('id')
			.execute();
		await ctx.db
			.insertInto('processParticipants')
			.values(people.slice(1).map((p) => ({ processId, personId: p.id, role: 'member' as const })))
			.execute();
		try {
			const all = (await getProcess(ctx.db, office, processId)).participants;
			expect(all).toHaveLength(extra); // the lead and extra - 1 members: the API gets them all
			const first = await getProcess(ctx.db, office, processId, { participantPage: 1 });
			expect(first.participants).toEqual(all.slice(0, PARTICIPANTS_PAGE_SIZE));
			expect(first.participantPage).toEqual({ page: 1, pageSize: PARTICIPANTS_PAGE_SIZE, total: extra });
			const second = await getProcess(ctx.db, office, processId, { participantPage: 2 });
			expect(second.participants).toEqual(all.slice(PARTICIPANTS_PAGE_SIZE));
			// A page number that is not one falls back to the first page.
			expect(
				(await getProcess(ctx.db, office, processId, { participantPage: NaN })).participantPage?.page
			).toBe(1);
			const picked = await processFormOptions(ctx.db, office, fx.programmeId, `${tag} 00`, processId);
			expect(picked.people.map((p) => [p.name, p.participating])).toEqual(
				Array.from({ length: 10 }, (_, i) => [`${tag} 00${i}`, i !== 0])
			);
		} finally {
			await ctx.db
				.deleteFrom('processParticipants')
				.where(
					'personId',
					'in',
					people.map((p) => p.id)
				)
				.execute();
			await ctx.db.deleteFrom('people').where('email', 'like', `pager-${ctx.dialect}-%`).execute();
		}
	});

	it('lets leads and the office edit, participants and milestones included; members and other managers not', async () => {
		await addParticipant(ctx.db, managerB, processId, { personId: member.personId, role: 'member' });
		await expect(updateProcess(ctx.db, member, processId, input({ title: 'Nope' }))).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await expect(addMilestone(ctx.db, managerA, processId, { title: 'x' })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await addParticipant(ctx.db, office, processId, { personId: member.personId, role: 'lead' });
		member = await actor(ctx.db, member.personId);
		await updateProcess(ctx.db, member, processId, input({ status: 'running', results: 'Fler lån' }));
		const m = await addMilestone(ctx.db, member, processId, { title: 'Workshop', dueOn: '2026-06-01' });
		await setMilestoneDone(ctx.db, member, processId, m, true);
		await expect(setMilestoneDone(ctx.db, member, processId, 999_999, true)).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		const p = await getProcess(ctx.db, steering, processId);
		expect(p.status).toBe('running');
		expect(p.results).toBe('Fler lån');
		expect(p.milestones).toEqual([
			{ id: m, title: 'Workshop', dueOn: '2026-06-01', doneAt: expect.any(String) }
		]);
		expect(p.participants.map((x) => x.role).sort()).toEqual(['lead', 'lead']);

		// A manager cannot move a process into a unit they do not manage.
		await expect(
			updateProcess(ctx.db, managerB, processId, input({ unitId: fx.units.workplaceA }))
		).rejects.toBeInstanceOf(AccessDeniedError);

		const list = (await listProcesses(ctx.db, member, fx.programmeId, { trackId })).rows;
		expect(list.map((r) => [r.id, r.participantCount, r.milestonesDone])).toEqual([[processId, 2, 1]]);
		expect(
			(await listProcesses(ctx.db, member, fx.programmeId, { unitId: fx.units.workplaceA })).rows
		).toEqual([]);
		expect((await listProcesses(ctx.db, member, fx.programmeId, { status: 'finished' })).total).toBe(0);
	});

	it('computes coverage: in no process, in a process matching no goal, covered', async () => {
		// participant's plan links goal 0 (the process serves it): covered.
		await individualPlan(ctx.db, fx.people.participant, [goals[0]!]);
		// inB's plan links goal 1 only: in the process, but it does not match.
		await individualPlan(ctx.db, fx.people.inB, [goals[1]!, null]);
		await addParticipant(ctx.db, office, processId, { personId: fx.people.inB, role: 'member' });
		const staffB = (
			await ctx.db
				.insertInto('people')
				.values({
					programmeId: fx.programmeId,
					unitId: fx.units.workplaceB,
					name: 'Nobody Inprocess',
					email: `nobody.${ctx.dialect}@example.org`,
					emailNormalized: `nobody.${ctx.dialect}@example.org`,
					updatedAt: nowIso()
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;

		const rows = await coverageOfUnits(ctx.db, fx.programmeId, [fx.units.workplaceB]);
		const status = Object.fromEntries(rows.map((r) => [r.personId, r.status]));
		expect(status).toEqual({
			[fx.people.participant]: 'covered',
			[fx.people.inB]: 'unmatched',
			[staffB]: 'none',
			// The manager leads the process but has no plan: not matching.
			[fx.people.managerB]: 'unmatched'
		});
		expect(rows.find((r) => r.personId === fx.people.managerB)!.manager).toBe(true);
		expect(summariseCoverage(rows)).toEqual({ people: 4, none: 1, unmatched: 2, covered: 1 });
		await removeParticipant(ctx.db, office, processId, fx.people.inB);
		const after = await coverageOfUnits(ctx.db, fx.programmeId, [fx.units.workplaceB]);
		expect(after.find((r) => r.personId === fx.people.inB)!.status).toBe('none');
	});

	it('shows dashboards to the unit’s manager and the office, aggregates only to the steering group', async () => {
		const s = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 45, hours: 2 });
		const reg = await addRegistration(ctx.db, s.sessionId, fx.people.participant, 'attended');
		await writeForm(ctx.db, reg, { hoursBefore: 4, hoursAfter: 2, beforeCompletedAt: nowIso() });

		const unit = await unitDashboard(ctx.db, managerB, fx.units.workplaceB);
		expect(unit.people).toBe(4);
		expect(unit.withPlan).toBe(2);
		expect(unit.plans).toMatchObject({ withPlan: 2, unlinkedGoals: 1 });
		expect(unit.processes).toEqual({ total: 1, planned: 0, running: 1, finished: 0 });
		expect(unit.completion).toEqual({ registrations: 1, beforeDone: 1, afterDone: 0, overdue: 1 });
		expect(unit.split).toMatchObject({ before: 4, during: 2, after: 2, total: 8 });
		expect(unit.overdue.map((o) => o.registrationId)).toEqual([reg]);
		await expect(unitDashboard(ctx.db, managerA, fx.units.workplaceB)).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await expect(unitDashboard(ctx.db, member, fx.units.workplaceB)).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		expect((await unitDashboard(ctx.db, office, fx.units.workplaceB)).people).toBe(4);

		const prog = await programmeDashboard(ctx.db, office, fx.programmeId);
		expect(prog.detailed).toBe(true);
		const rowB = prog.workplaces.find((w) => w.unitId === fx.units.workplaceB)!;
		expect(rowB).toMatchObject({ people: 4, withPlan: 2, completion: { overdue: 1 } });
		const rowA = prog.workplaces.find((w) => w.unitId === fx.units.workplaceA)!;
		expect(rowA.processes.total).toBe(0);
		expect(prog.overdue).toHaveLength(1);

		const steer = await programmeDashboard(ctx.db, steering, fx.programmeId);
		expect(steer.detailed).toBe(false);
		expect(steer.workplaces).toEqual([]);
		expect(steer.overdue).toEqual([]);
		expect(steer.totals.split.total).toBe(8);
		await expect(programmeDashboard(ctx.db, managerB, fx.programmeId)).rejects.toBeInstanceOf(
			AccessDeniedError
		);
	});
});

describeEachDb('the paged process list', (ctx) => {
	it('returns every matching process exactly once across pages, in list order, with the total', async () => {
		const fx = await buildProgrammeFixture(ctx.db, `proc-page-${ctx.dialect}`);
		const office = await actor(ctx.db, fx.people.office);
		const ids: number[] = [];
		// Equal titles in two units: only the id breaks the tie, so a page boundary falls inside a tie.
		for (const [i, unitId] of [fx.units.workplaceA, fx.units.workplaceB]
			.flatMap((u) => [u, u, u, u])
			.entries())
			ids.push(
				await createProcess(
					ctx.db,
					office,
					fx.programmeId,
					processSchema.parse({ title: i % 3 === 0 ? 'Samma' : `Process ${i}`, unitId })
				)
			);
		const all = await listProcesses(ctx.db, office, fx.programmeId, { pageSize: 200 });
		expect(all.total).toBe(ids.length);
		expect(all.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(ids);

		const seen: number[] = [];
		for (let page = 1; page <= 3; page++) {
			const p = await listProcesses(ctx.db, office, fx.programmeId, { page, pageSize: 3 });
			expect([p.total, p.pageSize, p.rows.length]).toEqual([ids.length, 3, page < 3 ? 3 : 2]);
			seen.push(...p.rows.map((r) => r.id));
		}
		expect(seen).toEqual(all.rows.map((r) => r.id));
		expect((await listProcesses(ctx.db, office, fx.programmeId, { page: 4, pageSize: 3 })).rows).toEqual([]);

		// The filter applies before paging and to the total.
		const inA = await listProcesses(ctx.db, office, fx.programmeId, {
			unitId: fx.units.workplaceA,
			pageSize: 3
		});
		expect([inA.total, inA.rows.length]).toEqual([4, 3]);
		expect(inA.rows.every((r) => r.unitId === fx.units.workplaceA)).toBe(true);
	});
});
