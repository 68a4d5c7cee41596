import { AccessDeniedError } from '../core/errors.ts';
import { ROLES, type Role, type SearchAudience } from '../db/schema.ts';

export { AccessDeniedError };

/**
 * The one place that decides "may this person do this to that". Pages, form actions, the
 * REST API and the CLI all ask here. Rules are declared per resource type below; a refusal
 * is reported as "not found" by callers so that it never reveals that a record exists.
 */

/** The signed-in person, with roles and the expanded set of units they manage. */
export interface Actor {
	personId: number;
	name: string;
	email: string;
	/** The programme the person is staff in, if any. */
	programmeId: number | null;
	unitId: number | null;
	/** The person's saved language, if any. */
	locale: string | null;
	roles: readonly { role: Role; programmeId: number | null; unitId: number | null }[];
	/** Every unit a manager role covers, descendants included. */
	managedUnitIds: ReadonlySet<number>;
}

export type Resource =
	| { type: 'programme'; id: number }
	| { type: 'unit'; id: number; programmeId: number }
	| { type: 'person'; id: number; programmeId: number | null; unitId: number | null }
	/** Programme-wide facilities: audit log, outbox, imports, role administration. */
	| { type: 'programmeAdmin'; programmeId: number }
	/** A catalogue entry. Unpublished entries are visible to the office only. */
	| { type: 'activity'; id: number; programmeId: number; published: boolean }
	/** A dated session of an activity, with the people who train it. */
	| { type: 'session'; id: number; programmeId: number; published: boolean; trainerIds: readonly number[] }
	/** One person's registration for a session. */
	/**
	 * A workplace's learning environment: its SWOT board, needs, workplace plan, processes,
	 * dashboard. `member` is true when the actor works in the unit or a team below it.
	 */
	| { type: 'workplace'; programmeId: number; unitId: number; member: boolean }
	/** A person's individual plan, development dialogues and 40-20-40 forms. */
	| { type: 'personalPlan'; programmeId: number; personId: number; unitId: number | null }
	/** A development process; participants include the manager. */
	| {
			type: 'process';
			id: number;
			programmeId: number;
			unitId: number;
			participantIds: readonly number[];
			leadIds: readonly number[];
	  }
	/**
	 * A reflection logbook entry. Private to its author; others only through consent that
	 * the author can withdraw (`sharedWith`). Deliberately not overridden by admin or office.
	 */
	| {
			type: 'logbookEntry';
			id: number;
			programmeId: number | null;
			authorId: number;
			authorUnitId: number | null;
			sharedWith: readonly LogbookAudienceName[];
			/** Members of the process the entry is tied to (for "process group" sharing). */
			processParticipantIds: readonly number[];
	  }
	/**
	 * A survey of a programme (building, distributing, results). `anonymous` matters only for
	 * `readIdentified`; when absent the survey counts as anonymous.
	 */
	| { type: 'survey'; id: number; programmeId: number; anonymous?: boolean }
	| {
			type: 'registration';
			id: number;
			programmeId: number;
			personId: number;
			unitId: number | null;
			trainerIds: readonly number[];
	  }
	/** xAPI settings and statement file, Open Badges achievements and revocation (issue 14). */
	| { type: 'openStandards'; programmeId: number }
	/** Knowledge sharing of a programme: recordings, the newsletter, the expert vocabulary. */
	| { type: 'community'; programmeId: number }
	/** A person's entry in the expert directory. */
	| { type: 'expertProfile'; programmeId: number; personId: number }
	/** A network or group of the programme, kept by its contact person and the office. */
	| { type: 'network'; id: number; programmeId: number; contactPersonId: number | null }
	/**
	 * A post (news, reports). `visible` = published and its publish date has come; `public`
	 * posts are also read without signing in (feed). Who may write comes from the programme's
	 * post settings (`managersMayWrite`, `participantsMayWrite`); the office always may.
	 */
	| {
			type: 'post';
			id: number;
			programmeId: number;
			authorIds: readonly number[];
			visible: boolean;
			audience: 'public' | 'members';
			managersMayWrite: boolean;
			participantsMayWrite: boolean;
	  }
	/** A comment on a post: edited and deleted by its author, moderated by the office. */
	| { type: 'postComment'; id: number; programmeId: number; authorId: number }
	/** A programme's budget (`unitId` null: the programme's totals; else one workplace's share). */
	| { type: 'budget'; programmeId: number; unitId: number | null }
	/** A coordinator's follow-up visit to a workplace. */
	| { type: 'visit'; programmeId: number; unitId: number }
	/** The programme's report to its funder and its frozen versions. */
	| { type: 'funderReport'; programmeId: number }
	/**
	 * A programme's goals (goal table, snapshots, steering dashboard): the office manages;
	 * steering group and evaluators read. Managers and participants do not see them.
	 */
	| { type: 'goals'; programmeId: number }
	/** A programme's steering-group decisions log: the office manages; the steering group reads. */
	| { type: 'decisions'; programmeId: number };

