import { beforeAll, describe, expect, it } from 'vitest';
import { addBudgetLine, addExpense, addFundingSource } from '../budget/budget.service.ts';
import { FieldsRuleError } from '../core/errors.ts';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { addDecision, createMeeting, sendDecisionNudges, upcomingFollowUps } from './decisions.service.ts';
import { buildGoalFixture, type GoalFixture } from './goals.fixtures.ts';
import { presentGoalRow } from './goals.presenter.ts';
import { deriveStatus, elapsedShare } from './goals.rules.ts';
import {
	assessGoal,
	createGoal,
	goalDetail,
	goalTable,
	overrideStatus,
	registerGoalCountSource,
	setThresholds,
	takeSnapshot,
	type GoalRow
} from './goals.service.ts';
import { steeringDashboard } from './steering.service.ts';

/** Half of the fixture programme's period (2026-01-01 … 2027-12-31) has passed. */
const AS_OF = new Date('2027-01-01T00:00:00.000Z');

describe('goal status rules', () => {
	it('compares cumulative indicators with the elapsed period and levels with the target', () => {
		const t = { goodProgress: 0.9, onTheWay: 0.5 };
		expect(elapsedShare('2026-01-01', '2027-12-31', AS_OF)).toBe(0.5);
		expect(deriveStatus('count', 10, 10, 0.2, t)).toBe('achieved');
		expect(deriveStatus('count', 5, 10, 0.5, t)).toBe('good');
		expect(deriveStatus('count', 3, 10, 0.5, t)).toBe('onTheWay');
		expect(deriveStatus('count', 2, 10, 0.5, t)).toBe('notAchieved');
		// A share is expected in full at any time.
		expect(deriveStatus('share', 0.5, 0.8, 0.1, t)).toBe('onTheWay');
		expect(deriveStatus('share', 0.75, 0.8, 0.1, t)).toBe('good');
	});
});

