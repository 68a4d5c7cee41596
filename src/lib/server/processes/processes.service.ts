import { queueXapi } from '../xapi/xapi.service.ts';
import { type MessageKey } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import type { ProcessStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { KeyedRuleError } from '../core/errors.ts';
import { descendantUnitIds } from '../organisation/organisation.service.ts';
import {
	AccessDeniedError,
	authorize,
	can,
	canCreateProcessSomewhere,
	managesUnit,
	type Actor,
	type Resource
} from '../policy/policy.ts';
import {
	findTrack,
	listTracks,
	sessionIdsInProgramme,
	sessionLinkOptions,
	sessionTitles
} from '../catalogue/catalogue.service.ts';
import { getUnit, listUnits } from '../organisation/organisation.service.ts';
import { findPersonFacts, searchActivePeople } from '../people/people.service.ts';
import { pickMatches, PICKER_LIMIT } from '../core/picker.ts';
import {
	goalIdsInProgramme,
	needIdsInProgramme,
	needOptions,
	needsByIds,
	workplaceGoalOptions,
	workplaceGoalsByIds
} from '../plans/plans.service.ts';
import {
	countProcessRows,
	deleteParticipant,
	findProcess,
	insertMilestone,
	insertParticipant,
	insertProcess,
	listProcessRows,
	participantRoles,
	processLinkRows,
	countProcessParticipants,
	participantsAmong,
	processParticipants,
	replaceLinks,
	setMilestoneDoneAt,
	updateProcessRow,
	upsertParticipant,
	type ProcessListRow
} from './processes.repository.ts';
import {
	PROCESS_PAGE_SIZE,
	type MilestoneInput,
	type ParticipantInput,
	type ProcessInput,
	type ProcessQuery
} from './processes.schema.ts';

/**
 * Development processes (action learning) per workplace within a track. Everyone in the
 * programme reads them; the unit's manager and the office create them; they and the
 * process's leads edit (policy `process`). Every change is audited in its transaction.
 */

/** Input that refers to something outside the programme, or a broken rule. 422. */
export class ProcessRuleError extends KeyedRuleError {
	constructor(key: MessageKey, field = '_form') {
		super(key, field, 422);
	}
}

async function processResource(db: Db, id: number): Promise<Extract<Resource, { type: 'process' }>> {
	const row = await findProcess(db, id);
	if (!row) throw new AccessDeniedError();
	const people = await participantRoles(db, id);
	return {
		type: 'process',
		id,
		programmeId: row.programmeId,
		unitId: row.unitId,
		participantIds: people.map((p) => p.personId),
		leadIds: people.filter((p) => p.role === 'lead').map((p) => p.personId)
	};
}

/**
 * One page of the programme's processes, filtered by track, unit (descendants included) and
 * status in SQL; `total` counts every match.
 */
export async function listProcesses(
	db: Db,
	actor: Actor,
	programmeId: number,
	query: Partial<Omit<ProcessQuery, 'programme'>> = {}
): Promise<{ rows: ProcessListRow[]; page: number; pageSize: number; total: number }> {
	authorize(actor, 'read', { type: 'programme', id: programmeId });
	const pageSize = Math.min(Math.max(1, query.pageSize ?? PROCESS_PAGE_SIZE), 200);
	const page = Math.max(1, query.page ?? 1);
	const unitIds = query.unitId ? [...(await descendantUnitIds(db, [query.unitId]))] : undefined;
	const filter = { unitIds, trackId: query.trackId, status: query.status };
	const [rows, total] = await Promise.all([
		listProcessRows(db, programmeId, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
		countProcessRows(db, programmeId, filter)
	]);
	return { rows, page, pageSize, total };
}

/** One process with participants, links and milestones; `canEdit` for the page. */
/** Participants per page of a process's page (a process may hold thousands of people). */
export const PARTICIPANTS_PAGE_SIZE = 50;

/**
 * A process with its links, milestones and participants (by name). `participantPage` asks for one
 * page of `PARTICIPANTS_PAGE_SIZE` participants (the process page); without it, all of them (the API).
 */
export async function getProcess(
	db: Db,
	actor: Actor,
	id: number,
	options: { participantPage?: number } = {}
) {
	const resource = await processResource(db, id);
	authorize(actor, 'read', resource);
	const row = (await findProcess(db, id))!;
	const page =
		options.participantPage === undefined ? null : Math.max(1, Math.floor(options.participantPage) || 1);
	const [participants, participantTotal, links, unit, track] = await Promise.all([
		processParticipants(
			db,
			id,
			page === null
				? undefined
				: { limit: PARTICIPANTS_PAGE_SIZE, offset: (page - 1) * PARTICIPANTS_PAGE_SIZE }
		),
		page === null ? null : countProcessParticipants(db, id),
		processLinks(db, id),
		getUnit(db, row.unitId),
		row.trackId ? findTrack(db, row.trackId) : undefined
	]);
	return {
		id: row.id,
		programmeId: row.programmeId,
		unitId: row.unitId,
		unitName: unit?.name ?? '',
		trackId: row.trackId,
		trackName: track?.name ?? null,
		title: row.title,
		description: row.description,
		questions: row.questions,
		status: row.status,
		results: row.results,
		lessons: row.lessons,
		startsOn: row.startsOn,
		endsOn: row.endsOn,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		participants: participants.map((p) => ({ personId: p.personId, name: p.name, role: p.role })),
		...links,
		/** Where the participants' page is (null when all were asked for). */
		participantPage:
			page === null
				? null
				: { page, pageSize: PARTICIPANTS_PAGE_SIZE, total: participantTotal ?? participants.length },
		canEdit: can(actor, 'update', resource)
	};
}
export type ProcessDetail = Awaited<ReturnType<typeof getProcess>>;

/** Checks that the unit, track and linked records all belong to the programme. */
async function checkReferences(db: Db, programmeId: number, input: ProcessInput): Promise<void> {
	const unit = await getUnit(db, input.unitId);
	if (!unit || unit.programmeId !== programmeId) throw new ProcessRuleError('error.unknownId', 'unitId');
	if (input.trackId) {
		const track = await findTrack(db, input.trackId);
		if (!track || track.programmeId !== programmeId) throw new ProcessRuleError('error.unknownId', 'trackId');
	}
	const check = async (
		ids: number[] | undefined,
		found: (ids: number[]) => Promise<number[]>,
		field: string
	) => {
		if (!ids || ids.length === 0) return;
		if ((await found(ids)).length !== ids.length) throw new ProcessRuleError('error.unknownId', field);
	};
	await check(input.goalIds, (ids) => goalIdsInProgramme(db, programmeId, ids), 'goalIds');
	await check(input.sessionIds, (ids) => sessionIdsInProgramme(db, programmeId, ids), 'sessionIds');
	await check(input.needIds, (ids) => needIdsInProgramme(db, programmeId, ids), 'needIds');
}

function columns(input: ProcessInput) {
	return {
		unitId: input.unitId,
		trackId: input.trackId ?? null,
		title: input.title,
		description: input.description || null,
		questions: input.questions || null,
		status: input.status as ProcessStatus,
		results: input.results || null,
		lessons: input.lessons || null,
		startsOn: input.startsOn ?? null,
		endsOn: input.endsOn ?? null
	};
}

/**
 * Creates a process in a unit (the unit's manager or the office). A manager who creates one
 * for their unit joins it as lead, since KUB's rule counts the manager too.
 */
export async function createProcess(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: ProcessInput
): Promise<number> {
	authorize(actor, 'read', { type: 'programme', id: programmeId });
	await checkReferences(db, programmeId, input);
	authorize(actor, 'create', {
		type: 'process',
		id: 0,
		programmeId,
		unitId: input.unitId,
		participantIds: [],
		leadIds: []
	});
	const now = nowIso();
	return db.transaction().execute(async (trx) => {
		const processId = await insertProcess(trx, {
			programmeId,
			...columns(input),
			createdBy: actor.personId,
			updatedAt: now
		});
		await replaceLinks(trx, processId, input);
		if (managesUnit(actor, input.unitId)) await insertParticipant(trx, processId, actor.personId, 'lead');
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'process',
			entityId: processId,
			after: {
				...columns(input),
				goalIds: input.goalIds,
				sessionIds: input.sessionIds,
				needIds: input.needIds
			}
		});
		return processId;
	});
}