type LogbookAudienceName = 'process_group' | 'manager' | 'evaluators';

export type Action =
	| 'read'
	| 'create'
	| 'update'
	| 'deactivate'
	/** Gender and hourly cost: programme office only (SPEC §4). */
	| 'readSensitive'
	| 'grantRole'
	| 'import'
	| 'readAudit'
	| 'readOutbox'
	/** Aggregated reports (hours, participation): office and steering group. */
	| 'readReports'
	/** Sign oneself up (session), or sign up someone else (registration of staff). */
	| 'register'
	| 'approve'
	| 'cancel'
	/** See who is registered, mark attendance, print the sign-in sheet (session). */
	| 'readParticipants'
	| 'markAttendance'
	| 'expressInterest'
	| 'readInterest'
	/** Add items, needs, votes (workplace members); manage = the unit's manager or the office. */
	| 'contribute'
	| 'manage'
	/** Prioritise needs into tracks and activities (office). */
	| 'prioritise'
	/** Survey results: aggregates with small-group protection. */
	| 'readResults'
	/** De-identified raw answers (evaluators, office). */
	| 'exportRaw'
	/**
	 * Participation below the minimum group size (e.g. "invited 1, answered 1" for a unit):
	 * only the office of an identified survey; nobody, admins included, for an anonymous one.
	 */
	| 'readIdentified'
	/** Privacy (issue 14): erase a person on request (person); retention rules (programmeAdmin). */
	| 'erase'
	| 'manageRetention'
	/** Write a comment (post). */
	| 'comment'
	/** Hide or delete others' comments, change post settings (the office). */
	| 'moderate';

export function isAdmin(actor: Actor): boolean {
	return actor.roles.some((r) => r.role === 'admin');
}

/** Does the actor hold `role` in `programmeId` (admins hold every role everywhere)? */
export function hasRole(actor: Actor, role: Role, programmeId: number | null): boolean {
	if (isAdmin(actor)) return true;
	return actor.roles.some((r) => r.role === role && r.programmeId === programmeId);
}

/** Is the actor connected to the programme at all (staff or any role)? */
export function belongsTo(actor: Actor, programmeId: number): boolean {
	return (
		isAdmin(actor) ||
		actor.programmeId === programmeId ||
		actor.roles.some((r) => r.programmeId === programmeId)
	);
}

/** Programmes the actor may open. Admins: undefined, meaning every programme. */
export function programmeIdsOf(actor: Actor): number[] | undefined {
	if (isAdmin(actor)) return undefined;
	const ids = new Set<number>();
	if (actor.programmeId !== null) ids.add(actor.programmeId);
	for (const r of actor.roles) if (r.programmeId !== null) ids.add(r.programmeId);
	return [...ids];
}

const isOffice = (actor: Actor, programmeId: number | null) =>
	programmeId !== null && hasRole(actor, 'office', programmeId);

/** Does any of the actor's manager roles cover this unit (descendants included)? */
export function managesUnit(actor: Actor, unitId: number | null): boolean {
	return unitId !== null && actor.managedUnitIds.has(unitId);
}