describeEachDb('goals', (ctx) => {
	let f: GoalFixture;
	let office: Actor;
	let steering: Actor;
	const ids: Record<string, number> = {};
	const text = (en: string) => ({ text_en: en, kind: 'measurable' });

	const rowsOf = async (options: Parameters<typeof goalTable>[3] = { asOf: AS_OF }) =>
		new Map(
			(await goalTable(ctx.db, office, f.programmeId, { locale: 'en', ...options })).groups
				.flatMap((g) => g.goals)
				.map((r) => [r.id, r])
		);
	const row = async (key: string, options?: Parameters<typeof goalTable>[3]) =>
		(await rowsOf(options)).get(ids[key]!)!;
	const figures = (r: GoalRow) => ({ actual: r.actual, target: r.target, status: r.status });
	const auditOf = async (entityId: number, entityType = 'goal') =>
		(
			await ctx.db
				.selectFrom('auditLog')
				.select(['before', 'after'])
				.where('entityType', '=', entityType)
				.where('entityId', '=', entityId)
				.where('action', '=', 'update')
				.orderBy('id', 'desc')
				.execute()
		).map((r) => ({ before: JSON.parse(r.before!), after: JSON.parse(r.after!) }));

	beforeAll(async () => {
		f = await buildGoalFixture(ctx.db, 'goals');
		office = (await loadActor(ctx.db, f.people.office))!;
		steering = (await loadActor(ctx.db, f.people.steering))!;
		const goal = (key: string, input: Record<string, unknown>) =>
			createGoal(ctx.db, office, f.programmeId, input).then((id) => (ids[key] = id));
		await goal('aim', { kind: 'aim', text_sv: 'Ett lärande bibliotek', text_en: 'A learning library' });
		await goal('participants', {
			...text('Participants'),
			indicatorKind: 'count',
			countSource: 'participants',
			target: 14
		});
		await goal('hours', { ...text('Hours'), indicatorKind: 'count', countSource: 'hours', target: 53 });
		await goal('learningTrack', {
			...text('Learning track'),
			indicatorKind: 'count',
			countSource: 'participants',
			trackId: f.tracks.learning,
			target: 100
		});
		await goal('outside', {
			...text('Outside'),
			indicatorKind: 'count',
			countSource: 'outsideParticipants',
			target: 4
		});
		await goal('courseDays', {
			...text('Days'),
			indicatorKind: 'count',
			countSource: 'courseDays',
			target: 5
		});
		await goal('courses', {
			...text('Courses'),
			indicatorKind: 'count',
			countSource: 'activities',
			activityType: 'course_basic',
			target: 6
		});
		await goal('benefitAll', {
			...text('80 % benefited'),
			examinedBy: 'Course evaluations',
			indicatorKind: 'share',
			bankQuestionId: f.bank,
			values: '1, 2',
			target: 80
		});
		await goal('benefitE1', {
			...text('90 % benefited (E1)'),
			indicatorKind: 'share',
			questionId: f.surveys.E1.questionId,
			values: ['1', '2'],
			target: 90
		});
		await goal('small', {
			...text('Small group'),
			indicatorKind: 'share',
			questionId: f.surveys.C.questionId,
			values: '1',
			target: 50
		});
		await goal('attendedAll', {
			...text('Everyone attended'),
			indicatorKind: 'coverage',
			coverageRule: 'attended',
			target: 100
		});
		await goal('attendedW3', {
			...text('W3 attended'),
			indicatorKind: 'coverage',
			coverageRule: 'attended',
			unitId: f.units.W3,
			target: 100
		});
		await goal('registeredW1', {
			...text('W1 registered'),
			indicatorKind: 'coverage',
			coverageRule: 'registered',
			unitId: f.units.W1,
			target: 100
		});
		await goal('planLinked', {
			...text('Plans linked'),
			indicatorKind: 'coverage',
			coverageRule: 'planLinked',
			target: 100
		});
		await goal('process', {
			...text('In a process'),
			indicatorKind: 'coverage',
			coverageRule: 'process',
			target: 100
		});
		await goal('allPlanned', {
			...text('All planned'),
			indicatorKind: 'allPlanned',
			activityIds: [f.activities.A1, f.activities.A2, f.activities.A3, f.A4].join(',')
		});
		await goal('manual', { ...text('Reflection time'), indicatorKind: 'manual', examinedBy: 'Interviews' });
	});

	it('counts from the named sources against hand-computed figures', async () => {
		const r = await rowsOf();
		const of = (k: string) => figures(r.get(ids[k]!)!);
		// 7 participants of 14 at half the period: pace 100 % → good progress.
		expect(of('participants')).toEqual({ actual: 7, target: 14, status: 'good' });
		expect(of('hours')).toEqual({ actual: 53, target: 53, status: 'achieved' });
		// Learning track (S1, S2): p1, p2, outsider, p3, p5.
		expect(of('learningTrack')).toEqual({ actual: 5, target: 100, status: 'notAchieved' });
		expect(of('outside')).toEqual({ actual: 1, target: 4, status: 'onTheWay' });
		expect(of('courseDays')).toEqual({ actual: 5, target: 5, status: 'achieved' });
		expect(of('courses')).toEqual({ actual: 3, target: 6, status: 'good' });
		expect(r.get(ids.hours!)!.unit).toBe('hours');
		expect(presentGoalRow(r.get(ids.participants!)!, 'en').evidence).toBe('7 unique participants.');
	});

	it('computes shares of respondents across course evaluations under small-group protection', async () => {
		const all = await row('benefitAll');
		// (8 + 4 + 2 + 1) = 15 in E1 of which 12 chose 1 or 2; E2: 3 of 3 → 15 / 18.
		expect(all.actual).toBeCloseTo(15 / 18, 10);
		expect(all.target).toBe(0.8);
		expect(all.status).toBe('achieved');
		expect(all.evidence).toMatchObject({ kind: 'share', n: 18, protected: false, minGroupSize: 5 });
		// E2 has 3 answers (< 5); E1 is hidden too, or 18 − 15 would give E2 back.
		if (all.evidence.kind !== 'share') throw new Error('share');
		expect(all.evidence.surveys.map((s) => [s.n, s.share])).toEqual([
			[null, null],
			[null, null]
		]);
		const e1 = await row('benefitE1');
		expect(figures(e1)).toEqual({ actual: 0.8, target: 0.9, status: 'onTheWay' });
		expect(presentGoalRow(e1, 'en').evidence).toBe(
			'80% of 15 answers in the chosen options. Surveys: Evaluation 1 goals (80% of 15).'
		);
	});

	it('gives no figures and no status for a share under k, with the reason', async () => {
		const small = await row('small');
		expect(figures(small)).toEqual({ actual: null, target: 0.5, status: null });
		expect(small.protectedReason).toBe(
			'Fewer than 5 answered: the figures are protected and the status cannot be computed.'
		);
		expect(small.evidence).toMatchObject({ kind: 'share', n: null, share: null, protected: true });
		const sv = presentGoalRow((await rowsOf({ asOf: AS_OF, locale: 'sv' })).get(ids.small!)!, 'sv');
		expect(sv.protectedReason).toContain('Färre än 5');
	});

	it('computes coverage of the people in scope, managers of the units included, in SQL', async () => {
		const r = await rowsOf();
		const ev = (k: string) => r.get(ids[k]!)!.evidence;
		// Programme: p1–p6, office, steering, two trainers = 10 people; p1–p6 attended.
		expect(ev('attendedAll')).toMatchObject({ kind: 'coverage', people: 10, meeting: 6 });
		expect(r.get(ids.attendedAll!)!.status).toBe('onTheWay');
		// W3: p4 and p5 (both attended) and its manager, the steering person (staff of R), who did not.
		expect(ev('attendedW3')).toMatchObject({ people: 3, meeting: 2, unitName: 'Workplace W3 goals' });
		expect(r.get(ids.attendedW3!)!.actual).toBeCloseTo(2 / 3, 10);
		// W1 and its team T1: p1 and p2, both registered.
		expect(ev('registeredW1')).toMatchObject({ people: 2, meeting: 2 });
		expect(r.get(ids.registeredW1!)!.status).toBe('achieved');
		expect(ev('planLinked')).toMatchObject({ people: 10, meeting: 1 });
		expect(ev('process')).toMatchObject({ people: 10, meeting: 0 });
	});

	it('checks that every planned activity was held', async () => {
		const r = await row('allPlanned');
		expect(r.evidence).toEqual({ kind: 'allPlanned', planned: 4, held: 3 });
		expect(figures(r)).toEqual({ actual: 3, target: 4, status: 'good' });
	});

	it('takes a manual assessment and an override with a reason, keeping the history', async () => {
		await assessGoal(ctx.db, office, ids.manual!, {
			status: 'good',
			comment: 'Interviews: time is set aside.'
		});
		expect(await row('manual')).toMatchObject({ status: 'good', statusSource: 'manual' });

		await expect(overrideStatus(ctx.db, office, ids.participants!, { status: 'achieved' })).rejects.toThrow(
			FieldsRuleError
		);
		await overrideStatus(ctx.db, office, ids.participants!, {
			status: 'achieved',
			reason: 'Counted by hand'
		});
		const over = await row('participants');
		expect(over).toMatchObject({ status: 'achieved', computedStatus: 'good', statusSource: 'override' });
		expect(presentGoalRow(over, 'en').evidence).toContain('Status set by the office: Counted by hand');
		await overrideStatus(ctx.db, office, ids.participants!, { status: 'clear' });
		expect(await row('participants')).toMatchObject({ status: 'good', statusSource: 'computed' });
		const detail = await goalDetail(ctx.db, office, ids.participants!, 'en');
		expect(detail.history.map((h) => [h.kind, h.status, h.reason])).toEqual([
			['clearOverride', null, null],
			['override', 'achieved', 'Counted by hand']
		]);
		// The audit log keeps each change with before and after (newest first).
		const audit = await auditOf(ids.participants!);
		expect(audit.slice(0, 2)).toEqual([
			{
				before: { overrideStatus: 'achieved', overrideReason: 'Counted by hand' },
				after: { overrideStatus: null, overrideReason: null }
			},
			{
				before: { overrideStatus: null, overrideReason: null },
				after: { overrideStatus: 'achieved', overrideReason: 'Counted by hand' }
			}
		]);
		expect((await auditOf(ids.manual!))[0]).toEqual({
			before: { manualStatus: null, manualComment: null },
			after: { manualStatus: 'good', manualComment: 'Interviews: time is set aside.' }
		});
	});

	it('applies the office thresholds', async () => {
		await setThresholds(ctx.db, office, f.programmeId, { goodProgress: '90', onTheWay: '60' });
		await expect(
			setThresholds(ctx.db, office, f.programmeId, { goodProgress: '101', onTheWay: '50' })
		).rejects.toThrow(FieldsRuleError);
		await expect(
			setThresholds(ctx.db, office, f.programmeId, { goodProgress: '40', onTheWay: '50' })
		).rejects.toThrow(FieldsRuleError);
		// 1 of 4 at half the period: pace 50 %, now below "on the way" (60 %).
		expect((await row('outside')).status).toBe('notAchieved');
		await setThresholds(ctx.db, office, f.programmeId, { goodProgress: '90', onTheWay: '50' });
		expect((await row('outside')).status).toBe('onTheWay');
		// Each change is audited with the thresholds before and after; refused input is not.
		const audit = await auditOf(f.programmeId, 'goalSettings');
		expect(audit).toEqual([
			{ before: { goodProgress: 0.9, onTheWay: 0.6 }, after: { goodProgress: 0.9, onTheWay: 0.5 } },
			{ before: { goodProgress: 0.9, onTheWay: 0.5 }, after: { goodProgress: 0.9, onTheWay: 0.6 } }
		]);
	}, 20_000);

	it('snapshots the table so later reads show the movement', async () => {
		const snapshotId = await takeSnapshot(ctx.db, office, f.programmeId, { label: 'Report 1' });
		await ctx.db
			.insertInto('registrations')
			.values({
				sessionId: f.sessions.S2,
				personId: f.people.p6,
				status: 'attended',
				hoursCredited: 6,
				updatedAt: new Date().toISOString()
			})
			.execute();
		const live = await row('hours', {});
		expect(live.actual).toBe(59);
		const then = await row('hours', { snapshotId });
		expect(then.actual).toBe(53);
		const board = await steeringDashboard(ctx.db, steering, f.programmeId, 'en');
		expect(board.trend.snapshot?.label).toBe('Report 1');
		expect(board.participation.find((p) => p.measure === 'hours')).toEqual({
			measure: 'hours',
			actual: 59,
			planned: 53
		});
		expect(board.trend.byGoal[ids.hours!]).toBe('same');
	});

	it('shows the steering group budget against actual as totals, and evaluators none', async () => {
		const empty = await steeringDashboard(ctx.db, steering, f.programmeId, 'en');
		expect([empty.budget?.planned, empty.budget?.actual]).toEqual([0, 0]);
		await addFundingSource(
			ctx.db,
			office,
			f.programmeId,
			{ kind: 'funder', name: 'ESF', year: 2026, amount: '1000' },
			'en'
		);
		const line = await addBudgetLine(
			ctx.db,
			office,
			f.programmeId,
			{ kind: 'central', name: 'Lectures', year: 2026, amount: '500' },
			'en'
		);
		await addExpense(
			ctx.db,
			office,
			f.programmeId,
			{ category: 'venue', amount: '120,50', spentOn: '2026-03-01', budgetLineId: line.id },
			'sv'
		);
		const board = await steeringDashboard(ctx.db, steering, f.programmeId, 'en', 2026);
		expect(board.budget).toMatchObject({ year: 2026, planned: 50000, actual: 12050, remaining: 37950 });
		expect(board.budget?.funding.funder).toBe(100000);
		expect((await steeringDashboard(ctx.db, steering, f.programmeId, 'en', 2025)).budget?.actual).toBe(0);
		await ctx.db
			.insertInto('roleAssignments')
			.values({ personId: f.people.p6, role: 'evaluator', programmeId: f.programmeId })
			.execute();
		const evaluator = (await loadActor(ctx.db, f.people.p6))!;
		expect((await steeringDashboard(ctx.db, evaluator, f.programmeId, 'en')).budget).toBeNull();
	});

	it('refuses bad input field by field and stores nothing', async () => {
		const before = (await rowsOf()).size;
		const fails = async (input: Record<string, unknown>, field: string, key: string) => {
			const e = await createGoal(ctx.db, office, f.programmeId, input).catch((x: unknown) => x);
			expect(e).toBeInstanceOf(FieldsRuleError);
			expect((e as FieldsRuleError).keyFor(field)).toBe(key);
		};
		await fails(
			{ ...text('x'), indicatorKind: 'count', countSource: 'hours', target: -1 },
			'target',
			'goals.error.targetNegative'
		);
		await fails(
			{ ...text('x'), indicatorKind: 'coverage', coverageRule: 'attended', target: 150 },
			'target',
			'goals.error.shareAbove100'
		);
		await fails(
			{
				...text('x'),
				indicatorKind: 'share',
				questionId: f.surveys.foreign.questionId,
				values: '1',
				target: 50
			},
			'questionId',
			'goals.error.unknownQuestion'
		);
		await fails(
			{ ...text('x'), indicatorKind: 'share', questionId: f.surveys.E1.questionId, values: '9', target: 50 },
			'values',
			'goals.error.unknownOption'
		);
		await fails({ kind: 'measurable' }, 'text_sv', 'goals.error.text');
		await fails(
			{ ...text('x'), indicatorKind: 'count', countSource: 'nope', target: 1 },
			'countSource',
			'error.choice'
		);
		expect((await rowsOf()).size).toBe(before);
	});

	it('lets other domains add count sources', async () => {
		registerGoalCountSource('postsPublished', async (_db, programmeId) =>
			programmeId === f.programmeId ? 12 : 0
		);
		const id = await createGoal(ctx.db, office, f.programmeId, {
			...text('Posts'),
			indicatorKind: 'count',
			countSource: 'postsPublished',
			target: 24
		});
		expect(figures((await rowsOf()).get(id)!)).toEqual({ actual: 12, target: 24, status: 'good' });
	});

	it('lets the steering group and evaluators read, not managers or participants; only the office manages', async () => {
		const participant = (await loadActor(ctx.db, f.people.p1))!;
		await expect(goalTable(ctx.db, participant, f.programmeId)).rejects.toThrow(AccessDeniedError);
		await expect(goalTable(ctx.db, steering, f.programmeId)).resolves.toBeTruthy();
		await expect(createGoal(ctx.db, steering, f.programmeId, text('x'))).rejects.toThrow(AccessDeniedError);
		const outsider = (await loadActor(ctx.db, f.people.outsider))!;
		await expect(goalTable(ctx.db, outsider, f.programmeId)).rejects.toThrow(AccessDeniedError);
	});

	it('nudges an overdue follow-up once, through the outbox', async () => {
		const meetingId = await createMeeting(ctx.db, office, f.programmeId, {
			heldOn: '2026-03-01',
			title: 'Spring meeting'
		});
		const decisionId = await addDecision(ctx.db, office, meetingId, {
			text: 'Offer every workplace a method course',
			responsibleId: String(f.people.office),
			followUpOn: '2026-04-01'
		});
		await addDecision(ctx.db, office, meetingId, { text: 'Later', followUpOn: '2099-01-01' });
		await expect(
			addDecision(ctx.db, office, meetingId, { text: 'x', responsibleId: f.people.p1 })
		).rejects.toThrow(FieldsRuleError);
		expect(await sendDecisionNudges(ctx.db)).toEqual([decisionId]);
		expect(await sendDecisionNudges(ctx.db)).toEqual([]);
		const queued = await ctx.db
			.selectFrom('outbox')
			.select(['kind', 'payload'])
			.where('kind', '=', 'goals.decisionNudge')
			.execute();
		expect(queued).toEqual([{ kind: 'goals.decisionNudge', payload: JSON.stringify({ decisionId }) }]);
		const follow = await upcomingFollowUps(ctx.db, steering, f.programmeId);
		expect(follow.map((d) => [d.text, d.overdue])).toEqual([
			['Offer every workplace a method course', true],
			['Later', false]
		]);
	});
});
