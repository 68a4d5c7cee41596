import type { Db } from '../db/database.ts';
import type { NeedStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { AccessDeniedError, authorize, belongsTo, can, type Actor } from '../policy/policy.ts';
import { programmeWorkplace, workplaceResource } from './plans.access.ts';
import { PlansRuleError } from './plans.errors.ts';
import { activityIdsInProgramme } from '../catalogue/catalogue.service.ts';
import {
	addVote,
	findNeedRow,
	findNeeds,
	insertNeed,
	needActivityLinks,
	removeVote,
	replaceNeedActivities,
	updateNeedRow,
	type NeedListRow
} from './plans.repository.ts';
import { trackNames } from '../catalogue/catalogue.service.ts';
import { unitsByIds } from '../organisation/organisation.service.ts';
import { personNames } from '../people/people.service.ts';
import { trackInProgramme } from './plans.service.ts';
import type { NeedDecisionInput, NeedInput, NeedQuery } from './plans.schema.ts';

/**
 * The needs inventory. Anyone in the programme raises needs (for their workplace, or for the
 * programme) and votes; one vote per person and need, kept in `needs.vote_count` by
 * conditional updates in the same transaction as the vote row. The office decides: status
 * (declined needs carry a reason), track, priority, and the catalogue activities that answer
 * the need.
 */

export interface NeedView {
	id: number;
	programmeId: number;
	unitId: number | null;
	unitName: string | null;
	authorId: number | null;
	authorName: string | null;
	title: string;
	description: string | null;
	trackId: number | null;
	trackName: string | null;
	suggestedForm: string | null;
	status: NeedStatus;
	declineReason: string | null;
	priority: number | null;
	voteCount: number;
	votedByMe: boolean;
	activities: { id: number; title: string }[];
	createdAt: string;
	updatedAt: string;
}

/** Statuses in which a need still takes votes. */
const OPEN: readonly NeedStatus[] = ['new', 'planned'];

async function present(db: Db, rows: NeedListRow[]): Promise<NeedView[]> {
	const ids = (pick: (r: NeedListRow) => number | null) =>
		[...new Set(rows.map(pick))].filter((id): id is number => id !== null);
	const [links, units, tracks, authors] = await Promise.all([
		needActivityLinks(
			db,
			rows.map((r) => r.id)
		),
		unitsByIds(
			db,
			ids((r) => r.unitId)
		).then((us) => new Map(us.map((u) => [u.id, u.name]))),
		trackNames(
			db,
			rows.map((r) => r.trackId)
		),
		personNames(
			db,
			rows.map((r) => r.authorId)
		)
	]);
	const name = (names: Map<number, string>, id: number | null) =>
		id === null ? null : (names.get(id) ?? null);
	return rows.map((r) => ({
		id: r.id,
		programmeId: r.programmeId,
		unitId: r.unitId,
		unitName: name(units, r.unitId),
		authorId: r.authorId,
		authorName: name(authors, r.authorId),
		title: r.title,
		description: r.description,
		trackId: r.trackId,
		trackName: name(tracks, r.trackId),
		suggestedForm: r.suggestedForm,
		status: r.status,
		declineReason: r.declineReason,
		priority: r.priority === null ? null : Number(r.priority),
		voteCount: Number(r.voteCount),
		votedByMe: Boolean(r.votedByMe),
		activities: links.filter((l) => l.needId === r.id).map((l) => ({ id: l.id, title: l.title })),
		createdAt: r.createdAt,
		updatedAt: r.updatedAt
	}));
}

/** Needs of a programme, filtered and sorted (by votes unless asked otherwise). */
export async function listNeeds(db: Db, actor: Actor, programmeId: number, query: NeedQuery = {}) {
	if (!belongsTo(actor, programmeId)) throw new AccessDeniedError();
	return present(db, await findNeeds(db, programmeId, query, actor.personId));
}

/** One need, or a refusal (unknown and foreign needs alike). */
export async function getNeed(db: Db, actor: Actor, id: number): Promise<NeedView> {
	const row = await findNeedRow(db, id);
	if (!row || !belongsTo(actor, row.programmeId)) throw new AccessDeniedError();
	const [view] = await present(db, await findNeeds(db, row.programmeId, {}, actor.personId, id));
	if (!view) throw new AccessDeniedError();
	return view;
}

/** May the actor decide on needs in this programme (the office)? */
export function canPrioritise(actor: Actor, programmeId: number): boolean {
	return can(actor, 'prioritise', programmeWorkplace(programmeId));
}

/** Raises a need for a workplace the actor contributes to, or for the programme. */
export async function raiseNeed(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: NeedInput
): Promise<NeedView> {
	if (!belongsTo(actor, programmeId)) throw new AccessDeniedError();
	if (input.unitId !== undefined) {
		const { unit, resource } = await workplaceResource(db, actor, input.unitId).catch(() => {
			throw new PlansRuleError('error.unknownId', 'unitId');
		});
		if (unit.programmeId !== programmeId || !can(actor, 'contribute', resource))
			throw new PlansRuleError('error.unknownId', 'unitId');
	}
	if (input.trackId !== undefined && !(await trackInProgramme(db, programmeId, input.trackId)))
		throw new PlansRuleError('error.unknownId', 'trackId');
	const id = await db.transaction().execute(async (trx) => {
		const row = await insertNeed(trx, {
			programmeId,
			unitId: input.unitId ?? null,
			authorId: actor.personId,
			title: input.title,
			description: input.description || null,
			trackId: input.trackId ?? null,
			suggestedForm: input.suggestedForm || null,
			updatedAt: nowIso()
		});
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'need',
			entityId: row.id,
			after: row
		});
		return row.id;
	});
	return getNeed(db, actor, id);
}