/** Decides one action on one resource. */
export function can(actor: Actor, action: Action, resource: Resource): boolean {
	// Logbooks first: consent, not rank, decides who reads a reflection (SPEC §4).
	if (resource.type === 'logbookEntry') return canLogbook(actor, action, resource);
	// Anonymity, not rank: an anonymous survey's participants are identified to nobody.
	if (action === 'readIdentified')
		return (
			resource.type === 'survey' &&
			resource.anonymous === false &&
			(isAdmin(actor) || isOffice(actor, resource.programmeId))
		);
	if (isAdmin(actor)) return true;
	if (resource.type === 'openStandards') return action === 'manage' && isOffice(actor, resource.programmeId);
	switch (resource.type) {
		case 'programme':
			if (action === 'read') return belongsTo(actor, resource.id);
			return action === 'update' && isOffice(actor, resource.id);
		case 'programmeAdmin':
			if (action === 'readReports')
				return isOffice(actor, resource.programmeId) || hasRole(actor, 'steering', resource.programmeId);
			// Managers see interest in the catalogue for planning (their own staff's only; see service).
			if (action === 'readInterest')
				return isOffice(actor, resource.programmeId) || actor.managedUnitIds.size > 0;
			return (
				['readAudit', 'readOutbox', 'import', 'grantRole', 'create', 'manageRetention'].includes(action) &&
				isOffice(actor, resource.programmeId)
			);
		case 'activity': {
			const office = isOffice(actor, resource.programmeId);
			if (action === 'read') return office || (resource.published && belongsTo(actor, resource.programmeId));
			if (action === 'expressInterest')
				return resource.published && actor.programmeId === resource.programmeId && actor.unitId !== null;
			return ['create', 'update'].includes(action) && office;
		}
		case 'session': {
			const office = isOffice(actor, resource.programmeId);
			const trainer = resource.trainerIds.includes(actor.personId);
			switch (action) {
				case 'read':
					return office || trainer || (resource.published && belongsTo(actor, resource.programmeId));
				// Staff of the programme sign themselves up; managers sign up their staff (registration rule).
				case 'register':
					return (
						resource.published &&
						(office ||
							actor.managedUnitIds.size > 0 ||
							(actor.programmeId === resource.programmeId && actor.unitId !== null))
					);
				case 'readParticipants':
				case 'markAttendance':
					return office || trainer;
				case 'create':
				case 'update':
				case 'cancel':
					return office;
				default:
					return false;
			}
		}
		case 'workplace': {
			const office = isOffice(actor, resource.programmeId);
			const manager = managesUnit(actor, resource.unitId);
			switch (action) {
				case 'read':
					return belongsTo(actor, resource.programmeId);
				case 'contribute':
					return office || manager || resource.member;
				case 'manage':
					return office || manager;
				case 'prioritise':
					return office;
				default:
					return false;
			}
		}
		case 'personalPlan': {
			const self = resource.personId === actor.personId;
			const office = isOffice(actor, resource.programmeId);
			const manager = managesUnit(actor, resource.unitId);
			if (action === 'read' || action === 'update') return self || office || manager;
			if (action === 'manage') return office || manager;
			return false;
		}
		case 'process': {
			const office = isOffice(actor, resource.programmeId);
			const manager = managesUnit(actor, resource.unitId);
			const lead = resource.leadIds.includes(actor.personId);
			if (action === 'read') return belongsTo(actor, resource.programmeId);
			if (action === 'update' || action === 'manage') return office || manager || lead;
			if (action === 'create') return office || manager;
			return false;
		}
		case 'survey': {
			const office = isOffice(actor, resource.programmeId);
			if (action === 'readResults')
				return (
					office ||
					hasRole(actor, 'steering', resource.programmeId) ||
					hasRole(actor, 'evaluator', resource.programmeId)
				);
			if (action === 'exportRaw') return office || hasRole(actor, 'evaluator', resource.programmeId);
			return ['create', 'update', 'manage', 'read'].includes(action) && office;
		}
		case 'registration': {
			const self = resource.personId === actor.personId;
			const office = isOffice(actor, resource.programmeId);
			const manager = managesUnit(actor, resource.unitId);
			const trainer = resource.trainerIds.includes(actor.personId);
			switch (action) {
				case 'read':
					return self || office || manager || trainer;
				case 'register':
					return self || office || manager;
				case 'approve':
					return office || manager;
				case 'cancel':
					return self || office || manager;
				case 'markAttendance':
					return office || trainer;
				default:
					return false;
			}
		}
		case 'post':
			return canPost(actor, action, resource);
		case 'postComment': {
			const author = resource.authorId === actor.personId;
			if (action === 'update') return author;
			if (action === 'manage') return author || isOffice(actor, resource.programmeId);
			return action === 'moderate' && isOffice(actor, resource.programmeId);
		}
		case 'goals':
			if (action === 'read')
				return (
					isOffice(actor, resource.programmeId) ||
					hasRole(actor, 'steering', resource.programmeId) ||
					hasRole(actor, 'evaluator', resource.programmeId)
				);
			return action === 'manage' && isOffice(actor, resource.programmeId);
		case 'decisions':
			if (action === 'read')
				return isOffice(actor, resource.programmeId) || hasRole(actor, 'steering', resource.programmeId);
			return action === 'manage' && isOffice(actor, resource.programmeId);
		case 'unit':
			// The organisation tree is not personal data: everyone in the programme may read it.
			if (action === 'read') return belongsTo(actor, resource.programmeId);
			return ['create', 'update', 'deactivate'].includes(action) && isOffice(actor, resource.programmeId);
		case 'budget': {
			const office = isOffice(actor, resource.programmeId);
			// Managers see their workplace's allocation and spending; steering the totals (SPEC §2).
			if (action === 'read')
				return (
					office ||
					(resource.unitId === null
						? hasRole(actor, 'steering', resource.programmeId)
						: managesUnit(actor, resource.unitId))
				);
			// Hourly costs and per-person co-financing: the office only.
			return ['create', 'update', 'manage', 'readSensitive'].includes(action) && office;
		}
		case 'visit': {
			const office = isOffice(actor, resource.programmeId);
			if (action === 'read') return office || managesUnit(actor, resource.unitId);
			return ['create', 'update', 'manage'].includes(action) && office;
		}
		case 'funderReport': {
			const office = isOffice(actor, resource.programmeId);
			if (action === 'read') return office || hasRole(actor, 'steering', resource.programmeId);
			return ['create', 'update', 'manage'].includes(action) && office;
		}
		case 'person': {
			const self = resource.id === actor.personId;
			const office = isOffice(actor, resource.programmeId);
			switch (action) {
				case 'read':
					return self || office || managesUnit(actor, resource.unitId);
				case 'readSensitive':
				case 'create':
				case 'update':
				case 'deactivate':
				case 'grantRole':
				case 'erase':
					return office;
				default:
					return false;
			}
		}
		// Members read (watch recordings, past newsletters); the office manages.
		case 'community':
			if (action === 'read') return belongsTo(actor, resource.programmeId);
			return ['create', 'update', 'manage'].includes(action) && isOffice(actor, resource.programmeId);
		case 'expertProfile': {
			if (action === 'read') return belongsTo(actor, resource.programmeId);
			const self = resource.personId === actor.personId && actor.programmeId === resource.programmeId;
			return action === 'update' && (self || isOffice(actor, resource.programmeId));
		}
		case 'network': {
			const office = isOffice(actor, resource.programmeId);
			if (action === 'read') return belongsTo(actor, resource.programmeId);
			// Staff of the programme start networks (KLURA: "at least three new networks").
			if (action === 'create') return office || actor.programmeId === resource.programmeId;
			if (action === 'update' || action === 'manage')
				return (
					office || (resource.contactPersonId === actor.personId && belongsTo(actor, resource.programmeId))
				);
			return false;
		}
	}
}

