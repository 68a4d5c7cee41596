import type { Db } from '../db/database.ts';
import {
	getUnit,
	programmeUnitsQuery,
	subtreeUnitsQuery,
	unitWorkplacesQuery,
	unitsByIds,
	workplacesQuery
} from '../organisation/organisation.service.ts';
import { AccessDeniedError, authorize, managerRootUnitIds, type Actor } from '../policy/policy.ts';
import {
	cyclePeopleCount,
	cycleActivityCount,
	cycleSums,
	keptCompletionByUnitQuery,
	overdueRows,
	splitOfSums,
	type Completion,
	type CycleSums,
	type Split
} from '../cycle/cycle.service.ts';
import {
	coverageByUnit,
	coverageOfUnits,
	coverageSnapshotQuery,
	programmeCoverageByUnit,
	listProcessRows,
	processCountsByUnitQuery,
	processStatusCounts,
	sumCoverage,
	type CoverageRow,
	type CoverageSummary,
	type ProcessListRow
} from '../processes/processes.service.ts';
import { canPrioritise } from '../plans/needs.service.ts';
import { unitPlanOverview, type UnitPlanOverview } from '../plans/plans.service.ts';
import { workplacePage } from './dashboards.repository.ts';
import { DEFAULT_WORKPLACE_QUERY, type WorkplaceQuery, type WorkplaceSort } from './dashboards.schema.ts';

export { parseWorkplaceQuery, type WorkplaceQuery } from './dashboards.schema.ts';

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

