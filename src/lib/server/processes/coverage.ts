import type { Db } from '../db/database.ts';
import { isEmptyUnitList, nowIso, type UnitSet } from '../db/sql.ts';
import { staffAndManagersOfUnitsQuery } from '../people/people.service.ts';
import { linkedWorkplaceGoalsQuery, plansCoveringQuery } from '../plans/plans.service.ts';
import {
	coverageCountsByUnit,
	coverageRows,
	coverageVersion,
	freshCoverageSnapshot,
	saveCoverageSnapshot,
	type CoverageSources
} from './processes.repository.ts';

/**
 * Coverage (KUB's rule): everyone, the manager included, takes part in at least one
 * development process that matches their plan. A process matches when it serves a workplace
 * goal (`process_goals`) that one of the person's individual goals links to. Plans count when
 * their period covers today (dropped goals left out). The people (people module) and their
 * plans (plans module) come in as their owners' queries, nested in one statement here: the
 * database counts, nothing is loaded per person.
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

/** Coverage figures of one unit's rows (its people counted once), with how many have a plan. */
export interface UnitCoverage extends CoverageSummary {
	unitId: number | null;
	withPlan: number;
}

function sources(db: Db, programmeId: number, unitIds: UnitSet): CoverageSources {
	const on = nowIso().slice(0, 10);
	return {
		members: staffAndManagersOfUnitsQuery(db, programmeId, unitIds),
		plansCovering: (personId) => plansCoveringQuery(db, personId, on),
		linkedGoals: (personId) => linkedWorkplaceGoalsQuery(db, personId, on)
	};
}

/**
 * A page of the coverage of the people in `unitIds` (staff and the units' managers), by name.
 * One query.
 */
export async function coverageOfUnits(
	db: Db,
	programmeId: number,
	unitIds: UnitSet,
	paging: { limit: number; offset: number } = { limit: 100, offset: 0 }
): Promise<CoverageRow[]> {
	if (isEmptyUnitList(unitIds)) return [];
	const rows = await coverageRows(db, sources(db, programmeId, unitIds), paging);
	return rows.map((r) => ({
		...r,
		status: r.processCount === 0 ? 'none' : r.matchingProcessCount === 0 ? 'unmatched' : 'covered'
	}));
}

/** Coverage counts of the people in `unitIds`, per unit, aggregated in one query. */
export async function coverageByUnit(db: Db, programmeId: number, unitIds: UnitSet): Promise<UnitCoverage[]> {
	if (isEmptyUnitList(unitIds)) return [];
	return coverageCountsByUnit(db, sources(db, programmeId, unitIds));
}

/**
 * The programme's coverage per unit (`unitIds`: all its units, as `programmeUnitsQuery`), from a snapshot while no write
 * coverage reads has happened since it was counted (triggers bump a version in the writing
 * transaction) and the day is the same; else counted again (`coverageByUnit`) and stored. The
 * version is read before counting, so a write during the count leaves the snapshot stale.
 */
export async function programmeCoverageByUnit(
	db: Db,
	programmeId: number,
	unitIds: UnitSet
): Promise<UnitCoverage[]> {
	const on = nowIso().slice(0, 10);
	const version = await coverageVersion(db);
	const fresh = await freshCoverageSnapshot(db, programmeId, on, version);
	if (fresh) return fresh;
	const rows = await coverageByUnit(db, programmeId, unitIds);
	await saveCoverageSnapshot(db, programmeId, on, version, rows);
	return rows;
}

/** Adds per-unit coverage counts up (a workplace and its teams, the programme). */
export function sumCoverage(rows: readonly UnitCoverage[]): CoverageSummary & { withPlan: number } {
	const s = { people: 0, withPlan: 0, none: 0, unmatched: 0, covered: 0 };
	for (const r of rows) {
		s.people += r.people;
		s.withPlan += r.withPlan;
		s.none += r.none;
		s.unmatched += r.unmatched;
		s.covered += r.covered;
	}
	return s;
}

export function summariseCoverage(rows: readonly CoverageRow[]): CoverageSummary {
	const s: CoverageSummary = { people: rows.length, none: 0, unmatched: 0, covered: 0 };
	for (const r of rows) s[r.status]++;
	return s;
}
