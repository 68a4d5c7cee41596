import { beforeAll, expect, it } from 'vitest';
import { translate, type MessageKey } from '#lib/i18n/index.ts';
import type { FunderFigures } from '#lib/funder-figures.ts';
import { addExpense } from '../budget/budget.service.ts';
import { buildGoalFixture, type GoalFixture } from '../goals/goals.fixtures.ts';
import { createGoal, goalTable, overrideStatus } from '../goals/goals.service.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { memoStats, wholeStats } from '../reports/reports.service.ts';
import { submitAnswers } from '../surveys/answering.service.ts';
import { sendSurvey } from '../surveys/distribution.service.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	computeFigures,
	createReport,
	exportReport,
	freezeReport,
	getReport,
	listReports,
	renderStats,
	updateReportTexts
} from './funder-report.service.ts';

/**
 * A repeated view of the funder report reads its expensive parts (participation figures,
 * co-financing, the goals' totals and coverage counts) from the report memo instead of
 * computing them, and its PDF/XLSX from the rendered files; every kind of change those parts
 * read shows in the next view. Observed through the memo's and the renderer's counters.
 */
describeEachDb('funder report: repeated views reuse the computed figures', (ctx) => {
	let f: GoalFixture;
	let office: Actor;
	let reportId: number;
	const goals: Record<string, number> = {};
	const en = (key: MessageKey) => translate('en', key);

	const view = async () => (await getReport(ctx.db, office, reportId, 'en')).figures;
	/** The figures without the instant they were computed at. */
	const shown = (x: FunderFigures) => ({ ...x, computedAt: null });
	const head = (x: FunderFigures, key: MessageKey) => x.headline.find((h) => h.label === en(key))!.value;
	const table = (x: FunderFigures, id: string) => x.tables.find((t) => t.id === id)!;
	const goalRow = (x: FunderFigures, text: string) => table(x, 'goals').rows.find((r) => r[0] === text)!;
	/** How many memoised parts `work` computed. */
	const computedBy = async <T>(work: () => Promise<T>) => {
		const before = memoStats.computed;
		const value = await work();
		return { value, computed: memoStats.computed - before };
	};

	beforeAll(async () => {
		// A tag per database: the rendered files are shared by every database of the process
		// (keyed by what they show), and the two runs' figures would otherwise be alike.
		f = await buildGoalFixture(ctx.db, `fcache-${ctx.dialect}`);
		office = (await loadActor(ctx.db, f.people.office))!;
		const goal = async (key: string, input: Record<string, unknown>) =>
			(goals[key] = await createGoal(ctx.db, office, f.programmeId, {
				kind: 'measurable',
				text_en: key,
				...input
			}));
		await goal('Everyone attended', { indicatorKind: 'coverage', coverageRule: 'attended', target: 100 });
		await goal('In a process', { indicatorKind: 'coverage', coverageRule: 'process', target: 100 });
		await goal('Hours', { indicatorKind: 'count', countSource: 'hours', target: 1000 });
		reportId = (
			await createReport(ctx.db, office, f.programmeId, {
				title: 'Report 2026',
				periodStart: '2026-01-01',
				periodEnd: '2026-12-31',
				summary: 'First summary.'
			})
		).id;
	});

	it('gives the same figures again without computing any memoised part', async () => {
		const first = await computedBy(view);
		expect(first.computed).toBeGreaterThan(0);
		const hits = wholeStats.hits;
		const second = await computedBy(view);
		expect(second.computed).toBe(0);
		// Served whole: not even the memoised parts are read.
		expect(wholeStats.hits).toBe(hits + 1);
		expect(shown(second.value)).toEqual(shown(first.value));
		expect(goalRow(second.value, 'Everyone attended')[3]).toContain('/ 10');
	});

	it('shows an attendance marked in the next view (hours, the hours goal)', async () => {
		const before = await view();
		await ctx.db
			.updateTable('registrations')
			.set({ status: 'attended', hoursCredited: 3 })
			.where('personId', '=', f.people.p4)
			.where('sessionId', '=', f.sessions.S1)
			.execute();
		const { value: after, computed } = await computedBy(view);
		expect(computed).toBeGreaterThan(0);
		expect(head(after, 'funder.headline.hours')).toBe(head(before, 'funder.headline.hours') + 3);
		expect(goalRow(after, 'Hours')[3]).not.toBe(goalRow(before, 'Hours')[3]);
	});

	it("shows a person's unit changed and a person deactivated in the next view (unit table, coverage)", async () => {
		const w3 = async () => {
			const name = (await ctx.db
				.selectFrom('units')
				.select('name')
				.where('id', '=', f.units.W3)
				.executeTakeFirstOrThrow())!.name;
			return table(await view(), 'unit').rows.find((r) => r[0] === name)!;
		};
		const before = await w3();
		// p6 (at the region, no workplace) moves to W3.
		await ctx.db.updateTable('people').set({ unitId: f.units.W3 }).where('id', '=', f.people.p6).execute();
		expect((await w3())[1]).toBe(Number(before[1]) + 1);
		// The coverage goal counts the active staff: p1 (who attended) leaves.
		const coverage = goalRow(await view(), 'Everyone attended')[3] as string;
		const [meeting, people] = /(\d+) \/ (\d+)/.exec(coverage)!.slice(1).map(Number) as [number, number];
		await ctx.db
			.updateTable('people')
			.set({ deactivatedAt: new Date().toISOString() })
			.where('id', '=', f.people.p1)
			.execute();
		expect(goalRow(await view(), 'Everyone attended')[3]).toContain(`${meeting - 1} / ${people - 1}`);
		await ctx.db.updateTable('people').set({ deactivatedAt: null }).where('id', '=', f.people.p1).execute();
		expect(goalRow(await view(), 'Everyone attended')[3]).toContain(`${meeting} / ${people}`);
	});

	it('shows a session cancelled, an expense added, a goal overridden and the texts edited in the next view', async () => {
		const before = await view();
		await ctx.db
			.updateTable('sessions')
			.set({ status: 'cancelled' })
			.where('id', '=', f.sessions.S2)
			.execute();
		const cancelled = await view();
		expect(head(cancelled, 'funder.headline.cancelled')).toBe(head(before, 'funder.headline.cancelled') + 1);

		const spent = (x: FunderFigures) =>
			table(x, 'budget').rows.find((r) => r[0] === en('funder.budget.actual'))![1];
		await addExpense(
			ctx.db,
			office,
			f.programmeId,
			{ category: 'trainer_fee', amount: '1 000', spentOn: '2026-03-01' },
			'en'
		);
		expect(spent(await view())).toBe(Number(spent(cancelled)) + 100_000);

		await overrideStatus(ctx.db, office, goals['In a process']!, {
			status: 'achieved',
			reason: 'Board decision'
		});
		const overridden = goalRow(await view(), 'In a process');
		expect(overridden[2]).toBe(en('goals.status.achieved'));
		expect(overridden[3]).toContain('Board decision');

		await updateReportTexts(ctx.db, office, reportId, { summary: 'Second summary.', lessons: 'Learnt.' });
		expect((await view()).texts).toEqual({ summary: 'Second summary.', lessons: 'Learnt.' });
	});

	it('renders the PDF and XLSX of unchanged figures once, anew after a change; a frozen version stays', async () => {
		const frozen = await freezeReport(ctx.db, office, reportId, 'en');
		const frozenFigures = (await getReport(ctx.db, office, reportId, 'en', frozen.id)).figures;
		const pdf = () => exportReport(ctx.db, office, reportId, 'pdf', 'en');
		const first = await pdf();
		const rendered = renderStats.rendered;
		const again = await pdf();
		expect(renderStats.rendered).toBe(rendered);
		expect(Buffer.from(again.body as Uint8Array).equals(Buffer.from(first.body as Uint8Array))).toBe(true);
		await exportReport(ctx.db, office, reportId, 'xlsx', 'en');
		const xlsxRendered = renderStats.rendered;
		await exportReport(ctx.db, office, reportId, 'xlsx', 'en');
		expect(renderStats.rendered).toBe(xlsxRendered);

		// A registration marked attended: new figures, a new PDF; the frozen version as it was.
		await ctx.db
			.insertInto('registrations')
			.values({
				sessionId: f.sessions.S3,
				personId: f.people.p5,
				status: 'attended',
				hoursCredited: 2,
				updatedAt: new Date().toISOString()
			})
			.execute();
		const changed = await pdf();
		expect(renderStats.rendered).toBe(xlsxRendered + 1);
		expect(Buffer.from(changed.body as Uint8Array).equals(Buffer.from(first.body as Uint8Array))).toBe(false);
		const still = (await getReport(ctx.db, office, reportId, 'en', frozen.id)).figures;
		expect(still).toEqual(frozenFigures);
		expect(head(await view(), 'funder.headline.hours')).toBe(
			head(frozenFigures, 'funder.headline.hours') + 2
		);
	});

	/** The view after `change`: computed anew (the report, and the goal table if it changed), then served whole. */
	const viewAfter = async (change: () => Promise<unknown>, now?: Date) => {
		await view();
		await change();
		const computed = wholeStats.computed;
		const next = now ? await computeAt(now) : await view();
		expect(wholeStats.computed).toBeGreaterThan(computed);
		const hits = wholeStats.hits;
		expect(shown(now ? await computeAt(now) : await view())).toEqual(shown(next));
		expect(wholeStats.hits).toBe(hits + 1);
		return next;
	};
	/** The figures as of `now`, of the report row as stored (read without computing a view). */
	const computeAt = async (now: Date) => {
		const row = (await listReports(ctx.db, office, f.programmeId)).reports.find((r) => r.id === reportId)!;
		return computeFigures(ctx.db, office, row, 'en', now);
	};

	it('shows a budget expense, a goal override, a visit and a report text in the next view, then serves it whole', async () => {
		const spent = (x: FunderFigures) =>
			table(x, 'budget').rows.find((r) => r[0] === en('funder.budget.actual'))![1];
		const before = Number(spent(await view()));
		const afterExpense = await viewAfter(() =>
			addExpense(
				ctx.db,
				office,
				f.programmeId,
				{ category: 'venue', amount: '50', spentOn: '2026-04-01' },
				'en'
			)
		);
		expect(spent(afterExpense)).toBe(before + 5_000);

		const afterOverride = await viewAfter(() =>
			overrideStatus(ctx.db, office, goals['Hours']!, { status: 'notAchieved', reason: 'Slow spring' })
		);
		expect(goalRow(afterOverride, 'Hours')[2]).toBe(en('goals.status.notAchieved'));

		const visits = head(await view(), 'funder.headline.visits');
		const afterVisit = await viewAfter(() =>
			ctx.db
				.insertInto('visits')
				.values({
					programmeId: f.programmeId,
					unitId: f.units.W3,
					visitedOn: '2026-05-05',
					coordinatorId: null,
					indicators: '{}',
					answers: '[]',
					notes: null,
					updatedAt: new Date().toISOString()
				})
				.execute()
		);
		expect(head(afterVisit, 'funder.headline.visits')).toBe(Number(visits) + 1);

		const afterText = await viewAfter(() =>
			updateReportTexts(ctx.db, office, reportId, { summary: 'Third summary.', lessons: '' })
		);
		expect(afterText.texts.summary).toBe('Third summary.');
	});

	it('shows a survey response submitted in the next view (the kept counts stamp it)', async () => {
		const at = new Date().toISOString();
		const surveyId = (
			await ctx.db
				.insertInto('surveys')
				.values({
					programmeId: f.programmeId,
					kind: 'programme',
					titleJson: JSON.stringify({ en: 'Open survey' }),
					anonymous: 0,
					status: 'draft',
					updatedAt: at
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const options = JSON.stringify([1, 2].map((value) => ({ value, labels: { en: `O${value}` } })));
		const scaleId = (
			await ctx.db
				.insertInto('surveyScales')
				.values({
					programmeId: f.programmeId,
					code: `fcache-${ctx.dialect}`,
					nameJson: JSON.stringify({ en: 'Yes/no' }),
					optionsJson: options
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const questionId = (
			await ctx.db
				.insertInto('surveyQuestions')
				.values({
					surveyId,
					sectionId: null,
					bankQuestionId: null,
					type: 'single',
					textJson: JSON.stringify({ en: 'Useful?' }),
					scaleId,
					optionsJson: null,
					maxPicks: null,
					required: 1,
					conditionJson: null,
					sortOrder: 1
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const row = (x: FunderFigures) => table(x, 'surveys').rows.find((r) => r[0] === 'Open survey');
		const answered = (x: FunderFigures) => row(x)!;
		// A draft is not summarised.
		expect(row(await view())).toBeUndefined();
		// Sent to p2's team: it shows with its invitations (the send updates the survey's row).
		const sent = await viewAfter(() =>
			sendSurvey(
				ctx.db,
				office,
				surveyId,
				{ audience: { kind: 'units', unitIds: [f.units.T1] } },
				{
					origin: 'https://klok.test'
				}
			)
		);
		expect(Number(answered(sent)[1])).toBeGreaterThan(0);
		expect(answered(sent)[2]).toBe(0);
		const after = await viewAfter(() =>
			submitAnswers(ctx.db, { surveyId, personId: f.people.p2 }, { raw: { [`q${questionId}`]: '1' } })
		);
		expect(answered(after)[2]).toBe(1);
	});

	it('computes anew when the day passes, and from a session start on (held by the clock)', async () => {
		const today = new Date();
		const first = await computeAt(today);
		const hits = wholeStats.hits;
		await computeAt(today);
		expect(wholeStats.hits).toBe(hits + 1);
		const tomorrow = new Date(
			Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1, 0, 5)
		);
		const computed = wholeStats.computed;
		const next = await computeAt(tomorrow);
		expect(wholeStats.computed).toBeGreaterThan(computed);
		expect(next.computedAt.slice(0, 10)).not.toBe(first.computedAt.slice(0, 10));

		// A session later today, in the period: counted held from its start, though the day is the same.
		const start = new Date(today.getTime() + 60_000);
		if (start.getUTCDate() !== today.getUTCDate()) return;
		const activityId = (
			await ctx.db
				.selectFrom('activities')
				.select('id')
				.where('programmeId', '=', f.programmeId)
				.executeTakeFirstOrThrow()
		).id;
		await ctx.db
			.insertInto('sessions')
			.values({
				activityId,
				startsAt: start.toISOString(),
				endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
				title: null,
				place: null,
				onlineUrl: null,
				capacity: 10,
				hours: 1,
				registrationOpensAt: null,
				registrationClosesAt: null,
				recordingUrl: null,
				cancelledAt: null,
				cancelReason: null,
				...{ updatedAt: today.toISOString() }
			})
			.execute();
		const held = head(await computeAt(today), 'funder.headline.held');
		const before = wholeStats.computed;
		const later = await computeAt(new Date(start.getTime() + 1_000));
		expect(wholeStats.computed).toBeGreaterThan(before);
		expect(head(later, 'funder.headline.held')).toBe(Number(held) + 1);
	});

	it('serves the goal table (goals pages, steering) whole on a repeated view, anew after a change', async () => {
		const rowOf = async (text: string) => {
			const t = await goalTable(ctx.db, office, f.programmeId, { locale: 'en' });
			return t.groups.flatMap((g) => g.goals).find((g) => g.text === text)!;
		};
		await rowOf('Hours');
		const hits = wholeStats.hits;
		const computed = memoStats.computed;
		await rowOf('Hours');
		expect(wholeStats.hits).toBe(hits + 1);
		expect(memoStats.computed).toBe(computed);
		await overrideStatus(ctx.db, office, goals['Hours']!, { status: 'good', reason: 'On track' });
		expect((await rowOf('Hours')).status).toBe('good');
		await overrideStatus(ctx.db, office, goals['Hours']!, { status: 'clear' });
		expect((await rowOf('Hours')).statusSource).toBe('computed');
	});
});
