import type { Db } from '../db/database.ts';
import {
	JOB_CATEGORIES,
	ROLES,
	UNIT_KINDS,
	type JobCategory,
	type Role,
	type UnitKind
} from '../db/schema.ts';
import { resolveProgrammeId } from '../organisation/programme-context.service.ts';
import { can, managedUnitsOf, personScope, rolesIn, homeSections, type Actor } from '../policy/policy.ts';
import { recentChanges, type RecentAuditEntry } from '../audit/audit.service.ts';
import { trackNamesOf } from '../catalogue/catalogue.service.ts';
import { unsentOutboxCount } from '../mail/outbox.service.ts';
import {
	openUnitsAmong,
	openUnitsByKind,
	openUnitsByProgramme,
	programmeSummaries,
	programmeSummary,
	unitAncestry,
	type ProgrammeSummary,
	type UnitRow
} from '../organisation/organisation.service.ts';
import {
	activePeopleByProgramme,
	firstActivePeopleInUnits,
	activeStaffByUnit,
	ownDetails as ownDetailsOf,
	peopleByJobAndStatus,
	roleHolderCounts,
	type PersonListItem
} from '../people/people.service.ts';
import {
	pendingApprovalCount,
	upcomingRegistrations,
	type RegistrationView
} from '../registrations/registrations.service.ts';
import { listTrainerSessions } from '../registrations/attendance.service.ts';
import { overdueAfterParts, type OverdueAfterPart } from '../cycle/cycle.service.ts';
import { listMyOpenSurveys } from '../surveys/answering.service.ts';
import { listSurveysWithResults, type SurveyListItem } from '../surveys/builder.service.ts';
import { listSharedWithMe } from '../logbook/logbook.service.ts';
import { listReports } from '../funder-report/funder-report.service.ts';
import type { Locale } from '#lib/i18n/index.ts';

/**
 * What the home page shows a person: always who they are, their programme and unit; then one
 * section per role they hold in that programme. Every section is decided by the policy
 * module and filled with grouped counts, so the page costs a fixed number of queries however
 * large the programme is. Home owns no table: each count comes from its owner's service
 * (organisation, people, mail, audit, catalogue).
 */

export interface ProgrammeWithCounts extends ProgrammeSummary {
	units: number;
	activePeople: number;
}
export interface HomeView {
	name: string;
	/** Roles held in the shown programme (participant = staff there), plus admin. */
	roles: Role[];
	programme: ProgrammeSummary | null;
	/** The person's unit and its ancestors (root first). */
	unit: { id: number; name: string; kind: UnitKind; path: { id: number; name: string }[] } | null;
	/** Own details (participants, i.e. staff). */
	me: { email: string; jobCategory: JobCategory | null; roleStartedOn: string | null } | null;
	manager: ManagerSection | null;
	office: OfficeSection | null;
	overview: OverviewSection | null;
	/** Roles whose tools arrive with later features: a short promise of what they will do. */
	future: ('steering' | 'evaluator' | 'trainer')[];
	admin: { programmes: ProgrammeWithCounts[] } | null;
	/** What to do next (issue 15.2): each list is short and bounded; counts come from SQL. */
	todos: TodoSection | null;
	/** Steering and evaluators: the surveys whose results they may read. */
	results: { surveys: SurveyListItem[]; total: number } | null;
	/** Evaluators (and managers): logbook entries shared with them. */
	shared: {
		count: number;
		latest: { id: number; title: string; authorName: string; updatedAt: string }[];
	} | null;
}

export interface TodoSection {
	pendingApprovals: number | null;
	overdueAfterParts: OverdueAfterPart[];
	openSurveys: { id: number; title: string; closesAt: string | null }[];
	openSurveysTotal: number;
	upcoming: RegistrationView[];
	trainerSessions: { id: number; title: string; startsAt: string; place: string | null }[];
}

export interface ManagerSection {
	/** Managed units in tree order; `depth` 0 for the top managed units. */
	units: { id: number; name: string; kind: UnitKind; depth: number; staff: number; staffTotal: number }[];
	/** The top managed units (those whose parent is not managed), for "all people in …" links. */
	roots: { id: number; name: string }[];
	people: PersonListItem[];
	peopleTotal: number;
}

export interface OfficeSection {
	unitsByKind: { kind: UnitKind; count: number }[];
	activePeople: number;
	deactivatedPeople: number;
	byJobCategory: { jobCategory: JobCategory | null; count: number }[];
	roleHolders: { role: Role; count: number }[];
	outboxUnsent: number;
	recentAudit: RecentAuditEntry[];
	canReadAudit: boolean;
	canReadOutbox: boolean;
	/** The latest report to the funder, opened from a card (issue 12). */
	funderReport: { id: number; title: string } | null;
}

