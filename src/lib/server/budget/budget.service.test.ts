import { beforeAll, expect, it } from 'vitest';
import { FieldsRuleError } from '../core/errors.ts';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { buildBudgetFixture, type BudgetFixture } from './budget.fixtures.ts';
import {
	addBudgetLine,
	addExpense,
	addFundingSource,
	budgetOverview,
	budgetSummary,
	coFinancingByPerson,
	exportBudgetCsv,
	listExpenses,
	removeExpense,
	setCurrency,
	workplaceBudget
} from './budget.service.ts';
import { formatMoney, parseMoney } from '#lib/money.ts';

it('parses amounts as typed in each language and refuses fractions of minor units', () => {
	expect(parseMoney('1 234,50', 'sv')).toEqual({ ok: true, minor: 123450 });
	expect(parseMoney('1\u00a0234,5', 'nb')).toEqual({ ok: true, minor: 123450 });
	expect(parseMoney('1.234,50', 'da')).toEqual({ ok: true, minor: 123450 });
	expect(parseMoney('1,234.50', 'en')).toEqual({ ok: true, minor: 123450 });
	expect(parseMoney('12,345', 'sv')).toEqual({ ok: false, error: 'fraction' });
	expect(parseMoney('-5', 'sv')).toEqual({ ok: false, error: 'negative' });
	expect(parseMoney('abc', 'sv')).toEqual({ ok: false, error: 'invalid' });
	expect(parseMoney(10.005, 'en')).toEqual({ ok: false, error: 'fraction' });
	expect(formatMoney(123450, 'SEK', 'sv').replace(/\s/g, ' ')).toBe('1 234,50 kr');
	expect(formatMoney(123450, 'EUR', 'en')).toBe('€1,234.50');
});

