import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { staffAndManagersOfUnits } from '../people/people.service.ts';
import { peopleWithPlan, personPlanGoals } from '../plans/plans.service.ts';
import { participationOf } from './processes.repository.ts';

/**
 * Coverage (KUB's rule): everyone, the manager included, takes part in at least one
 * development process that matches their plan. A process matches when it serves a workplace
 * goal (`process_goals`) that one of the person's individual goals links to. Plans count when
 * their period covers today (goals from `personPlanGoals` of the plans module; dropped goals
 * left out).
 */

export type CoverageStatus = 'none' | 'unmatched' | 'covered';

export interface CoverageRow {
	personId: number;
	name: string;
	unitId: number | null;
	manager: boolean;
	hasPlan: boolean;
	processCount: number;
	matchingProcessCount: number;
	/** none: in no process; unmatched: processes, but none matches a plan goal; covered. */
	status: CoverageStatus;
}

export interface CoverageSummary {
	people: number;
	none: number;
	unmatched: number;
	covered: number;
}

/** Coverage of the people in `unitIds` (staff and the units' managers). A handful of queries in all. */
export async function coverageOfUnits(
	db: Db,
	programmeId: number,
	unitIds: readonly number[]
): Promise<CoverageRow[]> {
	const people = await staffAndManagersOfUnits(db, programmeId, unitIds);
	const ids = people.map((p) => p.id);
	const on = nowIso().slice(0, 10);
	const [participation, goals, withPlan] = await Promise.all([
		participationOf(db, ids),
		personPlanGoals(db, ids, { on }),
		peopleWithPlan(db, ids, on)
	]);
	return people.map((p) => {
		const part = participation.get(p.id);
		const planGoalIds = new Set(
			(goals.get(p.id) ?? []).map((g) => g.workplaceGoalId).filter((g): g is number => g !== null)
		);
		const processIds = part ? [...part.processIds] : [];
		const matching = processIds.filter((pid) => {
			const served = part?.goalIds.get(pid);
			if (!served) return false;
			for (const g of served) if (planGoalIds.has(g)) return true;
			return false;
		});
		return {
			personId: p.id,
			name: p.name,
			unitId: p.unitId,
			manager: p.manager,
			hasPlan: withPlan.has(p.id),
			processCount: processIds.length,
			matchingProcessCount: matching.length,
			status: processIds.length === 0 ? 'none' : matching.length === 0 ? 'unmatched' : 'covered'
		};
	});
}

export function summariseCoverage(rows: readonly CoverageRow[]): CoverageSummary {
	const s: CoverageSummary = { people: rows.length, none: 0, unmatched: 0, covered: 0 };
	for (const r of rows) s[r.status]++;
	return s;
}
