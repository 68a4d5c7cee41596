import { sessionName } from '#lib/i18n/session-label.ts';
import type { MessageKey } from '#lib/i18n/index.ts';
import { descriptionText, sanitizeDescription } from '../catalogue/catalogue.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import type { LogbookAudience } from '../db/schema.ts';
import { LOGBOOK_AUDIENCES } from '../db/schema.ts';
import { KeyedRuleError, requireChanges } from '../core/errors.ts';
import {
	AccessDeniedError,
	authorize,
	can,
	logbookScope,
	type Actor,
	type Resource
} from '../policy/policy.ts';
import {
	deleteEntry,
	deleteShare,
	entryCountsOfUnits,
	findConsentEvents,
	findEntry,
	findOwnEntries,
	findSharedWith,
	insertConsentEvent,
	insertEntry,
	insertShare,
	sharesOf,
	updateEntry,
	type EntryRow,
	type EntryValues
} from './logbook.repository.ts';
import { personNames } from '../people/people.service.ts';
import { goalsOfPerson, isGoalOfPerson } from '../plans/plans.service.ts';
import {
	isParticipant,
	participantIdsOf,
	processesOfPerson,
	processIdsOfPerson
} from '../processes/processes.service.ts';
import { isRegisteredFor, sessionsOfPerson } from '../registrations/registrations.service.ts';
import type { EntryInput, EntryPatch } from './logbook.schema.ts';

/**
 * The reflection logbook (SPEC §2, issue 4 item 6). An entry is private to its author. The
 * author may share it with the process group (of the process it is tied to), their manager or
 * the programme's evaluators, each by explicit consent, and withdraw that consent at any time:
 * a `logbook_shares` row means "shared now", withdrawal deletes it so the entry is hidden again
 * at once, and every grant and withdrawal is kept in `logbook_consent_events`. Rank never
 * overrides consent: the office and admins cannot read a private entry (see the policy). Every
 * refusal is an `AccessDeniedError`, shown as "not found".
 */

/** Invalid logbook input or a broken sharing rule (422). */
export class LogbookRuleError extends KeyedRuleError {
	constructor(key: MessageKey, field = '_form') {
		super(key, field, 422);
	}
}

/** An entry as pages and the API show it. */
export interface LogbookEntryView {
	id: number;
	authorId: number;
	authorName: string;
	title: string | null;
	/** Sanitised HTML, safe for `{@html}`. */
	bodyHtml: string;
	session: { id: number; title: string; startsAt: string | null } | null;
	process: { id: number; title: string } | null;
	goal: { id: number; text: string } | null;
	/** The author sees every audience; anyone else only those that let them read it. */
	sharedWith: LogbookAudience[];
	/** True when the actor wrote it (may edit, share, withdraw, delete). */
	own: boolean;
	/** For the author: the audiences this entry can be shared with at all. */
	shareable: LogbookAudience[];
	createdAt: string;
	updatedAt: string;
}

export interface ConsentEventView {
	audience: LogbookAudience;
	action: 'grant' | 'withdraw';
	actorName: string | null;
	createdAt: string;
}

const validId = (id: unknown): id is number => typeof id === 'number' && Number.isSafeInteger(id) && id > 0;

/** The policy's view of an entry. */
export function logbookResource(
	row: Pick<EntryRow, 'id' | 'personId' | 'authorProgrammeId' | 'authorUnitId'>,
	sharedWith: readonly LogbookAudience[],
	participantIds: readonly number[]
): Extract<Resource, { type: 'logbookEntry' }> {
	return {
		type: 'logbookEntry',
		id: row.id,
		programmeId: row.authorProgrammeId,
		authorId: row.personId,
		authorUnitId: row.authorUnitId,
		sharedWith,
		processParticipantIds: participantIds
	};
}

function present(actor: Actor, row: EntryRow, sharedWith: LogbookAudience[], participantIds: number[]) {
	const own = row.personId === actor.personId;
	const visibleVia = own
		? sharedWith
		: sharedWith.filter((a) => can(actor, 'read', logbookResource(row, [a], participantIds)));
	const view: LogbookEntryView = {
		id: row.id,
		authorId: row.personId,
		authorName: row.authorName,
		title: row.title,
		bodyHtml: row.bodyHtml,
		session:
			row.sessionId === null
				? null
				: {
						id: row.sessionId,
						title: sessionName({
							activityTitle: row.sessionActivityTitle ?? '',
							sessionTitle: row.sessionTitle
						}),
						startsAt: row.sessionStartsAt
					},
		process: row.processId === null ? null : { id: row.processId, title: row.processTitle ?? '' },
		goal: row.individualGoalId === null ? null : { id: row.individualGoalId, text: row.goalText ?? '' },
		sharedWith: visibleVia,
		own,
		shareable: own ? LOGBOOK_AUDIENCES.filter((a) => audienceProblem(row, a) === null) : [],
		createdAt: row.createdAt,
		updatedAt: row.updatedAt
	};
	return view;
}