/**
 * Updates a process (office, the unit's manager, a lead). Moving it to another unit needs
 * the right to create there too. Link lists given replace the current ones.
 */
export async function updateProcess(db: Db, actor: Actor, id: number, input: ProcessInput): Promise<void> {
	const resource = await processResource(db, id);
	authorize(actor, 'update', resource);
	await checkReferences(db, resource.programmeId, input);
	if (input.unitId !== resource.unitId)
		authorize(actor, 'create', { ...resource, unitId: input.unitId, leadIds: [] });
	const before = await findProcess(db, id);
	await db.transaction().execute(async (trx) => {
		await updateProcessRow(trx, id, { ...columns(input), updatedAt: nowIso() });
		await replaceLinks(trx, id, input);
		// Finished now: xAPI "completed" for each participant, in this transaction.
		if (input.status === 'finished' && before?.status !== 'finished')
			await queueXapi(
				trx,
				resource.participantIds.map((personId) => ({
					verb: 'completed' as const,
					programmeId: resource.programmeId,
					personId,
					key: `completed:process:${id}:person:${personId}`,
					object: { path: `/processes/${id}`, name: input.title, type: 'process' as const },
					timestamp: nowIso()
				}))
			);
		await recordAudit(trx, {
			programmeId: resource.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'process',
			entityId: id,
			before,
			after: {
				...columns(input),
				goalIds: input.goalIds,
				sessionIds: input.sessionIds,
				needIds: input.needIds
			}
		});
	});
}