function canLogbook(
	actor: Actor,
	action: Action,
	entry: Extract<Resource, { type: 'logbookEntry' }>
): boolean {
	const author = entry.authorId === actor.personId;
	if (action !== 'read') return author && ['update', 'manage'].includes(action);
	if (author) return true;
	const shared = (audience: LogbookAudienceName) => entry.sharedWith.includes(audience);
	if (shared('manager') && managesUnit(actor, entry.authorUnitId)) return true;
	if (
		shared('evaluators') &&
		entry.programmeId !== null &&
		actor.roles.some((r) => r.role === 'evaluator' && r.programmeId === entry.programmeId)
	)
		return true;
	if (shared('process_group') && entry.processParticipantIds.includes(actor.personId)) return true;
	return false;
}

/** Asserts `can(actor, action, resource)`; a refusal is an `AccessDeniedError` (shown as 404). */
export function authorize(actor: Actor, action: Action, resource: Resource): void {
	if (!can(actor, action, resource)) throw new AccessDeniedError();
}

/**
 * Which people in a programme the actor may list, as a filter for one query (batched, so
 * lists never check rows one by one): every person, people in some units, or only self.
 */
export type PersonScope =
	| { kind: 'all' }
	| { kind: 'units'; unitIds: number[]; personId: number }
	| { kind: 'self'; personId: number };

