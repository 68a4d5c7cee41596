import { beforeAll, expect, it } from 'vitest';
import { buildBudgetFixture, type BudgetFixture } from '../budget/budget.fixtures.ts';
import { FieldsRuleError } from '../core/errors.ts';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { memoStats } from '../reports/reports.service.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	addVisitAction,
	createVisit,
	getVisit,
	listVisits,
	prepareIndicators,
	recordAnswers,
	setVisitActionDone,
	setVisitTemplate,
	visitHistory,
	visitTemplate
} from './visits.service.ts';

describeEachDb('follow-up visits', (ctx) => {
	let f: BudgetFixture;
	let office: Actor;
	let manager: Actor;
	let steering: Actor;

	beforeAll(async () => {
		f = await buildBudgetFixture(ctx.db, 'vis');
		office = (await loadActor(ctx.db, f.people.office))!;
		manager = (await loadActor(ctx.db, f.manager))!;
		steering = (await loadActor(ctx.db, f.people.steering))!;
		// A logbook entry in W1's team: the visit counts it, never shows its text.
		await ctx.db
			.insertInto('logbookEntries')
			.values({
				personId: f.people.p2,
				title: 'Secret title',
				bodyHtml: '<p>Private reflection</p>',
				updatedAt: new Date().toISOString()
			})
			.execute();
	});

	it("offers KUB's questions by default and the office's own once set", async () => {
		expect(await visitTemplate(ctx.db, office, f.programmeId, 'en')).toEqual([
			'Does every employee, the manager included, take part in a development process that matches the plan?',
			'Is the logbook used?',
			'Is there time for reflection?',
			'Does the workplace write about its work?'
		]);
		await expect(visitTemplate(ctx.db, manager, f.programmeId, 'en')).rejects.toThrow(AccessDeniedError);
	});

	it("keeps a workplace's hours until an attendance changes them", async () => {
		const first = await prepareIndicators(ctx.db, f.programmeId, f.units.W1);
		expect([first.participants, first.hours]).toEqual([2, 24]);
		const computed = memoStats.computed;
		expect((await prepareIndicators(ctx.db, f.programmeId, f.units.W1)).hours).toBe(24);
		expect(memoStats.computed).toBe(computed);
		const attended = await ctx.db
			.selectFrom('registrations')
			.select(['id', 'hoursCredited'])
			.where('personId', '=', f.people.p1)
			.where('status', '=', 'attended')
			.executeTakeFirstOrThrow();
		await ctx.db
			.updateTable('registrations')
			.set({ hoursCredited: Number(attended.hoursCredited) + 1 })
			.where('id', '=', attended.id)
			.execute();
		try {
			expect((await prepareIndicators(ctx.db, f.programmeId, f.units.W1)).hours).toBe(25);
		} finally {
			await ctx.db
				.updateTable('registrations')
				.set({ hoursCredited: attended.hoursCredited })
				.where('id', '=', attended.id)
				.execute();
		}
	});

	it('prepares the figures from the data, records answers and actions, keeps the history', async () => {
		const { id } = await createVisit(ctx.db, office, { unitId: f.units.W1, visitedOn: '2026-04-02' }, 'sv');
		const v = await getVisit(ctx.db, office, id);
		// W1 and T1: p1 (11 h) and p2 (13 h) attended; p2 wrote one entry.
		expect(v.indicators).toMatchObject({ participants: 2, hours: 24, logbook: { entries: 1, authors: 1 } });
		expect(v.indicators.people).toBeGreaterThanOrEqual(2);
		expect(JSON.stringify(v)).not.toContain('Private reflection');
		expect(JSON.stringify(v)).not.toContain('Secret title');
		expect(v.answers).toHaveLength(4);
		expect(v.answers[1]!.question).toBe('Används loggboken?');
		await recordAnswers(ctx.db, office, id, {
			answers: [{ answer: 'partly', note: 'Two of three' }, { answer: 'yes' }],
			notes: 'Good visit'
		});
		await addVisitAction(ctx.db, office, id, { text: 'Start a reading circle', followUpOn: '2026-06-01' });
		const mine = await getVisit(ctx.db, manager, id);
		expect(mine.answers.map((a) => a.answer)).toEqual(['partly', 'yes', null, null]);
		expect(mine.notes).toBe('Good visit');
		expect(mine.actions.map((a) => [a.text, a.followUpOn])).toEqual([
			['Start a reading circle', '2026-06-01']
		]);
		expect(mine.canManage).toBe(false);
		await expect(recordAnswers(ctx.db, manager, id, { answers: [] })).rejects.toThrow(AccessDeniedError);
		await expect(getVisit(ctx.db, steering, id)).rejects.toThrow(AccessDeniedError);
		expect((await visitHistory(ctx.db, manager, f.units.W1)).map((h) => h.visitedOn)).toEqual(['2026-04-02']);
		await expect(visitHistory(ctx.db, manager, f.units.W2)).rejects.toThrow(AccessDeniedError);
		expect((await listVisits(ctx.db, office, f.programmeId)).total).toBe(1);
	});

	it("marks an agreed action done and reopens it (audited); refuses another visit's action and managers", async () => {
		const { id } = await createVisit(ctx.db, office, { unitId: f.units.W2, visitedOn: '2026-04-10' }, 'en');
		const other = await createVisit(ctx.db, office, { unitId: f.units.W3, visitedOn: '2026-04-11' }, 'en');
		const a = await addVisitAction(ctx.db, office, id, { text: 'Book time for reflection' });
		const doneAt = async () => (await getVisit(ctx.db, office, id)).actions[0]!.doneAt;
		expect(await doneAt()).toBeNull();
		await setVisitActionDone(ctx.db, office, id, a.id, true);
		expect(await doneAt()).not.toBeNull();
		await setVisitActionDone(ctx.db, office, id, a.id, true); // already done: no change, no log row
		await setVisitActionDone(ctx.db, office, id, a.id, false);
		expect(await doneAt()).toBeNull();
		await expect(setVisitActionDone(ctx.db, office, other.id, a.id, true)).rejects.toThrow(AccessDeniedError);
		await expect(setVisitActionDone(ctx.db, manager, id, a.id, true)).rejects.toThrow(AccessDeniedError);
		expect(await doneAt()).toBeNull();
		const audit = await ctx.db
			.selectFrom('auditLog')
			.select(['after'])
			.where('entityType', '=', 'visit')
			.where('entityId', '=', id)
			.where('action', '=', 'update')
			.orderBy('id')
			.execute();
		expect(audit.map((r) => JSON.parse(r.after!))).toEqual([
			{ actionId: a.id, done: true },
			{ actionId: a.id, done: false }
		]);
	});

	it('refuses bad input with field messages', async () => {
		await expect(
			createVisit(ctx.db, office, { unitId: f.units.W1, visitedOn: '2026-02-30' }, 'en')
		).rejects.toThrow(FieldsRuleError);
		await expect(
			createVisit(ctx.db, office, { unitId: f.units.otherUnit, visitedOn: '2026-02-03' }, 'en')
		).rejects.toThrow(FieldsRuleError);
		await expect(setVisitTemplate(ctx.db, office, f.programmeId, { questions: [] })).rejects.toThrow(
			FieldsRuleError
		);
		await setVisitTemplate(ctx.db, office, f.programmeId, { questions: ['Own question?'] });
		const { id } = await createVisit(ctx.db, office, { unitId: f.units.W3, visitedOn: '2026-05-02' }, 'en');
		expect((await getVisit(ctx.db, office, id)).answers.map((a) => a.question)).toEqual(['Own question?']);
	});
});
