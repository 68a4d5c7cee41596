import type { Db } from '../db/database.ts';
import type { ProcessStatus } from '../db/schema.ts';
import { getUnit, listUnits, descendantUnitIds } from '../organisation/organisation.service.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { listCycleRows, type CycleRow } from '../cycle/cycle.repository.ts';
import {
	completion,
	dueAt,
	isOverdue,
	splitBy,
	summariseSplit,
	type Completion,
	type Split
} from '../cycle/split.ts';
import {
	coverageOfUnits,
	summariseCoverage,
	type CoverageRow,
	type CoverageSummary
} from '../processes/coverage.ts';
import { listProcessRows, type ProcessListRow } from '../processes/processes.repository.ts';
import { unitPlanOverview, type UnitPlanOverview } from '../plans/plans.service.ts';

/**
 * The learning environment at a glance: plans, processes and coverage, 40-20-40 completion
 * and split, overdue follow-ups. A manager sees their unit (with names); the office sees every
 * workplace and the programme; the steering group sees programme aggregates only (no names).
 * Every figure comes from a handful of grouped queries, aggregated here (no query per row).
 */

export interface ProcessCounts {
	total: number;
	planned: number;
	running: number;
	finished: number;
}

function processCounts(rows: readonly ProcessListRow[]): ProcessCounts {
	const c: ProcessCounts = { total: rows.length, planned: 0, running: 0, finished: 0 };
	for (const r of rows) c[r.status as ProcessStatus]++;
	return c;
}

export interface OverdueItem {
	registrationId: number;
	personId: number;
	personName: string;
	sessionTitle: string;
	endsAt: string;
	dueAt: string;
}

function overdueList(rows: readonly CycleRow[], now: Date): OverdueItem[] {
	return rows
		.filter((r) => isOverdue(r, now))
		.map((r) => ({
			registrationId: r.registrationId,
			personId: r.personId,
			personName: r.personName,
			sessionTitle: r.sessionTitle,
			endsAt: r.endsAt,
			dueAt: dueAt(r)
		}))
		.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.personName.localeCompare(b.personName));
}

export interface UnitDashboard {
	unit: { id: number; name: string; programmeId: number };
	people: number;
	withPlan: number;
	/** The plans module's overview totals (goals, unlinked goals, planned activities done). */
	plans: UnitPlanOverview['totals'];
	processes: ProcessCounts;
	processList: ProcessListRow[];
	coverage: CoverageSummary;
	coverageRows: CoverageRow[];
	completion: Completion;
	split: Split;
	splitByPerson: { key: number; label: string; split: Split }[];
	splitByActivity: { key: number; label: string; split: Split }[];
	overdue: OverdueItem[];
}

/** A unit's dashboard (descendants included), for its manager and the office. */
export async function unitDashboard(
	db: Db,
	actor: Actor,
	unitId: number,
	now: Date = new Date()
): Promise<UnitDashboard> {
	const unit = await getUnit(db, unitId);
	if (!unit) throw new AccessDeniedError();
	authorize(actor, 'manage', { type: 'workplace', programmeId: unit.programmeId, unitId, member: false });
	const unitIds = [...(await descendantUnitIds(db, [unitId]))];
	const [rows, coverageRows, processList, plans] = await Promise.all([
		listCycleRows(db, unit.programmeId, { unitIds }),
		coverageOfUnits(db, unit.programmeId, unitIds),
		listProcessRows(db, unit.programmeId, { unitIds }),
		unitPlanOverview(db, actor, unitId)
	]);
	return {
		unit: { id: unit.id, name: unit.name, programmeId: unit.programmeId },
		people: coverageRows.length,
		withPlan: coverageRows.filter((r) => r.hasPlan).length,
		plans: plans.totals,
		processes: processCounts(processList),
		processList,
		coverage: summariseCoverage(coverageRows),
		coverageRows,
		completion: completion(rows, now),
		split: summariseSplit(rows),
		splitByPerson: splitBy(
			rows,
			(r) => r.personId,
			(r) => r.personName
		),
		splitByActivity: splitBy(
			rows,
			(r) => r.activityId,
			(r) => r.activityTitle
		),
		overdue: overdueList(rows, now)
	};
}