describeEachDb('budget', (ctx) => {
	let f: BudgetFixture;
	let office: Actor;
	let steering: Actor;
	let manager: Actor;
	let participant: Actor;
	let central: number;
	let local: number;

	beforeAll(async () => {
		f = await buildBudgetFixture(ctx.db, 'bud');
		office = (await loadActor(ctx.db, f.people.office))!;
		steering = (await loadActor(ctx.db, f.people.steering))!;
		manager = (await loadActor(ctx.db, f.manager))!;
		participant = (await loadActor(ctx.db, f.people.p1))!;
		const p = f.programmeId;
		await addFundingSource(
			ctx.db,
			office,
			p,
			{ kind: 'funder', name: 'ESF', year: 2026, amount: '1 000 000' },
			'sv'
		);
		await addFundingSource(
			ctx.db,
			office,
			p,
			{ kind: 'own', name: 'Region', year: 2026, amount: 1000000 },
			'en'
		);
		local = (
			await addBudgetLine(
				ctx.db,
				office,
				p,
				{ kind: 'workplaces', name: 'Local', year: 2026, amount: '300 000', perWorkplace: '100 000' },
				'sv'
			)
		).id;
		central = (
			await addBudgetLine(
				ctx.db,
				office,
				p,
				{ kind: 'central', name: 'Lectures', year: 2026, amount: '300000' },
				'sv'
			)
		).id;
		const e = (input: object) => addExpense(ctx.db, office, p, input, 'sv');
		await e({
			category: 'trainer_fee',
			amount: '12 500,50',
			spentOn: '2026-01-15',
			supplier: 'Föreläsare AB',
			budgetLineId: central,
			sessionId: f.sessions.S1
		});
		await e({
			category: 'venue',
			amount: '2000',
			spentOn: '2026-03-01',
			budgetLineId: local,
			unitId: f.units.W1
		});
		await e({
			category: 'travel',
			amount: '1000',
			spentOn: '2026-05-01',
			budgetLineId: local,
			unitId: f.units.T1
		});
		await e({ category: 'materials', amount: '500', spentOn: '2025-12-31', unitId: f.units.W2 });
	});

	it('computes budget against actual per line, per workplace and per year', async () => {
		const o = await budgetOverview(ctx.db, office, f.programmeId, 2026);
		expect(o.funding).toEqual({ funder: 100000000, own: 100000000, total: 200000000 });
		expect(o.planned).toBe(60000000);
		expect(o.actual).toBe(1250050 + 200000 + 100000);
		expect(o.lines.map((l) => [l.name, l.planned, l.actual, l.remaining])).toEqual([
			['Local', 30000000, 300000, 29700000],
			['Lectures', 30000000, 1250050, 28749950]
		]);
		const w = new Map(o.workplaces!.map((r) => [r.unitId, r]));
		// T1's travel rolls up to W1; W2's expense is in 2025.
		expect(w.get(f.units.W1)).toMatchObject({ allocation: 10000000, spent: 300000, remaining: 9700000 });
		expect(w.get(f.units.W2)).toMatchObject({ spent: 0 });
		const all = await budgetSummary(ctx.db, office, f.programmeId);
		expect(all.actual).toBe(1550050 + 50000);
		const y2025 = await budgetSummary(ctx.db, office, f.programmeId, 2025);
		expect([y2025.planned, y2025.actual]).toEqual([0, 50000]);
		expect((await listExpenses(ctx.db, office, f.programmeId, { year: 2026 })).total).toBe(3);
	});

	it('computes co-financing from attended hours × hourly cost', async () => {
		const s = await budgetSummary(ctx.db, office, f.programmeId, 2026);
		expect(s.coFinancing).toEqual({ amount: 1460300, costedHours: 48, uncostedHours: 2 });
		const o = await budgetOverview(ctx.db, office, f.programmeId, 2026);
		const w = new Map(o.workplaces!.map((r) => [r.unitId, r.coFinancing]));
		expect([w.get(f.units.W1), w.get(f.units.W2), w.get(f.units.W3)]).toEqual([830000, 210300, 320000]);
		const people = await coFinancingByPerson(ctx.db, office, f.programmeId, { year: 2026 });
		expect(people[0]).toMatchObject({ personId: f.people.p1, hours: 11, amount: 440000, hourlyCost: 400 });
	});

	it('shows the office everything, steering totals, a manager their workplace', async () => {
		const st = await budgetOverview(ctx.db, steering, f.programmeId, 2026);
		expect(st.workplaces).toBeNull();
		expect(st.sensitive).toBe(false);
		expect(st.coFinancing.amount).toBe(1460300);
		await expect(coFinancingByPerson(ctx.db, steering, f.programmeId)).rejects.toThrow(AccessDeniedError);
		await expect(listExpenses(ctx.db, steering, f.programmeId)).rejects.toThrow(AccessDeniedError);
		await expect(budgetOverview(ctx.db, manager, f.programmeId)).rejects.toThrow(AccessDeniedError);
		const mine = await workplaceBudget(ctx.db, manager, f.units.W1, 2026);
		expect(mine.row).toMatchObject({ allocation: 10000000, spent: 300000, coFinancing: 830000 });
		expect(mine.expenses.map((e) => e.amount).sort()).toEqual([100000, 200000]);
		await expect(workplaceBudget(ctx.db, manager, f.units.W2, 2026)).rejects.toThrow(AccessDeniedError);
		await expect(budgetSummary(ctx.db, participant, f.programmeId)).rejects.toThrow(AccessDeniedError);
		await expect(
			addExpense(
				ctx.db,
				manager,
				f.programmeId,
				{ category: 'venue', amount: '1', spentOn: '2026-01-01' },
				'sv'
			)
		).rejects.toThrow(AccessDeniedError);
	});

	it('exports each budget table as CSV for the office, every export audited', async () => {
		const lines = await exportBudgetCsv(
			ctx.db,
			office,
			f.programmeId,
			{ table: 'lines', year: '2026' },
			'sv'
		);
		expect(lines.fileName).toBe('klok-budget-lines-2026.csv');
		expect(lines.body.split('\r\n').slice(0, 3)).toEqual([
			'\ufeffNamn;År;Slag;Budgeterat;Utfall;Kvar',
			'Local;2026;Till arbetsplatserna;300000;3000;297000',
			'Lectures;2026;Centrala aktiviteter;300000;"12500,5";"287499,5"'
		]);
		const w = await exportBudgetCsv(ctx.db, office, f.programmeId, { table: 'workplaces', year: 2026 }, 'en');
		const w1 = w.body.split('\r\n').find((l) => l.startsWith('Workplace W1'))!;
		expect(w1.split(',').slice(1)).toEqual(['100000', '3000', '97000', '8300']);
		const all = await exportBudgetCsv(ctx.db, office, f.programmeId, { table: 'expenses' }, 'en');
		const rows = all.body.trim().split('\r\n');
		expect(rows).toHaveLength(1 + 4);
		expect(rows.some((r) => r.startsWith('2026-01-15,Trainer fees,Föreläsare AB,,12500.5,'))).toBe(true);
		await expect(exportBudgetCsv(ctx.db, office, f.programmeId, { table: 'people' }, 'en')).rejects.toThrow(
			FieldsRuleError
		);
		await expect(exportBudgetCsv(ctx.db, steering, f.programmeId, { table: 'lines' }, 'en')).rejects.toThrow(
			AccessDeniedError
		);
		await expect(
			exportBudgetCsv(ctx.db, manager, f.programmeId, { table: 'expenses' }, 'en')
		).rejects.toThrow(AccessDeniedError);
		const audit = await ctx.db
			.selectFrom('auditLog')
			.select(['after'])
			.where('programmeId', '=', f.programmeId)
			.where('action', '=', 'export')
			.where('entityType', '=', 'budget')
			.orderBy('id')
			.execute();
		expect(audit.map((a) => JSON.parse(a.after!))).toEqual([
			{ table: 'lines', year: 2026, format: 'csv', rows: 2 },
			{ table: 'workplaces', year: 2026, format: 'csv', rows: 3 },
			{ table: 'expenses', year: null, format: 'csv', rows: 4 }
		]);
	});

	it('deletes an expense (audited with what it was), refuses one of another programme', async () => {
		const { id } = await addExpense(
			ctx.db,
			office,
			f.programmeId,
			{ category: 'other', amount: '99', spentOn: '2026-07-01', supplier: 'By mistake' },
			'sv'
		);
		const elsewhere = (
			await ctx.db
				.insertInto('expenses')
				.values({ programmeId: f.otherProgrammeId, category: 'venue', amount: 100, spentOn: '2026-01-01' })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		await expect(removeExpense(ctx.db, office, f.programmeId, elsewhere)).rejects.toThrow(AccessDeniedError);
		await expect(removeExpense(ctx.db, steering, f.programmeId, id)).rejects.toThrow(AccessDeniedError);
		expect(
			await ctx.db.selectFrom('expenses').select('id').where('id', 'in', [id, elsewhere]).execute()
		).toHaveLength(2);
		await removeExpense(ctx.db, office, f.programmeId, id);
		expect(await ctx.db.selectFrom('expenses').select('id').where('id', '=', id).execute()).toEqual([]);
		const audit = await ctx.db
			.selectFrom('auditLog')
			.select(['before', 'actorId'])
			.where('action', '=', 'delete')
			.where('entityType', '=', 'budget')
			.where('entityId', '=', id)
			.executeTakeFirstOrThrow();
		expect(audit.actorId).toBe(f.people.office);
		expect(JSON.parse(audit.before!)).toMatchObject({
			item: 'expense',
			category: 'other',
			amount: 9900,
			spentOn: '2026-07-01',
			supplier: 'By mistake'
		});
		await expect(removeExpense(ctx.db, office, f.programmeId, id)).rejects.toThrow(AccessDeniedError);
	});

	it('refuses bad input with field messages and stores nothing', async () => {
		const before = (await listExpenses(ctx.db, office, f.programmeId)).total;
		const fail = async (input: object, locale: 'sv' | 'en' = 'sv') => {
			const e = await addExpense(ctx.db, office, f.programmeId, input, locale).catch((x: unknown) => x);
			expect(e).toBeInstanceOf(FieldsRuleError);
			return (e as FieldsRuleError).fieldErrors(locale);
		};
		const base = { category: 'venue', spentOn: '2026-02-01' };
		expect(await fail({ ...base, amount: '12,345' })).toEqual({
			amount: ['Använd högst två decimaler (hela ören).']
		});
		expect(await fail({ ...base, amount: '-5' })).toEqual({ amount: ['Beloppet kan inte vara negativt.'] });
		expect(await fail({ ...base, amount: '5', activityId: f.otherActivity })).toEqual({
			activityId: ['Det här hör till ett annat program.']
		});
		expect(Object.keys(await fail({ ...base, amount: '5', unitId: f.units.otherUnit }, 'en'))).toEqual([
			'unitId'
		]);
		expect((await listExpenses(ctx.db, office, f.programmeId)).total).toBe(before);
		await expect(setCurrency(ctx.db, office, f.programmeId, { currency: 'USD' })).rejects.toThrow(
			FieldsRuleError
		);
		expect(await setCurrency(ctx.db, office, f.programmeId, { currency: 'EUR' })).toBe('EUR');
		expect((await budgetSummary(ctx.db, steering, f.programmeId)).currency).toBe('EUR');
	});
});
