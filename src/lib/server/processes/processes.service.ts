import { type MessageKey } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import type { ProcessStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { KeyedRuleError } from '../core/errors.ts';
import { descendantUnitIds } from '../organisation/organisation.service.ts';
import { AccessDeniedError, authorize, can, type Actor, type Resource } from '../policy/policy.ts';
import {
	findProcess,
	goalIdsInProgramme,
	linkOptions,
	listProcessRows,
	needIdsInProgramme,
	processLinks,
	processParticipants,
	sessionIdsInProgramme,
	type ProcessListRow
} from './processes.repository.ts';
import type { MilestoneInput, ParticipantInput, ProcessInput, ProcessQuery } from './processes.schema.ts';

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

type Executor = Db;

async function processResource(db: Executor, id: number): Promise<Extract<Resource, { type: 'process' }>> {
	const row = await findProcess(db, id);
	if (!row) throw new AccessDeniedError();
	const people = await db
		.selectFrom('processParticipants')
		.select(['personId', 'role'])
		.where('processId', '=', id)
		.execute();
	return {
		type: 'process',
		id,
		programmeId: row.programmeId,
		unitId: row.unitId,
		participantIds: people.map((p) => p.personId),
		leadIds: people.filter((p) => p.role === 'lead').map((p) => p.personId)
	};
}

/** The programme's processes, filtered by track, unit (descendants included) and status. */
export async function listProcesses(
	db: Db,
	actor: Actor,
	programmeId: number,
	query: Omit<ProcessQuery, 'programme'> = {}
): Promise<ProcessListRow[]> {
	authorize(actor, 'read', { type: 'programme', id: programmeId });
	const unitIds = query.unitId ? [...(await descendantUnitIds(db, [query.unitId]))] : undefined;
	return listProcessRows(db, programmeId, { unitIds, trackId: query.trackId, status: query.status });
}

/** One process with participants, links and milestones; `canEdit` for the page. */
export async function getProcess(db: Db, actor: Actor, id: number) {
	const resource = await processResource(db, id);
	authorize(actor, 'read', resource);
	const row = (await findProcess(db, id))!;
	const [participants, links, unit, track] = await Promise.all([
		processParticipants(db, id),
		processLinks(db, id),
		db.selectFrom('units').select('name').where('id', '=', row.unitId).executeTakeFirst(),
		row.trackId
			? db.selectFrom('tracks').select('name').where('id', '=', row.trackId).executeTakeFirst()
			: undefined
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
		canEdit: can(actor, 'update', resource)
	};
}
export type ProcessDetail = Awaited<ReturnType<typeof getProcess>>;

/** Checks that the unit, track and linked records all belong to the programme. */
async function checkReferences(db: Executor, programmeId: number, input: ProcessInput): Promise<void> {
	const unit = await db
		.selectFrom('units')
		.select(['id', 'programmeId'])
		.where('id', '=', input.unitId)
		.executeTakeFirst();
	if (!unit || unit.programmeId !== programmeId) throw new ProcessRuleError('error.unknownId', 'unitId');
	if (input.trackId) {
		const track = await db
			.selectFrom('tracks')
			.select('programmeId')
			.where('id', '=', input.trackId)
			.executeTakeFirst();
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

async function replaceLinks(trx: Executor, processId: number, input: ProcessInput): Promise<void> {
	if (input.goalIds) {
		await trx.deleteFrom('processGoals').where('processId', '=', processId).execute();
		if (input.goalIds.length > 0)
			await trx
				.insertInto('processGoals')
				.values(input.goalIds.map((workplaceGoalId) => ({ processId, workplaceGoalId })))
				.execute();
	}
	if (input.sessionIds) {
		await trx.deleteFrom('processSessions').where('processId', '=', processId).execute();
		if (input.sessionIds.length > 0)
			await trx
				.insertInto('processSessions')
				.values(input.sessionIds.map((sessionId) => ({ processId, sessionId })))
				.execute();
	}
	if (input.needIds) {
		await trx.deleteFrom('processNeeds').where('processId', '=', processId).execute();
		if (input.needIds.length > 0)
			await trx
				.insertInto('processNeeds')
				.values(input.needIds.map((needId) => ({ processId, needId })))
				.execute();
	}
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
		const row = await trx
			.insertInto('processes')
			.values({ programmeId, ...columns(input), createdBy: actor.personId, updatedAt: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		await replaceLinks(trx, row.id, input);
		if (actor.managedUnitIds.has(input.unitId))
			await trx
				.insertInto('processParticipants')
				.values({ processId: row.id, personId: actor.personId, role: 'lead' })
				.execute();
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'process',
			entityId: row.id,
			after: {
				...columns(input),
				goalIds: input.goalIds,
				sessionIds: input.sessionIds,
				needIds: input.needIds
			}
		});
		return row.id;
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
		await trx
			.updateTable('processes')
			.set({ ...columns(input), updatedAt: nowIso() })
			.where('id', '=', id)
			.execute();
		await replaceLinks(trx, id, input);
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
	const person = await db
		.selectFrom('people')
		.select(['programmeId', 'deactivatedAt'])
		.where('id', '=', input.personId)
		.executeTakeFirst();
	if (!person || person.programmeId !== resource.programmeId || person.deactivatedAt !== null)
		throw new ProcessRuleError('error.unknownId', 'personId');
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('processParticipants')
			.values({ processId: id, personId: input.personId, role: input.role })
			.onConflict((oc) => oc.columns(['processId', 'personId']).doUpdateSet({ role: input.role }))
			.execute();
		await trx.updateTable('processes').set({ updatedAt: nowIso() }).where('id', '=', id).execute();
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
		const removed = await trx
			.deleteFrom('processParticipants')
			.where('processId', '=', id)
			.where('personId', '=', personId)
			.executeTakeFirst();
		if (Number(removed.numDeletedRows) === 0) return;
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
		const row = await trx
			.insertInto('processMilestones')
			.values({ processId: id, title: input.title, dueOn: input.dueOn ?? null })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			programmeId: resource.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'process',
			entityId: id,
			after: { milestone: row.id, title: input.title, dueOn: input.dueOn ?? null }
		});
		return row.id;
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
		const changed = await trx
			.updateTable('processMilestones')
			.set({ doneAt: done ? nowIso() : null })
			.where('id', '=', milestoneId)
			.where('processId', '=', id)
			.executeTakeFirst();
		if (Number(changed.numUpdatedRows) === 0) throw new AccessDeniedError();
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
export async function processFormOptions(db: Db, actor: Actor, programmeId: number) {
	authorize(actor, 'read', { type: 'programme', id: programmeId });
	const units = await db
		.selectFrom('units')
		.select(['id', 'name', 'kind'])
		.where('programmeId', '=', programmeId)
		.where('closedAt', 'is', null)
		.orderBy('name')
		.execute();
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
	const people = await db
		.selectFrom('people')
		.select(['id', 'name', 'unitId'])
		.where('programmeId', '=', programmeId)
		.where('deactivatedAt', 'is', null)
		.orderBy('name')
		.limit(5000)
		.execute();
	return { units: creatable, allUnits: units, people, ...(await linkOptions(db, programmeId)) };
}

/** May the actor create a process anywhere in the programme (shows the "new" link)? */
export function canCreateSomewhere(actor: Actor, programmeId: number, unitIds: readonly number[]): boolean {
	return unitIds.some((unitId) =>
		can(actor, 'create', { type: 'process', id: 0, programmeId, unitId, participantIds: [], leadIds: [] })
	);
}