/** Loads an entry and checks `action`; unknown and refused are the same AccessDeniedError. */
async function loadAuthorized(db: Db, actor: Actor, id: number, action: 'read' | 'update') {
	if (!validId(id)) throw new AccessDeniedError();
	const row = await findEntry(db, id);
	if (!row) throw new AccessDeniedError();
	const shared = (await sharesOf(db, [id])).get(id) ?? [];
	// Participants matter only when the entry is shared with its process group.
	const participants =
		shared.includes('process_group') && row.processId !== null
			? await participantIdsOf(db, row.processId)
			: [];
	authorize(actor, action, logbookResource(row, shared, participants));
	return { row, shared, participants };
}

const escapeHtml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Stores rich text sanitised. Plain text (no tags) keeps its paragraphs and line breaks, so
 * the form works as a simple text area without an editor.
 */
export function bodyToHtml(body: string): string {
	const text = body.trim();
	const html = /<[a-z!/]/i.test(text)
		? text
		: text
				.split(/\r?\n\s*\r?\n/)
				.map((p) => `<p>${escapeHtml(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
				.join('');
	return sanitizeDescription(html);
}

/** Checks and normalises an entry's fields: sanitised body with text, links to the author's own things. */
async function entryValues(db: Db, authorId: number, input: EntryInput): Promise<EntryValues> {
	const bodyHtml = bodyToHtml(input.body);
	if (descriptionText(bodyHtml) === '') throw new LogbookRuleError('logbook.error.bodyRequired', 'body');
	const links = {
		sessionId: input.sessionId ?? null,
		processId: input.processId ?? null,
		individualGoalId: input.individualGoalId ?? null
	};
	const owned = await linkOwnership(db, authorId, links);
	if (!owned.session) throw new LogbookRuleError('logbook.error.notYourSession', 'sessionId');
	if (!owned.process) throw new LogbookRuleError('logbook.error.notYourProcess', 'processId');
	if (!owned.goal) throw new LogbookRuleError('logbook.error.notYourGoal', 'individualGoalId');
	const title = input.title?.trim() ? input.title.trim() : null;
	return { title, bodyHtml, ...links };
}

/** Is each given link one of the person's own (a registration, a process they take part in, a goal of their plan)? */
async function linkOwnership(
	db: Db,
	personId: number,
	links: { sessionId?: number | null; processId?: number | null; individualGoalId?: number | null }
): Promise<{ session: boolean; process: boolean; goal: boolean }> {
	const session = links.sessionId == null || (await isRegisteredFor(db, personId, links.sessionId));
	const process = links.processId == null || (await isParticipant(db, links.processId, personId));
	const goal = links.individualGoalId == null || (await isGoalOfPerson(db, personId, links.individualGoalId));
	return { session, process, goal };
}

/** The actor's own entries, newest first. */
export async function listOwnEntries(db: Db, actor: Actor): Promise<LogbookEntryView[]> {
	const rows = await findOwnEntries(db, actor.personId);
	const shares = await sharesOf(
		db,
		rows.map((r) => r.id)
	);
	return rows.map((r) => present(actor, r, shares.get(r.id) ?? [], []));
}

/**
 * Other people's entries shared with the actor now (as manager, evaluator or process member),
 * filtered by the database in one query and checked against the policy once more.
 */
export async function listSharedWithMe(db: Db, actor: Actor): Promise<LogbookEntryView[]> {
	const rows = await findSharedWith(db, logbookScope(actor));
	const shares = await sharesOf(
		db,
		rows.map((r) => r.id)
	);
	const mine = await processIdsOfPerson(db, actor.personId);
	const out: LogbookEntryView[] = [];
	for (const r of rows) {
		const shared = shares.get(r.id) ?? [];
		// Only whether the actor is in the group matters to the policy here.
		const participants = r.processId !== null && mine.has(r.processId) ? [actor.personId] : [];
		if (can(actor, 'read', logbookResource(r, shared, participants)))
			out.push(present(actor, r, shared, participants));
	}
	return out;
}

/** One entry the actor may read (author, or through a current share). */
export async function getEntry(db: Db, actor: Actor, id: number): Promise<LogbookEntryView> {
	const { row, shared, participants } = await loadAuthorized(db, actor, id, 'read');
	// Reading someone else's reflection through their consent is recorded (issue 14).
	if (row.personId !== actor.personId)
		await recordAudit(db, {
			programmeId: row.authorProgrammeId,
			actorId: actor.personId,
			action: 'read',
			entityType: 'logbookEntry',
			entityId: row.id,
			after: { audiences: shared }
		});
	return present(actor, row, shared, participants);
}

/** The consent history of one of the actor's own entries, oldest first. */
export async function consentHistory(db: Db, actor: Actor, id: number): Promise<ConsentEventView[]> {
	await loadAuthorized(db, actor, id, 'update');
	const events = await findConsentEvents(db, id);
	const names = await personNames(
		db,
		events.map((e) => e.actorId)
	);
	return events.map((e) => ({
		audience: e.audience,
		action: e.action,
		actorName: e.actorId === null ? null : (names.get(e.actorId) ?? null),
		createdAt: e.createdAt
	}));
}

/** What an entry may be tied to: the person's sessions, processes and plan goals. */
export interface LinkOptions {
	sessions: { id: number; title: string; startsAt: string }[];
	processes: { id: number; title: string }[];
	goals: { id: number; text: string }[];
}

/** What the actor may tie an entry to: their sessions, processes and plan goals. */
export async function linkOptions(db: Db, actor: Actor): Promise<LinkOptions> {
	const sessions = await sessionsOfPerson(db, actor.personId);
	const processes = await processesOfPerson(db, actor.personId);
	const goals = await goalsOfPerson(db, actor.personId);
	return { sessions, processes, goals };
}

/** Writes a new private entry by the actor. */
export async function createEntry(db: Db, actor: Actor, input: EntryInput): Promise<LogbookEntryView> {
	const values = await entryValues(db, actor.personId, input);
	const id = await db.transaction().execute((trx) => insertEntry(trx, actor.personId, values));
	return getEntry(db, actor, id);
}

/** Changes one of the actor's entries (fields left out of `patch` keep their value). Shares stay. */
export async function updateOwnEntry(
	db: Db,
	actor: Actor,
	id: number,
	patch: EntryPatch
): Promise<LogbookEntryView> {
	const { row } = await loadAuthorized(db, actor, id, 'update');
	requireChanges(patch);
	const input: EntryInput = {
		title: patch.title !== undefined ? patch.title : row.title,
		body: patch.body ?? row.bodyHtml,
		sessionId: patch.sessionId !== undefined ? patch.sessionId : row.sessionId,
		processId: patch.processId !== undefined ? patch.processId : row.processId,
		individualGoalId: patch.individualGoalId !== undefined ? patch.individualGoalId : row.individualGoalId
	};
	const values = await entryValues(db, actor.personId, input);
	await db.transaction().execute(async (trx) => {
		await updateEntry(trx, id, values);
		// Untying the entry from its process ends a process-group share: there is no group left.
		if (values.processId !== row.processId && (await deleteShare(trx, id, 'process_group')))
			await insertConsentEvent(trx, {
				entryId: id,
				audience: 'process_group',
				action: 'withdraw',
				actorId: actor.personId
			});
	});
	return getEntry(db, actor, id);
}

/** Deletes one of the actor's entries, with its shares and consent history. */
export async function deleteOwnEntry(db: Db, actor: Actor, id: number): Promise<void> {
	await loadAuthorized(db, actor, id, 'update');
	await db.transaction().execute((trx) => deleteEntry(trx, id));
}

/** Why this entry cannot be shared with `audience` (no process, manager or programme), or null. */
function audienceProblem(row: EntryRow, audience: LogbookAudience): MessageKey | null {
	if (!LOGBOOK_AUDIENCES.includes(audience)) return 'logbook.error.audience';
	if (audience === 'process_group' && row.processId === null) return 'logbook.error.noProcess';
	if (audience === 'manager' && row.authorUnitId === null) return 'logbook.error.noManager';
	if (audience === 'evaluators' && row.authorProgrammeId === null) return 'logbook.error.noProgramme';
	return null;
}

function checkAudience(row: EntryRow, audience: LogbookAudience): void {
	const problem = audienceProblem(row, audience);
	if (problem) throw new LogbookRuleError(problem, 'audience');
}

/**
 * Shares one of the actor's entries with an audience, by the consent the caller has checked
 * (the form's ticked consent text, the API's `consent: true`). Sharing again changes nothing.
 */
export async function shareEntry(
	db: Db,
	actor: Actor,
	id: number,
	audience: LogbookAudience
): Promise<LogbookEntryView> {
	const { row } = await loadAuthorized(db, actor, id, 'update');
	checkAudience(row, audience);
	await db.transaction().execute(async (trx) => {
		if (await insertShare(trx, id, audience))
			await insertConsentEvent(trx, { entryId: id, audience, action: 'grant', actorId: actor.personId });
	});
	return getEntry(db, actor, id);
}

/** Withdraws consent: the share row goes, so the audience loses the entry at once. */
export async function withdrawShare(
	db: Db,
	actor: Actor,
	id: number,
	audience: LogbookAudience
): Promise<LogbookEntryView> {
	await loadAuthorized(db, actor, id, 'update');
	if (!LOGBOOK_AUDIENCES.includes(audience)) throw new LogbookRuleError('logbook.error.audience', 'audience');
	await db.transaction().execute(async (trx) => {
		if (await deleteShare(trx, id, audience))
			await insertConsentEvent(trx, { entryId: id, audience, action: 'withdraw', actorId: actor.personId });
	});
	return getEntry(db, actor, id);
}

// ---- for follow-up visits

/**
 * Logbook use in some units as numbers only (entries, people writing), never a text or a
 * title: what a coordinator may prepare for a visit. No permission check (the visit decides).
 */
export function logbookUseOfUnits(
	db: Db,
	unitIds: readonly number[]
): Promise<{ entries: number; authors: number }> {
	return entryCountsOfUnits(db, unitIds);
}
