import type { Db } from '../db/database.ts';
import { participationOf, peopleOfUnits, planGoalLinks } from './processes.repository.ts';

/**
 * Coverage (KUB's rule): everyone, the manager included, takes part in at least one
 * development process that matches their plan. A process matches when it serves a workplace
 * goal (`process_goals`) that one of the person's individual goals links to.
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

/** Coverage of the people in `unitIds` (staff and the units' managers). Three queries in all. */
export async function coverageOfUnits(
	db: Db,
	programmeId: number,
	unitIds: readonly number[]
): Promise<CoverageRow[]> {
	const people = await peopleOfUnits(db, programmeId, unitIds);
	const ids = people.map((p) => p.id);
	const [participation, plans] = await Promise.all([participationOf(db, ids), planGoalLinks(db, ids)]);
	return people.map((p) => {
		const part = participation.get(p.id);
		const plan = plans.get(p.id);
		const processIds = part ? [...part.processIds] : [];
		const matching = processIds.filter((pid) => {
			const goals = part?.goalIds.get(pid);
			if (!goals || !plan) return false;
			for (const g of goals) if (plan.workplaceGoalIds.has(g)) return true;
			return false;
		});
		return {
			personId: p.id,
			name: p.name,
			unitId: p.unitId,
			manager: p.manager,
			hasPlan: plan?.hasPlan ?? false,
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
