import type { Db } from '../db/database.ts';
import type { ProcessStatus } from '../db/schema.ts';
import { descendantUnitIds, getUnit, listUnits, unitsByIds } from '../organisation/organisation.service.ts';
import { AccessDeniedError, authorize, managerRootUnitIds, type Actor } from '../policy/policy.ts';
import {
	cyclePeopleCount,
	cycleSums,
	overdueRows,
	splitOfSums,
	type Completion,
	type CycleSums,
	type Split
} from '../cycle/cycle.service.ts';
import {
	coverageByUnit,
	coverageOfUnits,
	programmeCoverageByUnit,
	listProcessRows,
	sumCoverage,
	type CoverageRow,
	type CoverageSummary,
	type ProcessListRow
} from '../processes/processes.service.ts';
import { canPrioritise } from '../plans/needs.service.ts';
import { unitPlanOverview, type UnitPlanOverview } from '../plans/plans.service.ts';

/**
 * The learning environment at a glance: plans, processes and coverage, 40-20-40 completion
 * and split, overdue follow-ups. A manager sees their unit (with names); the office sees every
 * workplace and the programme; the steering group sees programme aggregates only (no names).
 * Every figure comes from a handful of grouped queries counted by the database (no query per
 * row, no row per registration or person loaded); per-person lists come a page at a time.
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

/** At most this many overdue follow-ups are listed (the count is in `completion.overdue`). */
export const OVERDUE_LIST_LIMIT = 100;
/** Rows per page of the per-person lists on a unit's dashboard. */
export const DASHBOARD_PAGE_SIZE = 50;

function completionOf(s: CycleSums): Completion {
	return {
		registrations: s.registrations,
		beforeDone: s.beforeDone,
		afterDone: s.afterDone,
		overdue: s.overdue
	};
}

function splitOf(s: CycleSums): Split {
	return splitOfSums({
		before: s.hoursBefore,
		during: s.hoursDuring,
		after: s.hoursAfter,
		count: s.registrations
	});
}

const NO_SUMS: CycleSums = {
	registrations: 0,
	beforeDone: 0,
	afterDone: 0,
	overdue: 0,
	hoursBefore: 0,
	hoursDuring: 0,
	hoursAfter: 0
};

function addSums(a: CycleSums, b: CycleSums): CycleSums {
	return {
		registrations: a.registrations + b.registrations,
		beforeDone: a.beforeDone + b.beforeDone,
		afterDone: a.afterDone + b.afterDone,
		overdue: a.overdue + b.overdue,
		hoursBefore: a.hoursBefore + b.hoursBefore,
		hoursDuring: a.hoursDuring + b.hoursDuring,
		hoursAfter: a.hoursAfter + b.hoursAfter
	};
}

function splitGroups(groups: readonly (CycleSums & { key: number | null; label: string })[]) {
	return groups
		.filter((g): g is CycleSums & { key: number; label: string } => g.key !== null)
		.map((g) => ({ key: g.key, label: g.label, split: splitOf(g) }));
}

function byLabel<T extends { label: string }>(rows: T[]): T[] {
	return rows.sort((a, b) => a.label.localeCompare(b.label));
}

/** One page of a list: where it is and how long it is. */
export interface ListPage {
	page: number;
	pageSize: number;
	total: number;
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
	/** One page of the people's coverage, by name (`coveragePage`). */
	coverageRows: CoverageRow[];
	coveragePage: ListPage;
	completion: Completion;
	split: Split;
	/** One page of the split per person, by name (`splitPersonPage`). */
	splitByPerson: { key: number; label: string; split: Split }[];
	splitPersonPage: ListPage;
	splitByActivity: { key: number; label: string; split: Split }[];
	/** The first `OVERDUE_LIST_LIMIT` overdue follow-ups. */
	overdue: OverdueItem[];
}

/**
 * A unit's dashboard (descendants included), for its manager and the office. Every figure is
 * counted by the database; the per-person lists come a page at a time.
 */