export function personScope(actor: Actor, programmeId: number): PersonScope {
	if (isOffice(actor, programmeId)) return { kind: 'all' };
	if (actor.managedUnitIds.size > 0)
		return { kind: 'units', unitIds: [...actor.managedUnitIds], personId: actor.personId };
	return { kind: 'self', personId: actor.personId };
}

// ---- catalogue

/** The policy's view of a session (one builder for catalogue, registrations and attendance). */
export function sessionResource(s: {
	id: number;
	programmeId: number;
	/** Its activity is published and not archived. */
	published: boolean;
	trainerIds: readonly number[];
}): Extract<Resource, { type: 'session' }> {
	return {
		type: 'session',
		id: s.id,
		programmeId: s.programmeId,
		published: s.published,
		trainerIds: s.trainerIds
	};
}

// ---- registrations

/** Is the actor the programme office (admins included)? Office decisions skip approval. */
export function actsAsOffice(actor: Actor, programmeId: number): boolean {
	return isOffice(actor, programmeId);
}

/** May the actor decide for this person's registrations (the programme office, or their manager)? */
export function decidesRegistrationFor(
	actor: Actor,
	programmeId: number,
	personUnitId: number | null
): boolean {
	return isOffice(actor, programmeId) || managesUnit(actor, personUnitId);
}

/** May the actor decide registrations (approvals, team registration) in the programme at all? */
export function decidesRegistrations(actor: Actor, programmeId: number): boolean {
	return isOffice(actor, programmeId) || actor.managedUnitIds.size > 0;
}

/**
 * Which registrations the actor may list, as one filter for SQL: undefined = every one
 * (admins); else rows of the actor, of people in managed units, of programmes the actor is
 * office of, and of sessions the actor trains.
 */
export interface RegistrationScope {
	personId: number;
	unitIds: number[];
	programmeIds: number[];
	trainerId: number;
}

export function registrationScope(actor: Actor): RegistrationScope | undefined {
	if (isAdmin(actor)) return undefined;
	return {
		personId: actor.personId,
		unitIds: [...actor.managedUnitIds],
		programmeIds: (programmeIdsOf(actor) ?? []).filter((p) => isOffice(actor, p)),
		trainerId: actor.personId
	};
}

/**
 * The registrations waiting for the actor's decision in a programme: undefined = all of the
 * programme (the office); else only people in the managed units (never the actor's own).
 */
export function approvalScope(actor: Actor, programmeId: number): RegistrationScope | undefined {
	if (isOffice(actor, programmeId)) return undefined;
	return { personId: -1, unitIds: [...actor.managedUnitIds], programmeIds: [], trainerId: -1 };
}

/** Whom the actor may register as a team: undefined = anyone in the programme (office), else managed units. */
export function teamUnitScope(actor: Actor, programmeId: number): number[] | undefined {
	return isOffice(actor, programmeId) ? undefined : [...actor.managedUnitIds];
}

// ---- learning at work (plans, processes, logbook, dashboards)

/** The units the actor holds a manager role for in the programme (the roots, not descendants). */
export function managerRootUnitIds(actor: Actor, programmeId: number): number[] {
	return actor.roles
		.filter((r) => r.role === 'manager' && r.programmeId === programmeId && r.unitId !== null)
		.map((r) => r.unitId!);
}