/**
 * Casts (`vote = true`) or withdraws the actor's vote. Idempotent: a second vote or a
 * withdrawal without a vote changes nothing. Closed needs (met, declined) take no new votes.
 */
export async function setVote(db: Db, actor: Actor, needId: number, vote: boolean): Promise<NeedView> {
	const need = await findNeedRow(db, needId);
	if (!need || !belongsTo(actor, need.programmeId)) throw new AccessDeniedError();
	if (vote && !OPEN.includes(need.status)) throw new PlansRuleError('plans.error.needClosed', '_form', 409);
	await db.transaction().execute(async (trx) => {
		if (vote) await addVote(trx, needId, actor.personId);
		else await removeVote(trx, needId, actor.personId);
	});
	return getNeed(db, actor, needId);
}

/** The office's decision on a need; the activity list replaces the previous links. */
export async function decideNeed(
	db: Db,
	actor: Actor,
	needId: number,
	input: NeedDecisionInput
): Promise<NeedView> {
	const need = await findNeedRow(db, needId);
	if (!need || !belongsTo(actor, need.programmeId)) throw new AccessDeniedError();
	authorize(actor, 'prioritise', programmeWorkplace(need.programmeId));
	if (input.status === 'declined' && !input.declineReason)
		throw new PlansRuleError('plans.error.reasonRequired', 'declineReason');
	if (input.trackId !== undefined && !(await trackInProgramme(db, need.programmeId, input.trackId)))
		throw new PlansRuleError('error.unknownId', 'trackId');
	const activityIds = [...new Set(input.activityIds)];
	if ((await activityIdsInProgramme(db, need.programmeId, activityIds)).length !== activityIds.length)
		throw new PlansRuleError('error.unknownId', 'activityIds');
	await db.transaction().execute(async (trx) => {
		const row = await updateNeedRow(trx, needId, {
			status: input.status,
			declineReason: input.status === 'declined' ? input.declineReason! : null,
			trackId: input.trackId ?? null,
			priority: input.priority ?? null,
			decidedBy: actor.personId,
			updatedAt: nowIso()
		});
		await replaceNeedActivities(trx, needId, activityIds);
		await recordAudit(trx, {
			programmeId: need.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'need',
			entityId: needId,
			before: need,
			after: { ...row, activityIds }
		});
	});
	return getNeed(db, actor, needId);
}
