import type { MessageKey } from '#lib/i18n/index.ts';
import { can, menuAccess, type Actor } from '../policy/policy.ts';

export interface NavItem {
	href: string;
	label: MessageKey;
}

/** The jobs the menu is grouped by (issue 15.3). */
export type NavGroupId = 'plan' | 'catalogue' | 'learning' | 'evaluation' | 'reports' | 'admin' | 'knowledge';

export interface NavGroup {
	id: NavGroupId;
	label: MessageKey;
	items: NavItem[];
}

export interface Navigation {
	home: NavItem | null;
	/** Groups in menu order; empty groups are left out. */
	groups: NavGroup[];
	/** The person's own settings (shown beside their name). */
	settings: NavItem | null;
}

const GROUP_LABEL: Record<NavGroupId, MessageKey> = {
	plan: 'ux.nav.group.plan',
	catalogue: 'ux.nav.group.catalogue',
	learning: 'ux.nav.group.learning',
	evaluation: 'ux.nav.group.evaluation',
	reports: 'ux.nav.group.reports',
	admin: 'ux.nav.group.admin',
	knowledge: 'knowledge.nav'
};

/**
 * The main menu for a person, grouped by job, built from the same policy that guards the
 * pages, so nobody is shown a link that would be refused and everyone reaches every page
 * they may see (an evaluator reaches survey results through Evaluation → Surveys).
 */
export function navigationFor(actor: Actor | null): Navigation {
	if (!actor) return { home: null, groups: [], settings: null };
	const access = menuAccess(actor);
	const programmeId = access.programmeId;
	const inProgramme = programmeId !== null;
	const staff = actor.programmeId !== null;
	const admin = (action: 'import' | 'readAudit' | 'readOutbox' | 'readReports' | 'manageRetention') =>
		programmeId !== null && can(actor, action, { type: 'programmeAdmin', programmeId });
	const surveys =
		programmeId !== null &&
		(can(actor, 'read', { type: 'survey', id: 0, programmeId }) ||
			can(actor, 'readResults', { type: 'survey', id: 0, programmeId }));
	const workplaceId = access.workplaceId;
	const community = programmeId !== null && can(actor, 'read', { type: 'community', programmeId });

	const groups: Record<NavGroupId, (NavItem | false)[]> = {
		plan: [
			staff && { href: '/plans/me', label: 'plans.nav.myPlan' },
			inProgramme &&
				workplaceId !== null && { href: `/workplaces/${workplaceId}/plan`, label: 'plans.nav.workplace' },
			inProgramme && { href: '/needs', label: 'plans.nav.needs' },
			inProgramme && { href: '/swot', label: 'plans.nav.swot' }
		],
		catalogue: [
			inProgramme && { href: '/catalogue', label: 'catalogue.nav' },
			inProgramme && { href: '/calendar', label: 'nav.calendar' },
			staff && { href: '/my', label: 'nav.my' },
			access.approvals && { href: '/approvals', label: 'nav.approvals' },
			access.trainer && { href: '/trainer', label: 'nav.trainer' },
			access.activities && { href: '/activities', label: 'catalogue.nav.activities' }
		],
		learning: [
			// Everyone keeps a logbook; evaluators and others reach shared entries from there.
			{ href: '/logbook', label: 'logbook.nav' },
			staff && { href: '/badges', label: 'badges.mine.title' },
			inProgramme && { href: '/processes', label: 'processes.nav' },
			access.learning && { href: '/learning', label: 'dashboards.nav' }
		],
		evaluation: [
			staff && { href: '/answer', label: 'survey.answer.myTitle' },
			surveys && { href: '/surveys', label: 'surveys.nav' }
		],
		reports: [
			admin('readReports') && { href: '/reports', label: 'nav.reports' },
			// Budget, funder report, follow-up visits (issue 12): totals for office and steering,
			// the workplace's own for its manager.
			programmeId !== null &&
				can(actor, 'read', { type: 'funderReport', programmeId }) && {
					href: '/reports/funder',
					label: 'funder.nav.report'
				},
			programmeId !== null &&
				(can(actor, 'read', { type: 'budget', programmeId, unitId: null })
					? { href: '/budget', label: 'funder.nav.budget' }
					: workplaceId !== null &&
						can(actor, 'read', { type: 'budget', programmeId, unitId: workplaceId }) && {
							href: `/budget/workplaces/${workplaceId}`,
							label: 'funder.nav.budget'
						}),
			programmeId !== null &&
				(can(actor, 'manage', { type: 'visit', programmeId, unitId: 0 })
					? { href: '/visits', label: 'funder.nav.visits' }
					: workplaceId !== null &&
						can(actor, 'read', { type: 'visit', programmeId, unitId: workplaceId }) && {
							href: `/visits/workplaces/${workplaceId}`,
							label: 'funder.nav.visits'
						}),
			// Goals (issue 12): office, steering group and evaluators; the log: office and steering group.
			programmeId !== null &&
				can(actor, 'read', { type: 'goals', programmeId }) && { href: '/goals', label: 'goals.nav' },
			programmeId !== null &&
				can(actor, 'read', { type: 'goals', programmeId }) && { href: '/steering', label: 'steering.nav' },
			programmeId !== null &&
				can(actor, 'read', { type: 'decisions', programmeId }) && {
					href: '/decisions',
					label: 'decisions.nav'
				}
		],
		admin: [
			access.people && { href: '/people', label: 'nav.people' },
			inProgramme && { href: '/units', label: 'nav.units' },
			admin('import') && { href: '/import', label: 'nav.import' },
			admin('readAudit') && { href: '/audit', label: 'nav.audit' },
			admin('readOutbox') && { href: '/outbox', label: 'nav.outbox' },
			admin('manageRetention') && { href: '/privacy', label: 'privacy.nav' },
			programmeId !== null &&
				can(actor, 'manage', { type: 'openStandards', programmeId }) && {
					href: '/standards',
					label: 'standards.nav'
				}
		],
		// Knowledge sharing (issue 13): posts and search; experts and networks join here.
		knowledge: [
			inProgramme && { href: '/posts', label: 'posts.nav' },
			inProgramme && { href: '/search', label: 'search.nav' },
			community && { href: '/experts', label: 'community.nav.experts' },
			community && { href: '/networks', label: 'community.nav.networks' },
			community && { href: '/newsletter', label: 'community.nav.newsletter' }
		]
	};
	return {
		home: { href: '/', label: 'nav.home' },
		groups: (Object.keys(groups) as NavGroupId[])
			.map((id) => ({
				id,
				label: GROUP_LABEL[id],
				items: groups[id].filter((i): i is NavItem => i !== false)
			}))
			.filter((g) => g.items.length > 0),
		settings: { href: '/settings', label: 'nav.settings' }
	};
}

/** Every link of a navigation, in menu order (tests visit them all). */
export function navigationLinks(nav: Navigation): NavItem[] {
	return [
		...(nav.home ? [nav.home] : []),
		...nav.groups.flatMap((g) => g.items),
		...(nav.settings ? [nav.settings] : [])
	];
}