/**
 * Whose logbook entries, besides their own, the actor may list: the filter the logbook
 * repository turns into one query. It is `canLogbook`'s read rule for lists: entries shared
 * with "the manager" by someone in a unit the actor manages, with "the evaluators" by someone
 * in a programme the actor evaluates, with "the process group" of a process the actor is in.
 */
export interface LogbookScope {
	personId: number;
	/** Units the actor manages (descendants included). */
	managerUnitIds: readonly number[];
	/** Programmes in which the actor is an evaluator. */
	evaluatorProgrammeIds: readonly number[];
}

export function logbookScope(actor: Actor): LogbookScope {
	return {
		personId: actor.personId,
		managerUnitIds: [...actor.managedUnitIds],
		evaluatorProgrammeIds: actor.roles
			.filter((r) => r.role === 'evaluator' && r.programmeId !== null)
			.map((r) => r.programmeId!)
	};
}

/**
 * May the actor create a development process in one of `unitIds` or in a unit they manage
 * (the "new process" link)?
 */
export function canCreateProcessSomewhere(
	actor: Actor,
	programmeId: number,
	unitIds: readonly number[]
): boolean {
	return [...unitIds, ...actor.managedUnitIds].some((unitId) =>
		can(actor, 'create', { type: 'process', id: 0, programmeId, unitId, participantIds: [], leadIds: [] })
	);
}

// ---- people

/** May the actor grant or revoke a role of this kind? Admin roles only by an admin. */
export function mayHandleRoleKind(actor: Actor, role: Role): boolean {
	return role !== 'admin' || isAdmin(actor);
}

/** Distinct names of the roles the actor holds anywhere (what the layout shows). */
export function roleNamesOf(actor: Actor): Role[] {
	return [...new Set(actor.roles.map((r) => r.role))];
}

// ---- organisation

/** Does the actor see every programme (admins), not only those they belong to? */
export function seesEveryProgramme(actor: Actor): boolean {
	return isAdmin(actor);
}

// ---- mail

/** Which outbox rows the actor reads in a programme: every row (admins) or the programme's. */
export type OutboxScope = { kind: 'all' } | { kind: 'programme'; programmeId: number };

export function outboxScope(actor: Actor, programmeId: number): OutboxScope {
	return isAdmin(actor) ? { kind: 'all' } : { kind: 'programme', programmeId };
}

// ---- home

/**
 * Roles the actor holds in `programmeId`, in the canonical order: participant when they are
 * staff with a unit there, every role given in that programme, and admin (which is global).
 */
export function rolesIn(actor: Actor, programmeId: number | null): Role[] {
	const held = new Set<Role>();
	if (programmeId !== null && actor.programmeId === programmeId && actor.unitId !== null)
		held.add('participant');
	for (const r of actor.roles) if (r.role === 'admin' || r.programmeId === programmeId) held.add(r.role);
	return ROLES.filter((r) => held.has(r));
}

/** Which sections the home page shows; `shownProgrammeId` is the programme the actor may read, if any. */
export interface HomeSections {
	/** Own details: staff of the programme. */
	me: boolean;
	manager: boolean;
	/** The office view; admins get it for a programme they open from their list. */
	office: boolean;
	/** The short programme overview of steering group, evaluators and trainers. */
	overview: boolean;
	/** Every programme with counts (admins). */
	programmes: boolean;
	/** Roles whose tools arrive later, each promised in a line. */
	future: ('steering' | 'evaluator' | 'trainer')[];
}

export function homeSections(
	actor: Actor,
	programmeId: number | null,
	shownProgrammeId: number | null,
	requestedProgrammeId?: number | null
): HomeSections {
	const roles = rolesIn(actor, programmeId);
	const shown = shownProgrammeId !== null;
	const future = (['steering', 'evaluator', 'trainer'] as const).filter((r) => roles.includes(r));
	return {
		me: roles.includes('participant'),
		manager: shown && roles.includes('manager'),
		office:
			shown && (roles.includes('office') || (isAdmin(actor) && requestedProgrammeId === shownProgrammeId)),
		overview: shown && future.length > 0,
		programmes: isAdmin(actor),
		future
	};
}