export interface OverviewSection {
	workplaces: number;
	activePeople: number;
	tracks: string[];
}

const PEOPLE_SHOWN = 10;
/** Items shown per to-do list on the home page. */
const SHOWN = 5;
const AUDIT_SHOWN = 5;
const MANAGED_UNITS_SHOWN = 200;

/** Roles the actor holds in a programme: decided by the policy module. */
export { rolesIn };

/** Builds the home page for `actor`, in the requested programme when they may open it. */
export async function getHome(
	db: Db,
	actor: Actor,
	requestedProgrammeId?: number | null,
	locale: Locale = 'sv'
): Promise<HomeView> {
	const programmeId = await resolveProgrammeId(db, actor, requestedProgrammeId);
	const roles = rolesIn(actor, programmeId);
	const programme =
		programmeId !== null && can(actor, 'read', { type: 'programme', id: programmeId })
			? ((await programmeSummary(db, programmeId)) ?? null)
			: null;
	const pid = programme?.id ?? null;
	const show = homeSections(actor, programmeId, pid, requestedProgrammeId);

	const readsResults = pid !== null && can(actor, 'readResults', { type: 'survey', id: 0, programmeId: pid });
	const [unit, me, manager, office, overview, admin, todos, results, shared] = await Promise.all([
		actor.unitId !== null ? ownUnit(db, actor.unitId) : null,
		show.me ? ownDetails(db, actor.personId) : null,
		pid !== null && show.manager ? managerSection(db, actor, pid) : null,
		pid !== null && show.office ? officeSection(db, actor, pid) : null,
		pid !== null && show.overview ? overviewSection(db, pid) : null,
		show.programmes ? programmesWithCounts(db).then((programmes) => ({ programmes })) : null,
		pid !== null ? todoSection(db, actor, pid, roles, locale) : null,
		readsResults && pid !== null && (roles.includes('steering') || roles.includes('evaluator'))
			? listSurveysWithResults(db, actor, pid).then((all) => ({
					surveys: all.slice(0, SHOWN),
					total: all.length
				}))
			: null,
		roles.includes('evaluator') ? sharedSection(db, actor) : null
	]);

	return {
		name: actor.name,
		roles,
		programme,
		unit,
		me,
		manager,
		office,
		overview,
		future: show.future,
		admin,
		todos,
		results,
		shared
	};
}

async function ownUnit(db: Db, unitId: number): Promise<HomeView['unit']> {
	// Root first; the unit itself is last.
	const chain = await unitAncestry(db, unitId);
	const self = chain.at(-1);
	if (!self) return null;
	return {
		id: self.id,
		name: self.name,
		kind: self.kind,
		path: chain.slice(0, -1).map((u) => ({ id: u.id, name: u.name }))
	};
}

async function ownDetails(db: Db, personId: number): Promise<HomeView['me']> {
	return (await ownDetailsOf(db, personId)) ?? null;
}

async function managerSection(db: Db, actor: Actor, programmeId: number): Promise<ManagerSection | null> {
	const scope = personScope(actor, programmeId);
	// Office staff who also manage see everything anyway; the manager view is about own units.
	const unitIds = scope.kind === 'units' ? scope.unitIds : managedUnitsOf(actor);
	if (unitIds.length === 0) return null;
	const units = await openUnitsAmong(db, programmeId, unitIds);
	const ids = units.map((u) => u.id);
	const [staff, people] = await Promise.all([
		activeStaffByUnit(db, ids),
		firstActivePeopleInUnits(db, ids, PEOPLE_SHOWN)
	]);

	// Arrange the managed units as a tree (children by name) and total staff per subtree.
	const children = new Map<number | null, UnitRow[]>();
	const known = new Set(units.map((u) => u.id));
	for (const u of units) {
		const parent = u.parentId !== null && known.has(u.parentId) ? u.parentId : null;
		const siblings = children.get(parent);
		if (siblings) siblings.push(u);
		else children.set(parent, [u]);
	}
	const rows: ManagerSection['units'] = [];
	const visit = (u: UnitRow, depth: number): number => {
		const row = { id: u.id, name: u.name, kind: u.kind, depth, staff: staff.get(u.id) ?? 0, staffTotal: 0 };
		rows.push(row);
		row.staffTotal = row.staff;
		for (const child of children.get(u.id) ?? []) row.staffTotal += visit(child, depth + 1);
		return row.staffTotal;
	};
	const tops = children.get(null) ?? [];
	for (const top of tops) visit(top, 0);

	return {
		units: rows.slice(0, MANAGED_UNITS_SHOWN),
		roots: tops.map((u) => ({ id: u.id, name: u.name })),
		people: people.items,
		peopleTotal: people.total
	};
}