/** Counts by status from the grouped count (`processStatusCounts`). */
function processCounts(rows: readonly { status: string; n: number }[]): ProcessCounts {
	const c: ProcessCounts = { total: 0, planned: 0, running: 0, finished: 0 };
	for (const r of rows) {
		c.total += r.n;
		if (r.status === 'planned' || r.status === 'running' || r.status === 'finished') c[r.status] += r.n;
	}
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

function splitGroups(groups: readonly (CycleSums & { key: number | null; label: string })[]) {
	return groups
		.filter((g): g is CycleSums & { key: number; label: string } => g.key !== null)
		.map((g) => ({ key: g.key, label: g.label, split: splitOf(g) }));
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
	/** One page of the processes, by track, unit and title (`processPage`; total `processes.total`). */
	processList: ProcessListRow[];
	processPage: ListPage;
	coverage: CoverageSummary;
	/** One page of the people's coverage, by name (`coveragePage`). */
	coverageRows: CoverageRow[];
	coveragePage: ListPage;
	completion: Completion;
	split: Split;
	/** One page of the split per person, by name (`splitPersonPage`). */
	splitByPerson: { key: number; label: string; split: Split }[];
	splitPersonPage: ListPage;
	/** One page of the split per activity, by title (`activityPage`). */
	splitByActivity: { key: number; label: string; split: Split }[];
	activityPage: ListPage;
	/** The first `OVERDUE_LIST_LIMIT` overdue follow-ups. */
	overdue: OverdueItem[];
}

/**
 * A unit's dashboard (descendants included), for its manager and the office. Every figure is
 * counted by the database; the per-person lists and the processes come a page at a time. The
 * subtree is the organisation's query, nested in each statement (no id list).
 */
export async function unitDashboard(
	db: Db,
	actor: Actor,
	unitId: number,
	now: Date = new Date(),
	paging: { coveragePage?: number; splitPage?: number; processPage?: number; activityPage?: number } = {}
): Promise<UnitDashboard> {
	const unit = await getUnit(db, unitId);
	if (!unit) throw new AccessDeniedError();
	authorize(actor, 'manage', { type: 'workplace', programmeId: unit.programmeId, unitId, member: false });
	const unitIds = subtreeUnitsQuery(db, unitId);
	const programmeId = unit.programmeId;
	const nowText = now.toISOString();
	const size = DASHBOARD_PAGE_SIZE;
	const coveragePage = Math.max(1, paging.coveragePage ?? 1);
	const splitPage = Math.max(1, paging.splitPage ?? 1);
	const processPage = Math.max(1, paging.processPage ?? 1);
	const activityPage = Math.max(1, paging.activityPage ?? 1);
	const [
		totals,
		byActivity,
		activities,
		byPerson,
		splitPeople,
		overdue,
		coverage,
		coverageRows,
		statusCounts,
		processList,
		plans
	] = await Promise.all([
		cycleSums(db, programmeId, { unitIds, now: nowText }),
		cycleSums(db, programmeId, {
			unitIds,
			now: nowText,
			groupBy: 'activity',
			paging: { limit: size, offset: (activityPage - 1) * size }
		}),
		cycleActivityCount(db, programmeId, { unitIds }),
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
		processStatusCounts(db, programmeId, unitIds),
		listProcessRows(db, programmeId, { unitIds }, { limit: size, offset: (processPage - 1) * size }),
		unitPlanOverview(db, actor, unitId, { pageSize: 1 })
	]);
	const cov = sumCoverage(coverage);
	const sums = totals[0] ?? NO_SUMS;
	const processes = processCounts(statusCounts);
	return {
		unit: { id: unit.id, name: unit.name, programmeId },
		people: cov.people,
		withPlan: cov.withPlan,
		plans: plans.totals,
		processes,
		processList,
		processPage: { page: processPage, pageSize: size, total: processes.total },
		coverage: { people: cov.people, none: cov.none, unmatched: cov.unmatched, covered: cov.covered },
		coverageRows,
		coveragePage: { page: coveragePage, pageSize: size, total: cov.people },
		completion: completionOf(sums),
		split: splitOf(sums),
		splitByPerson: splitGroups(byPerson),
		splitPersonPage: { page: splitPage, pageSize: size, total: splitPeople },
		splitByActivity: splitGroups(byActivity),
		activityPage: { page: activityPage, pageSize: size, total: activities },
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
	/** One page of the split per activity, by title (`activityPage`). */
	splitByActivity: { key: number; label: string; split: Split }[];
	activityPage: ListPage;
	/** One page of the workplaces (office only; empty for the steering group). */
	workplaces: WorkplaceRow[];
	/** Where `workplaces` is: its page, size and how many workplaces match `workplaceQuery.q`. */
	workplacePage: ListPage;
	/** The search and sort the page was made with (validated, defaults filled in). */
	workplaceQuery: { q: string; sort: WorkplaceSort; desc: boolean };
	/** The first `OVERDUE_LIST_LIMIT` overdue follow-ups (office only). */
	overdue: OverdueItem[];
}

function coverageSummary(c: CoverageSummary): CoverageSummary {
	return { people: c.people, none: c.none, unmatched: c.unmatched, covered: c.covered };
}

/** Workplaces per page of the office's table. */
export const WORKPLACE_PAGE_SIZE = 20;

/**
 * The programme's dashboard: totals and per activity for the office and the steering group;
 * one page of workplaces (a workplace's teams counted in) and the overdue list for the office
 * only. Totals are over the whole programme whatever the search. The database folds units into
 * workplaces (`unitWorkplacesQuery`), sorts, filters and pages them (`workplacePage`).
 */
export async function programmeDashboard(
	db: Db,
	actor: Actor,
	programmeId: number,
	now: Date = new Date(),
	query: WorkplaceQuery = DEFAULT_WORKPLACE_QUERY
): Promise<ProgrammeDashboard> {
	authorize(actor, 'readReports', { type: 'programmeAdmin', programmeId });
	// Deciding on the programme's needs is the office's alone (admins included).
	const detailed = canPrioritise(actor, programmeId);
	const nowText = now.toISOString();
	const activitySize = DASHBOARD_PAGE_SIZE;
	const [totalSums, byActivity, activities, coverage, statusCounts, overdue] = await Promise.all([
		cycleSums(db, programmeId, { now: nowText }),
		cycleSums(db, programmeId, {
			now: nowText,
			groupBy: 'activity',
			paging: { limit: activitySize, offset: (query.activityPage - 1) * activitySize }
		}),
		cycleActivityCount(db, programmeId),
		// Also refreshes the snapshot the workplace table reads.
		programmeCoverageByUnit(db, programmeId, programmeUnitsQuery(db, programmeId)),
		processStatusCounts(db, programmeId),
		detailed ? overdueRows(db, programmeId, { now: nowText, limit: OVERDUE_LIST_LIMIT }) : []
	]);
	const sort = query.sort;
	const desc = query.dir === undefined ? sort !== 'name' : query.dir === 'desc';
	const size = WORKPLACE_PAGE_SIZE;
	let workplaces: WorkplaceRow[] = [];
	let total = 0;
	if (detailed) {
		const unitWorkplaces = unitWorkplacesQuery(db, programmeId);
		const [page, cycleByWorkplace] = await Promise.all([
			workplacePage(
				db,
				{
					workplaces: workplacesQuery(db, programmeId, query.q),
					unitWorkplaces,
					coverage: coverageSnapshotQuery(db, programmeId),
					processes: processCountsByUnitQuery(db, programmeId),
					completion: keptCompletionByUnitQuery(db, programmeId, nowText)
				},
				{ sort, desc, limit: size, offset: (query.page - 1) * size }
			),
			// One row per workplace with registrations (bounded by the workplaces, not the people).
			cycleSums(db, programmeId, { now: nowText, groupBy: 'workplace', workplaces: unitWorkplaces })
		]);
		const cycleOf = new Map(cycleByWorkplace.map((r) => [r.key, r]));
		total = page.total;
		workplaces = page.rows.map((w) => {
			const cyc = cycleOf.get(w.id) ?? NO_SUMS;
			return {
				unitId: w.id,
				name: w.name,
				people: w.people,
				withPlan: w.withPlan,
				processes: { total: w.processes, planned: w.planned, running: w.running, finished: w.finished },
				coverage: { people: w.people, none: w.none, unmatched: w.unmatched, covered: w.covered },
				completion: completionOf(cyc),
				split: splitOf(cyc)
			};
		});
	}
	const cov = sumCoverage(coverage);
	const all = totalSums[0] ?? NO_SUMS;
	return {
		programmeId,
		detailed,
		totals: {
			people: cov.people,
			withPlan: cov.withPlan,
			processes: processCounts(statusCounts),
			coverage: coverageSummary(cov),
			completion: completionOf(all),
			split: splitOf(all)
		},
		splitByActivity: splitGroups(byActivity),
		activityPage: { page: query.activityPage, pageSize: activitySize, total: activities },
		workplaces,
		workplacePage: { page: query.page, pageSize: size, total },
		workplaceQuery: { q: query.q, sort, desc },
		overdue
	};
}

/** The units whose dashboard the actor may open (the roots of their manager roles). */
export async function managedUnits(db: Db, actor: Actor, programmeId: number) {
	return unitsByIds(db, managerRootUnitIds(actor, programmeId));
}