/** Every unit the actor manages, descendants included. */
export function managedUnitsOf(actor: Actor): number[] {
	return [...actor.managedUnitIds];
}

// ---- navigation

/** What the main menu may offer beyond `can` checks on programme facilities. */
export interface MenuAccess {
	/** The programme the menu works in: the staff programme, else that of the first role. */
	programmeId: number | null;
	people: boolean;
	activities: boolean;
	approvals: boolean;
	trainer: boolean;
	learning: boolean;
	/** The workplace a manager leads, else the person's own unit. */
	workplaceId: number | null;
}

export function menuAccess(actor: Actor): MenuAccess {
	const programmeId =
		actor.programmeId ?? actor.roles.find((r) => r.programmeId !== null)?.programmeId ?? null;
	const office = programmeId !== null && hasRole(actor, 'office', programmeId);
	const manager = actor.managedUnitIds.size > 0;
	return {
		programmeId,
		people: office || manager || isAdmin(actor),
		activities: programmeId !== null && office,
		approvals: programmeId !== null && (office || manager),
		trainer: actor.roles.some((r) => r.role === 'trainer' || r.role === 'office') || isAdmin(actor),
		learning:
			programmeId !== null && (manager || can(actor, 'readReports', { type: 'programmeAdmin', programmeId })),
		workplaceId: actor.roles.find((r) => r.role === 'manager' && r.unitId !== null)?.unitId ?? actor.unitId
	};
}

// ---- knowledge sharing (posts, comments, search)

/** May the actor write posts in the programme under its settings (the office always)? */
function writesPosts(actor: Actor, r: Extract<Resource, { type: 'post' }>): boolean {
	if (isOffice(actor, r.programmeId)) return true;
	if (r.managersMayWrite && managerRootUnitIds(actor, r.programmeId).length > 0) return true;
	return r.participantsMayWrite && actor.programmeId === r.programmeId && actor.unitId !== null;
}

function canPost(actor: Actor, action: Action, r: Extract<Resource, { type: 'post' }>): boolean {
	const office = isOffice(actor, r.programmeId);
	const author = r.authorIds.includes(actor.personId);
	switch (action) {
		case 'read':
			return office || author || (r.visible && (r.audience === 'public' || belongsTo(actor, r.programmeId)));
		case 'create':
			return writesPosts(actor, r);
		// Authors edit their own posts while the programme lets them write; the office edits any.
		case 'update':
			return office || (author && writesPosts(actor, r));
		case 'comment':
			return r.visible && belongsTo(actor, r.programmeId);
		case 'moderate':
			return office;
		default:
			return false;
	}
}

/**
 * Which audiences of the search index the actor reads in a programme (a filter in SQL):
 * everyone `public`, the programme's people also `members`, the office also `office`.
 * Nobody signed in (null) reads `public` only.
 */
export function searchAudiences(actor: Actor | null, programmeId: number): SearchAudience[] {
	if (!actor) return ['public'];
	if (isOffice(actor, programmeId)) return ['public', 'members', 'office'];
	if (belongsTo(actor, programmeId)) return ['public', 'members'];
	return ['public'];
}

/** Which posts of a programme the actor may list beyond the visible ones: all (office) or their own drafts. */
export function postListScope(
	actor: Actor | null,
	programmeId: number
): { audiences: ('public' | 'members')[]; allDrafts: boolean; authorId: number | null } {
	if (!actor) return { audiences: ['public'], allDrafts: false, authorId: null };
	const member = belongsTo(actor, programmeId);
	return {
		audiences: member ? ['public', 'members'] : ['public'],
		allDrafts: isOffice(actor, programmeId),
		authorId: actor.personId
	};
}

/**
 * What the actor may see, as a stable key for results memoised per reader: their person, and
 * their roles (a role given or taken changes it). Units a manager role covers follow the roles.
 */
export function accessKey(actor: Actor): string {
	const roles = actor.roles
		.map((r) => `${r.role}:${r.programmeId ?? ''}:${r.unitId ?? ''}`)
		.sort()
		.join(',');
	return `${actor.personId}|${actor.programmeId ?? ''}|${actor.unitId ?? ''}|${roles}`;
}