/** Adds a participant, or changes their role. The person must be in the programme. */
export async function addParticipant(
	db: Db,
	actor: Actor,
	id: number,
	input: ParticipantInput
): Promise<void> {
	const resource = await processResource(db, id);
	authorize(actor, 'update', resource);
	const person = await findPersonFacts(db, input.personId);
	if (!person || person.programmeId !== resource.programmeId || person.deactivatedAt !== null)
		throw new ProcessRuleError('error.unknownId', 'personId');
	await db.transaction().execute(async (trx) => {
		await upsertParticipant(trx, id, input.personId, input.role);
		await updateProcessRow(trx, id, { updatedAt: nowIso() });
		await recordAudit(trx, {
			programmeId: resource.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'process',
			entityId: id,
			after: { participant: input.personId, role: input.role }
		});
	});
}

export async function removeParticipant(db: Db, actor: Actor, id: number, personId: number): Promise<void> {
	const resource = await processResource(db, id);
	authorize(actor, 'update', resource);
	await db.transaction().execute(async (trx) => {
		if (!(await deleteParticipant(trx, id, personId))) return;
		await recordAudit(trx, {
			programmeId: resource.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'process',
			entityId: id,
			before: { participant: personId }
		});
	});
}

export async function addMilestone(db: Db, actor: Actor, id: number, input: MilestoneInput): Promise<number> {
	const resource = await processResource(db, id);
	authorize(actor, 'update', resource);
	return db.transaction().execute(async (trx) => {
		const milestoneId = await insertMilestone(trx, id, input.title, input.dueOn ?? null);
		await recordAudit(trx, {
			programmeId: resource.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'process',
			entityId: id,
			after: { milestone: milestoneId, title: input.title, dueOn: input.dueOn ?? null }
		});
		return milestoneId;
	});
}

/** Marks a milestone done or not done (the milestone must belong to the process). */
export async function setMilestoneDone(
	db: Db,
	actor: Actor,
	id: number,
	milestoneId: number,
	done: boolean
): Promise<void> {
	const resource = await processResource(db, id);
	authorize(actor, 'update', resource);
	await db.transaction().execute(async (trx) => {
		if (!(await setMilestoneDoneAt(trx, id, milestoneId, done ? nowIso() : null)))
			throw new AccessDeniedError();
		await recordAudit(trx, {
			programmeId: resource.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'process',
			entityId: id,
			after: { milestone: milestoneId, done }
		});
	});
}

/** What the create/edit form offers: units the actor may create in, tracks, goals, sessions, needs. */
/** How many matches the add-participant picker shows; more means "narrow the search". */
export const PERSON_PICKER_LIMIT = PICKER_LIMIT;

/**
 * The process form's choices. People are never listed in full (a national programme has
 * 100,000): `personQuery` (two characters or more) finds up to PERSON_PICKER_LIMIT by name or e-mail.
 */
export async function processFormOptions(
	db: Db,
	actor: Actor,
	programmeId: number,
	personQuery = '',
	/** The process being edited, if any. */
	processId?: number
) {
	authorize(actor, 'read', { type: 'programme', id: programmeId });
	const units = (await listUnits(db, programmeId)).map((u) => ({ id: u.id, name: u.name, kind: u.kind }));
	const creatable = units.filter((u) =>
		can(actor, 'create', {
			type: 'process',
			id: 0,
			programmeId,
			unitId: u.id,
			participantIds: [],
			leadIds: []
		})
	);
	const picked = await pickMatches(personQuery, (term, limit) =>
		searchActivePeople(db, programmeId, term, limit)
	);
	// The picker marks who already takes part (its matches only: a page of participants may not hold them).
	const taking =
		processId === undefined
			? new Set<number>()
			: await participantsAmong(
					db,
					processId,
					picked.matches.map((m) => m.id)
				);
	return {
		units: creatable,
		allUnits: units,
		people: picked.matches.map((m) => ({ ...m, participating: taking.has(m.id) })),
		morePeople: picked.more,
		personQuery: picked.query,
		...(await linkOptions(db, programmeId))
	};
}

