import { translate } from '#lib/i18n/index.ts';
import type { NewExpense } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { DEFAULT_QUESTIONS, prepareIndicators } from '../visits/visits.service.ts';
import type { DemoExtension } from './demo.ts';

/**
 * Demo budget, follow-up visits and a funder report (issue 12), after KUB: the competence
 * money split 50/50, half to the workplaces as a fixed sum per workplace per year and half to
 * central formal activities; a year of expenses (trainer fees per held session, venues,
 * travel and materials per workplace); follow-up visits to a third of the workplaces (the
 * demo manager's included) with KUB's questions; a funder report for the demo year that the
 * office opens from its home page. Hourly costs are set by the base demo.
 */
const PER_WORKPLACE = 4_000_000; // 40 000 kr in öre

export const budgetDemo: DemoExtension = {
	name: 'budget',
	async run({ db, programmeId, random, units, loginIds }) {
		const year = new Date().getUTCFullYear();
		const now = nowIso();
		const workplaces = units.filter((u) => u.kind === 'workplace');
		await db.insertInto('budgetSettings').values({ programmeId, currency: 'SEK', updatedAt: now }).execute();
		await db
			.insertInto('fundingSources')
			.values([
				{
					programmeId,
					kind: 'funder',
					name: 'Europeiska socialfonden',
					year,
					amount: workplaces.length * PER_WORKPLACE * 1.5
				},
				{
					programmeId,
					kind: 'own',
					name: 'Regionens egen insats',
					year,
					amount: workplaces.length * PER_WORKPLACE * 0.5
				}
			])
			.execute();
		const half = workplaces.length * PER_WORKPLACE;
		const [local, central] = await db
			.insertInto('budgetLines')
			.values([
				{
					programmeId,
					year,
					kind: 'workplaces',
					name: 'Lokala kompetensmedel',
					amount: half,
					perWorkplace: PER_WORKPLACE
				},
				{
					programmeId,
					year,
					kind: 'central',
					name: 'Centrala föreläsningar och kurser',
					amount: half,
					perWorkplace: null
				}
			])
			.returning('id')
			.execute();

		// Trainer fees for the year's held sessions (at most 60), a venue for every third.
		const sessions = await db
			.selectFrom('sessions as s')
			.innerJoin('activities as a', 'a.id', 's.activityId')
			.select(['s.id', 's.activityId', 's.startsAt'])
			.where('a.programmeId', '=', programmeId)
			.where('s.status', '<>', 'cancelled')
			.where('s.startsAt', '>=', `${year}-01-01`)
			.where('s.startsAt', '<', now)
			.orderBy('s.startsAt')
			.limit(60)
			.execute();
		const expenses: NewExpense[] = [];
		for (const [i, s] of sessions.entries()) {
			const spentOn = s.startsAt.slice(0, 10);
			expenses.push({
				programmeId,
				budgetLineId: central!.id,
				category: 'trainer_fee',
				amount: random.int(60, 150) * 10_000,
				spentOn,
				supplier: random.pick(['Föreläsarbyrån AB', 'Bibliotekskonsult HB', 'Läs & Lär AB']),
				activityId: s.activityId,
				sessionId: s.id,
				createdBy: loginIds['office@demo.klok'] ?? null
			});
			if (i % 3 === 0)
				expenses.push({
					programmeId,
					budgetLineId: central!.id,
					category: 'venue',
					amount: random.int(15, 40) * 10_000,
					spentOn,
					supplier: 'Kulturhuset',
					activityId: s.activityId,
					sessionId: s.id
				});
		}
		for (const w of workplaces) {
			for (let k = random.int(1, 3); k > 0; k--) {
				const month = String(random.int(1, Math.max(1, new Date().getUTCMonth() + 1))).padStart(2, '0');
				expenses.push({
					programmeId,
					budgetLineId: local!.id,
					category: random.pick(['travel', 'materials', 'other'] as const),
					amount: random.int(20, 120) * 10_000,
					spentOn: `${year}-${month}-${String(random.int(1, 28)).padStart(2, '0')}`,
					supplier: random.pick(['SJ', 'Adlibris', 'Studieförbundet']),
					unitId: w.id
				});
			}
		}
		for (let i = 0; i < expenses.length; i += 200)
			await db
				.insertInto('expenses')
				.values(expenses.slice(i, i + 200))
				.execute();

		// Follow-up visits: every third workplace and the demo manager's.
		const managed = await db
			.selectFrom('roleAssignments')
			.select('unitId')
			.where('personId', '=', loginIds['manager@demo.klok'] ?? -1)
			.where('role', '=', 'manager')
			.execute();
		const managedIds = new Set(managed.map((m) => m.unitId));
		const visited = workplaces.filter((w, i) => i % 3 === 0 || managedIds.has(w.id));
		const questions = DEFAULT_QUESTIONS.map((k) => translate('sv', k));
		for (const [i, w] of visited.entries()) {
			const indicators = await prepareIndicators(db, programmeId, w.id);
			const answers = questions.map((question) => ({
				question,
				answer: random.pick(['yes', 'partly', 'no'] as const),
				note: null
			}));
			const visitedOn = `${year}-${String(3 + (i % 8)).padStart(2, '0')}-${String(5 + (i % 20)).padStart(2, '0')}`;
			const visit = await db
				.insertInto('visits')
				.values({
					programmeId,
					unitId: w.id,
					visitedOn: visitedOn < now.slice(0, 10) ? visitedOn : now.slice(0, 10),
					coordinatorId: loginIds['office@demo.klok'] ?? null,
					indicators: JSON.stringify(indicators),
					answers: JSON.stringify(answers),
					notes: 'Bra samtal med chefen och två medarbetare.',
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await db
				.insertInto('visitActions')
				.values({
					visitId: visit.id,
					text: 'Avsätt en timme i månaden för gemensam reflektion',
					responsible: 'Chefen',
					followUpOn: `${year + 1}-02-01`
				})
				.execute();
		}

		await db
			.insertInto('funderReports')
			.values({
				programmeId,
				title: `Lägesrapport till finansiären ${year}`,
				periodStart: `${year}-01-01`,
				periodEnd: `${year}-12-31`,
				summary: 'Under året har arbetsplatserna arbetat med lärande i vardagen enligt 40-20-40-modellen.',
				lessons: 'Tid för reflektion måste planeras in; chefernas deltagande gör skillnad.',
				createdBy: loginIds['office@demo.klok'] ?? null,
				updatedAt: now
			})
			.execute();
	}
};
