import type { Locale } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import type { GoalVerdict } from '../db/schema.ts';
import { budgetSummary, type BudgetSummary } from '../budget/budget.service.ts';
import { authorize, can, type Actor } from '../policy/policy.ts';
import { participationTotals } from '../reports/reports.service.ts';
import { canReadDecisions, upcomingFollowUps, type DecisionView } from './decisions.service.ts';
import { verdictRank } from './goals.rules.ts';
import { goalTable, latestTrend, type GoalRow, type GoalTable } from './goals.service.ts';

/**
 * The steering group's dashboard: goal status at a glance with the trend since the last
 * snapshot, participation and hours against plan (the targets of the programme's count goals
 * on those sources), budget against actual (the budget module's totals, for the whole programme
 * or a year) and the decisions' upcoming follow-ups.
 */

export type Trend = 'up' | 'down' | 'same' | 'new';

export interface SteeringDashboard {
	table: GoalTable;
	trend: { snapshot: { id: number; label: string; takenAt: string } | null; byGoal: Record<number, Trend> };
	statusCounts: { status: GoalVerdict | null; count: number }[];
	participation: {
		measure: 'participants' | 'hours' | 'sessions' | 'courseDays';
		actual: number;
		planned: number | null;
	}[];
	/** null: the reader may not see the decisions log (evaluators). */
	followUps: DecisionView[] | null;
	/** Totals only; null: the reader may not see the budget (evaluators). */
	budget: BudgetSummary | null;
}

const MEASURES = ['participants', 'hours', 'sessions', 'courseDays'] as const;

export async function steeringDashboard(
	db: Db,
	actor: Actor,
	programmeId: number,
	locale: Locale,
	year?: number
): Promise<SteeringDashboard> {
	authorize(actor, 'read', { type: 'goals', programmeId });
	const [table, last, totals] = await Promise.all([
		goalTable(db, actor, programmeId, { locale }),
		latestTrend(db, actor, programmeId),
		participationTotals(db, programmeId, {})
	]);
	const rows: GoalRow[] = table.groups.flatMap((g) => g.goals);
	const byGoal: Record<number, Trend> = {};
	if (last.snapshot)
		for (const r of rows) {
			const before = last.byGoal.get(r.id);
			if (!before) byGoal[r.id] = 'new';
			else {
				const d = verdictRank(r.status) - verdictRank(before.before);
				byGoal[r.id] = d > 0 ? 'up' : d < 0 ? 'down' : 'same';
			}
		}
	const counts = new Map<GoalVerdict | null, number>();
	for (const r of rows.filter((x) => x.kind === 'measurable'))
		counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
	const planned = (measure: string) => {
		const goal = rows.find(
			(r) => r.indicatorKind === 'count' && r.evidence.kind === 'count' && r.evidence.source === measure
		);
		return goal?.target ?? null;
	};
	return {
		table,
		trend: { snapshot: last.snapshot, byGoal },
		statusCounts: (['achieved', 'good', 'onTheWay', 'notAchieved', null] as const)
			.map((status) => ({ status, count: counts.get(status) ?? 0 }))
			.filter((c) => c.count > 0),
		participation: MEASURES.map((measure) => ({
			measure,
			actual: totals[measure],
			planned: planned(measure)
		})),
		followUps: canReadDecisions(actor, programmeId)
			? await upcomingFollowUps(db, actor, programmeId, 10)
			: null,
		budget: can(actor, 'read', { type: 'budget', programmeId, unitId: null })
			? await budgetSummary(db, actor, programmeId, year)
			: null
	};
}