export interface WorkplaceRow {
	unitId: number;
	name: string;
	people: number;
	withPlan: number;
	processes: ProcessCounts;
	coverage: CoverageSummary;
	completion: Completion;
	split: Split;
}

export interface ProgrammeDashboard {
	programmeId: number;
	/** False for the steering group: no per-workplace rows, no names. */
	detailed: boolean;
	totals: {
		people: number;
		withPlan: number;
		processes: ProcessCounts;
		coverage: CoverageSummary;
		completion: Completion;
		split: Split;
	};
	splitByActivity: { key: number; label: string; split: Split }[];
	workplaces: WorkplaceRow[];
	overdue: OverdueItem[];
}

/**
 * The programme's dashboard: totals and per activity for the office and the steering group;
 * per workplace (a workplace's teams counted in) and the overdue list for the office only.
 */
export async function programmeDashboard(
	db: Db,
	actor: Actor,
	programmeId: number,
	now: Date = new Date()
): Promise<ProgrammeDashboard> {
	authorize(actor, 'readReports', { type: 'programmeAdmin', programmeId });
	// "prioritise" on a workplace is the office's alone (admins included).
	const detailed = can(actor, 'prioritise', { type: 'workplace', programmeId, unitId: 0, member: false });
	const units = await listUnits(db, programmeId);
	const unitIds = units.map((u) => u.id);
	const [rows, coverageRows, processList] = await Promise.all([
		listCycleRows(db, programmeId),
		coverageOfUnits(db, programmeId, unitIds),
		listProcessRows(db, programmeId)
	]);

	// Each unit's workplace: itself if a workplace, else its nearest workplace ancestor.
	const byId = new Map(units.map((u) => [u.id, u]));
	const workplaceOf = new Map<number, number>();
	for (const u of units) {
		let cur: typeof u | undefined = u;
		const seen = new Set<number>();
		while (cur && cur.kind !== 'workplace' && cur.parentId !== null && !seen.has(cur.id)) {
			seen.add(cur.id);
			cur = byId.get(cur.parentId);
		}
		if (cur && cur.kind === 'workplace') workplaceOf.set(u.id, cur.id);
	}
	const wp = (unitId: number | null) => (unitId === null ? undefined : workplaceOf.get(unitId));

	const workplaces: WorkplaceRow[] = detailed
		? units
				.filter((u) => u.kind === 'workplace')
				.map((u) => {
					const cov = coverageRows.filter((r) => wp(r.unitId) === u.id);
					const cyc = rows.filter((r) => wp(r.unitId) === u.id);
					const pro = processList.filter((p) => wp(p.unitId) === u.id);
					return {
						unitId: u.id,
						name: u.name,
						people: cov.length,
						withPlan: cov.filter((r) => r.hasPlan).length,
						processes: processCounts(pro),
						coverage: summariseCoverage(cov),
						completion: completion(cyc, now),
						split: summariseSplit(cyc)
					};
				})
		: [];

	return {
		programmeId,
		detailed,
		totals: {
			people: coverageRows.length,
			withPlan: coverageRows.filter((r) => r.hasPlan).length,
			processes: processCounts(processList),
			coverage: summariseCoverage(coverageRows),
			completion: completion(rows, now),
			split: summariseSplit(rows)
		},
		splitByActivity: splitBy(
			rows,
			(r) => r.activityId,
			(r) => r.activityTitle
		),
		workplaces,
		overdue: detailed ? overdueList(rows, now) : []
	};
}

/** The units whose dashboard the actor may open (the roots of their manager roles). */
export async function managedUnits(db: Db, actor: Actor, programmeId: number) {
	const ids = actor.roles
		.filter((r) => r.role === 'manager' && r.programmeId === programmeId && r.unitId !== null)
		.map((r) => r.unitId!);
	if (ids.length === 0) return [];
	return db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute();
}