async function officeSection(db: Db, actor: Actor, programmeId: number): Promise<OfficeSection> {
	const admin = { type: 'programmeAdmin', programmeId } as const;
	const canReadAudit = can(actor, 'readAudit', admin);
	const canReadOutbox = can(actor, 'readOutbox', admin);
	const [unitsByKind, people, holders, outboxUnsent, recentAudit] = await Promise.all([
		openUnitsByKind(db, programmeId),
		peopleByJobAndStatus(db, programmeId),
		roleHolderCounts(db, programmeId),
		canReadOutbox ? unsentOutboxCount(db, programmeId) : 0,
		canReadAudit ? recentChanges(db, programmeId, AUDIT_SHOWN) : []
	]);
	const funderReport = can(actor, 'read', { type: 'funderReport', programmeId })
		? ((await listReports(db, actor, programmeId)).reports[0] ?? null)
		: null;

	let activePeople = 0;
	let deactivatedPeople = 0;
	const byJob = new Map<JobCategory | null, number>();
	for (const row of people) {
		if (row.active) {
			activePeople += row.count;
			byJob.set(row.jobCategory, (byJob.get(row.jobCategory) ?? 0) + row.count);
		} else deactivatedPeople += row.count;
	}
	const jobOrder: (JobCategory | null)[] = [...JOB_CATEGORIES, null];
	return {
		unitsByKind: UNIT_KINDS.map((kind) => ({ kind, count: unitsByKind.get(kind) ?? 0 })),
		activePeople,
		deactivatedPeople,
		byJobCategory: jobOrder
			.filter((j) => byJob.has(j))
			.map((jobCategory) => ({ jobCategory, count: byJob.get(jobCategory) ?? 0 })),
		roleHolders: ROLES.filter((r) => r !== 'participant' && r !== 'admin').map((role) => ({
			role,
			count: holders.get(role) ?? 0
		})),
		outboxUnsent,
		recentAudit,
		canReadAudit,
		canReadOutbox,
		funderReport: funderReport && { id: funderReport.id, title: funderReport.title }
	};
}

async function overviewSection(db: Db, programmeId: number): Promise<OverviewSection> {
	const [units, people, tracks] = await Promise.all([
		openUnitsByKind(db, programmeId),
		peopleByJobAndStatus(db, programmeId),
		trackNamesOf(db, programmeId)
	]);
	return {
		workplaces: units.get('workplace') ?? 0,
		activePeople: people.filter((p) => p.active).reduce((sum, p) => sum + p.count, 0),
		tracks
	};
}

/** Every programme with its open-unit and active-people counts (three queries in all). */
async function programmesWithCounts(db: Db): Promise<ProgrammeWithCounts[]> {
	const [programmes, unitCount, peopleCount] = await Promise.all([
		programmeSummaries(db),
		openUnitsByProgramme(db),
		activePeopleByProgramme(db)
	]);
	return programmes.map((p) => ({
		...p,
		units: unitCount.get(p.id) ?? 0,
		activePeople: peopleCount.get(p.id) ?? 0
	}));
}

async function todoSection(
	db: Db,
	actor: Actor,
	programmeId: number,
	roles: Role[],
	locale: Locale
): Promise<TodoSection> {
	const staff = actor.programmeId === programmeId;
	const trainer = roles.includes('trainer');
	const [pendingApprovals, overdue, openSurveys, upcoming, trainerSessions] = await Promise.all([
		roles.includes('manager') || roles.includes('office')
			? pendingApprovalCount(db, actor, programmeId)
			: null,
		staff ? overdueAfterParts(db, actor) : [],
		staff ? listMyOpenSurveys(db, actor.personId, locale) : [],
		staff ? upcomingRegistrations(db, actor, SHOWN) : [],
		trainer ? listTrainerSessions(db, actor, undefined, { upcomingOnly: true }).then((s) => s.upcoming) : []
	]);
	return {
		pendingApprovals,
		overdueAfterParts: overdue.slice(0, SHOWN),
		openSurveys: openSurveys.slice(0, SHOWN),
		openSurveysTotal: openSurveys.length,
		upcoming,
		trainerSessions: trainerSessions.slice(0, SHOWN).map((s) => ({
			id: s.id,
			title: s.displayTitle,
			startsAt: s.startsAt,
			place: s.place
		}))
	};
}

async function sharedSection(db: Db, actor: Actor): Promise<HomeView['shared']> {
	const entries = await listSharedWithMe(db, actor);
	return {
		count: entries.length,
		latest: entries.slice(0, SHOWN).map((e) => ({
			id: e.id,
			title: e.title ?? '',
			authorName: e.authorName,
			updatedAt: e.updatedAt
		}))
	};
}