/** Goals, sessions and needs the process form may offer for a programme. */
async function linkOptions(db: Db, programmeId: number) {
	const [goals, sessions, needs, tracks] = await Promise.all([
		workplaceGoalOptions(db, programmeId),
		sessionLinkOptions(db, programmeId),
		needOptions(db, programmeId),
		listTracks(db, programmeId)
	]);
	return { goals, sessions, needs, tracks };
}

/** What a process links to: sessions by start, needs by title, goals by plan; its milestones. */
async function processLinks(db: Db, processId: number) {
	const rows = await processLinkRows(db, processId);
	const [sessions, needs, goals] = await Promise.all([
		sessionTitles(db, rows.sessionIds),
		needsByIds(db, rows.needIds),
		workplaceGoalsByIds(db, rows.goalIds)
	]);
	return { sessions, needs, goals, milestones: rows.milestones };
}

/** The list page's filters and whether the actor sees the "new" link. */
export async function processListOptions(db: Db, actor: Actor, programmeId: number) {
	authorize(actor, 'read', { type: 'programme', id: programmeId });
	const [tracks, units] = await Promise.all([
		listTracks(db, programmeId),
		listUnits(db, programmeId).then((all) =>
			all.filter((u) => u.kind === 'workplace').map((u) => ({ id: u.id, name: u.name }))
		)
	]);
	return {
		tracks,
		units,
		canCreate: canCreateSomewhere(
			actor,
			programmeId,
			units.map((u) => u.id)
		)
	};
}

/**
 * May the actor create a process anywhere in the programme (shows the "new" link)? `unitIds`:
 * the workplaces on the page; the units the actor manages count too.
 */
export function canCreateSomewhere(actor: Actor, programmeId: number, unitIds: readonly number[]): boolean {
	return canCreateProcessSomewhere(actor, programmeId, unitIds);
}

// ---- for dashboards

/** The process list without a permission check (the dashboards authorise first). */
export {
	countProcessRows,
	listProcessRows,
	processStatusCounts,
	processCountsByUnitQuery,
	coverageSnapshotQuery,
	type ProcessListRow
} from './processes.repository.ts';
export {
	coverageByUnit,
	coverageOfUnits,
	programmeCoverageByUnit,
	sumCoverage,
	summariseCoverage,
	type UnitCoverage,
	type CoverageRow,
	type CoverageStatus,
	type CoverageSummary
} from './coverage.ts';

/**
 * The coverage data version (0015's `coverage_versions`): bumped in the writing transaction by
 * every change coverage reads (people's unit and state, manager roles, units, plans and their
 * goals, process participants and goals). For memoising coverage figures elsewhere (goals).
 */
export { coverageVersion as coverageDataVersion } from './processes.repository.ts';

// ---- for logbook

/** Participation facts for the logbook (no permission check: the logbook's policy decides). */
export {
	countProcessesOfPerson,
	isParticipant,
	participantIdsOf,
	processesOfPerson,
	processIdsOfPerson
} from './processes.repository.ts';

// ---- for surveys

import { participantIdsInProgramme, processTitleRows } from './processes.repository.ts';

/** The participants of a process of the programme (a survey audience). No permission check. */
export async function processParticipantIds(
	db: Db,
	programmeId: number,
	processId: number
): Promise<number[]> {
	return participantIdsInProgramme(db, programmeId, processId);
}

/** Every process of the programme by title (a survey audience to pick). No permission check. */
export async function processOptions(db: Db, programmeId: number) {
	return processTitleRows(db, programmeId);
}

// ---- for the expert directory (community)
import { processRolesRows } from './processes.repository.ts';

/** A person's process roles (shown on their expert page). No permission check. */
export function processRolesOf(db: Db, personId: number) {
	return processRolesRows(db, personId);
}

/** The programme of a process, or null when unknown (posts link to processes). No permission check. */
export async function processProgrammeId(db: Db, processId: number): Promise<number | null> {
	return (await findProcess(db, processId))?.programmeId ?? null;
}

// ---- for pickers (posts' links)

import { findProcessesByTitle, processTitlesByIds } from './processes.repository.ts';

/** Processes whose title contains the term (a bounded picker; everyone in the programme sees processes). No permission check. */
export function processesByTitle(db: Db, programmeId: number, term: string, limit: number) {
	return findProcessesByTitle(db, programmeId, term, limit);
}

/** A process's title by id, or null. No permission check. */
export async function processTitle(db: Db, id: number | null): Promise<string | null> {
	return id === null ? null : ((await processTitlesByIds(db, [id]))[0]?.title ?? null);
}