export async function unitDashboard(
	db: Db,
	actor: Actor,
	unitId: number,
	now: Date = new Date(),
	paging: { coveragePage?: number; splitPage?: number } = {}
): Promise<UnitDashboard> {
	const unit = await getUnit(db, unitId);
	if (!unit) throw new AccessDeniedError();
	authorize(actor, 'manage', { type: 'workplace', programmeId: unit.programmeId, unitId, member: false });
	const unitIds = [...(await descendantUnitIds(db, [unitId]))];
	const programmeId = unit.programmeId;
	const nowText = now.toISOString();
	const size = DASHBOARD_PAGE_SIZE;
	const coveragePage = Math.max(1, paging.coveragePage ?? 1);
	const splitPage = Math.max(1, paging.splitPage ?? 1);
	const [totals, byActivity, byPerson, splitPeople, overdue, coverage, coverageRows, processList, plans] =
		await Promise.all([
			cycleSums(db, programmeId, { unitIds, now: nowText }),
			cycleSums(db, programmeId, { unitIds, now: nowText, groupBy: 'activity' }),
			cycleSums(db, programmeId, {
				unitIds,
				now: nowText,
				groupBy: 'person',
				paging: { limit: size, offset: (splitPage - 1) * size }
			}),
			cyclePeopleCount(db, programmeId, unitIds),
			overdueRows(db, programmeId, { unitIds, now: nowText, limit: OVERDUE_LIST_LIMIT }),
			coverageByUnit(db, programmeId, unitIds),
			coverageOfUnits(db, programmeId, unitIds, { limit: size, offset: (coveragePage - 1) * size }),
			listProcessRows(db, programmeId, { unitIds }),
			unitPlanOverview(db, actor, unitId, { pageSize: 1 })
		]);
	const cov = sumCoverage(coverage);
	const sums = totals[0] ?? NO_SUMS;
	return {
		unit: { id: unit.id, name: unit.name, programmeId },
		people: cov.people,
		withPlan: cov.withPlan,
		plans: plans.totals,
		processes: processCounts(processList),
		processList,
		coverage: { people: cov.people, none: cov.none, unmatched: cov.unmatched, covered: cov.covered },
		coverageRows,
		coveragePage: { page: coveragePage, pageSize: size, total: cov.people },
		completion: completionOf(sums),
		split: splitOf(sums),
		splitByPerson: splitGroups(byPerson),
		splitPersonPage: { page: splitPage, pageSize: size, total: splitPeople },
		splitByActivity: byLabel(splitGroups(byActivity)),
		overdue
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
	/** The first `OVERDUE_LIST_LIMIT` overdue follow-ups (office only). */
	overdue: OverdueItem[];
}

function coverageSummary(c: CoverageSummary): CoverageSummary {
	return { people: c.people, none: c.none, unmatched: c.unmatched, covered: c.covered };
}

/**
 * The programme's dashboard: totals and per activity for the office and the steering group;
 * per workplace (a workplace's teams counted in) and the overdue list for the office only.
 * The database counts per unit; units are folded into their workplaces here.
 */
export async function programmeDashboard(
	db: Db,
	actor: Actor,
	programmeId: number,
	now: Date = new Date()
): Promise<ProgrammeDashboard> {
	authorize(actor, 'readReports', { type: 'programmeAdmin', programmeId });
	// Deciding on the programme's needs is the office's alone (admins included).
	const detailed = canPrioritise(actor, programmeId);
	const units = await listUnits(db, programmeId);
	const unitIds = units.map((u) => u.id);
	const nowText = now.toISOString();
	const [byUnit, byActivity, coverage, processList, overdue] = await Promise.all([
		cycleSums(db, programmeId, { now: nowText, groupBy: 'unit' }),
		cycleSums(db, programmeId, { now: nowText, groupBy: 'activity' }),
		programmeCoverageByUnit(db, programmeId, unitIds),
		listProcessRows(db, programmeId),
		detailed ? overdueRows(db, programmeId, { now: nowText, limit: OVERDUE_LIST_LIMIT }) : []
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
					const cov = sumCoverage(coverage.filter((r) => wp(r.unitId) === u.id));
					const cyc = byUnit.filter((r) => wp(r.key) === u.id).reduce(addSums, NO_SUMS);
					const pro = processList.filter((p) => wp(p.unitId) === u.id);
					return {
						unitId: u.id,
						name: u.name,
						people: cov.people,
						withPlan: cov.withPlan,
						processes: processCounts(pro),
						coverage: coverageSummary(cov),
						completion: completionOf(cyc),
						split: splitOf(cyc)
					};
				})
		: [];

	const cov = sumCoverage(coverage);
	const all = byUnit.reduce(addSums, NO_SUMS);
	return {
		programmeId,
		detailed,
		totals: {
			people: cov.people,
			withPlan: cov.withPlan,
			processes: processCounts(processList),
			coverage: coverageSummary(cov),
			completion: completionOf(all),
			split: splitOf(all)
		},
		splitByActivity: byLabel(splitGroups(byActivity)),
		workplaces,
		overdue
	};
}

/** The units whose dashboard the actor may open (the roots of their manager roles). */
export async function managedUnits(db: Db, actor: Actor, programmeId: number) {
	return unitsByIds(db, managerRootUnitIds(actor, programmeId));
}
