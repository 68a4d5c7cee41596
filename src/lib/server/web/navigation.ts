import type { MessageKey } from '#lib/i18n/index.ts';
import { can, menuAccess, type Actor } from '../policy/policy.ts';

export interface NavItem {
	href: string;
	label: MessageKey;
}

/**
 * The main menu for a person, built from the same policy that guards the pages, so nobody
 * is shown a link that would be refused. Later features add their entries here.
 */
export function navigationFor(actor: Actor | null): NavItem[] {
	if (!actor) return [];
	const items: NavItem[] = [{ href: '/', label: 'nav.home' }];
	const access = menuAccess(actor);
	const programmeId = access.programmeId;
	if (access.people) items.push({ href: '/people', label: 'nav.people' });
	if (programmeId !== null) items.push({ href: '/units', label: 'nav.units' });
	if (programmeId !== null) items.push({ href: '/catalogue', label: 'catalogue.nav' });
	if (access.activities) items.push({ href: '/activities', label: 'catalogue.nav.activities' });
	if (actor.programmeId !== null) items.push({ href: '/my', label: 'nav.my' });
	if (actor.programmeId !== null) items.push({ href: '/answer', label: 'survey.answer.myTitle' });
	// Everyone keeps a logbook; evaluators and others reach shared entries from there.
	items.push({ href: '/logbook', label: 'logbook.nav' });
	if (access.approvals) items.push({ href: '/approvals', label: 'nav.approvals' });
	if (programmeId !== null && can(actor, 'import', { type: 'programmeAdmin', programmeId }))
		items.push({ href: '/import', label: 'nav.import' });
	if (programmeId !== null && can(actor, 'readAudit', { type: 'programmeAdmin', programmeId }))
		items.push({ href: '/audit', label: 'nav.audit' });
	if (programmeId !== null && can(actor, 'readOutbox', { type: 'programmeAdmin', programmeId }))
		items.push({ href: '/outbox', label: 'nav.outbox' });
	if (access.trainer) items.push({ href: '/trainer', label: 'nav.trainer' });
	if (programmeId !== null && can(actor, 'readReports', { type: 'programmeAdmin', programmeId }))
		items.push({ href: '/reports', label: 'nav.reports' });
	if (programmeId !== null) items.push({ href: '/calendar', label: 'nav.calendar' });
	if (programmeId !== null) items.push({ href: '/needs', label: 'plans.nav.needs' });
	if (programmeId !== null) items.push({ href: '/swot', label: 'plans.nav.swot' });
	if (actor.programmeId !== null) items.push({ href: '/plans/me', label: 'plans.nav.myPlan' });
	// The workplace a manager leads (else the person's own): its SWOT board and competence plan.
	const workplaceId = access.workplaceId;
	if (programmeId !== null && workplaceId !== null)
		items.push({ href: `/workplaces/${workplaceId}/plan`, label: 'plans.nav.workplace' });
	if (programmeId !== null) items.push({ href: '/processes', label: 'processes.nav' });
	if (access.learning) items.push({ href: '/learning', label: 'dashboards.nav' });
	if (programmeId !== null && can(actor, 'read', { type: 'survey', id: 0, programmeId }))
		items.push({ href: '/surveys', label: 'surveys.nav' });
	items.push({ href: '/settings', label: 'nav.settings' });
	return items;
}
