import { isLocale, translate } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { startPeriodicJob } from '../core/periodic.ts';
import { FieldsRuleError } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { queueMail, registerMailRenderer, wakeOutbox, type RenderOutcome } from '../mail/mail.service.ts';
import { roleHolders } from '../people/people.service.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { appOrigin } from '../registrations/registrations.service.ts';
import {
	claimDecisionNudge,
	countMeetings,
	decisionForMail,
	decisionsOfMeetings,
	findDecision,
	findMeeting,
	findMeetings,
	insertDecision,
	insertMeeting,
	openFollowUps,
	overdueUnnudged,
	setDecisionStatusRow
} from './goals.repository.ts';
import { decisionSchema, decisionStatusSchema, meetingSchema } from './goals.schema.ts';
import { meetingPageAttachments } from './attachments.service.ts';

/**
 * The steering group's decisions log: meetings with notes, decisions with a responsible person,
 * a follow-up date and a status. An open decision whose follow-up date has passed is nudged by
 * e-mail once: a periodic job claims it (`nudged_at`, a conditional update) and queues the mail
 * in the outbox in the same transaction. The office manages; the steering group reads.
 */

export const DECISION_NUDGE_KIND = 'goals.decisionNudge';
export const MEETINGS_PAGE_SIZE = 20;

class DecisionInputError extends FieldsRuleError {}
const toError = (e: import('zod').ZodError) => new DecisionInputError({}, e);

export function canReadDecisions(actor: Actor, programmeId: number): boolean {
	return can(actor, 'read', { type: 'decisions', programmeId });
}

/** Who may be named responsible: the programme's office and steering group. */
export async function responsibleOptions(db: Db, programmeId: number) {
	const [office, steering] = await Promise.all([
		roleHolders(db, programmeId, 'office'),
		roleHolders(db, programmeId, 'steering')
	]);
	const seen = new Map<number, { id: number; name: string }>();
	for (const p of [...office, ...steering]) seen.set(p.id, { id: p.id, name: p.name });
	return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function createMeeting(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<number> {
	authorize(actor, 'manage', { type: 'decisions', programmeId });
	const parsed = parseInput(meetingSchema, input, toError);
	return db.transaction().execute(async (trx) => {
		const id = await insertMeeting(trx, {
			programmeId,
			heldOn: parsed.heldOn,
			title: parsed.title,
			notes: parsed.notes ?? null
		});
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'steeringMeeting',
			entityId: id,
			after: parsed
		});
		return id;
	});
}

export async function addDecision(db: Db, actor: Actor, meetingId: number, input: unknown): Promise<number> {
	const meeting = await findMeeting(db, meetingId);
	if (!meeting) throw new AccessDeniedError();
	authorize(actor, 'manage', { type: 'decisions', programmeId: meeting.programmeId });
	const parsed = parseInput(decisionSchema, input, toError);
	if (
		parsed.responsibleId !== undefined &&
		!(await responsibleOptions(db, meeting.programmeId)).some((p) => p.id === parsed.responsibleId)
	)
		throw new DecisionInputError({ responsibleId: 'error.unknownId' });
	const now = nowIso();
	return db.transaction().execute(async (trx) => {
		const id = await insertDecision(trx, {
			meetingId,
			programmeId: meeting.programmeId,
			text: parsed.text,
			responsibleId: parsed.responsibleId ?? null,
			followUpOn: parsed.followUpOn ?? null,
			status: parsed.status,
			updatedAt: now
		});
		await recordAudit(trx, {
			programmeId: meeting.programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'steeringDecision',
			entityId: id,
			after: parsed
		});
		return id;
	});
}

export async function setDecisionStatus(
	db: Db,
	actor: Actor,
	decisionId: number,
	input: unknown
): Promise<void> {
	const d = await findDecision(db, decisionId);
	if (!d) throw new AccessDeniedError();
	authorize(actor, 'manage', { type: 'decisions', programmeId: d.programmeId });
	const parsed = parseInput(decisionStatusSchema, input, toError);
	await db.transaction().execute(async (trx) => {
		await setDecisionStatusRow(trx, decisionId, parsed.status, nowIso());
		await recordAudit(trx, {
			programmeId: d.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'steeringDecision',
			entityId: decisionId,
			before: { status: d.status },
			after: parsed
		});
	});
}

export type DecisionView = Awaited<ReturnType<typeof decisionsOfMeetings>>[number] & { overdue: boolean };

const overdue = (d: { status: string; followUpOn: string | null }, today: string) =>
	d.status === 'open' && d.followUpOn !== null && d.followUpOn < today;

/** A page of meetings, newest first, each with its decisions (two queries). */
export async function decisionsLog(db: Db, actor: Actor, programmeId: number, page = 1) {
	authorize(actor, 'read', { type: 'decisions', programmeId });
	const offset = (Math.max(1, page) - 1) * MEETINGS_PAGE_SIZE;
	const [meetings, total] = await Promise.all([
		findMeetings(db, programmeId, MEETINGS_PAGE_SIZE, offset),
		countMeetings(db, programmeId)
	]);
	const [decisions, attachments] = await Promise.all([
		decisionsOfMeetings(
			db,
			meetings.map((m) => m.id)
		),
		meetingPageAttachments(db, programmeId, MEETINGS_PAGE_SIZE, offset)
	]);
	const today = nowIso().slice(0, 10);
	return {
		total,
		page: Math.max(1, page),
		pageSize: MEETINGS_PAGE_SIZE,
		meetings: meetings.map((m) => ({
			...m,
			decisions: decisions
				.filter((d) => d.meetingId === m.id)
				.map((d) => ({ ...d, overdue: overdue(d, today) })),
			attachments: attachments.filter((a) => a.meetingId === m.id)
		})),
		canManage: can(actor, 'manage', { type: 'decisions', programmeId })
	};
}

/** Open decisions with a follow-up date, soonest first (dashboard, API). */
export async function upcomingFollowUps(
	db: Db,
	actor: Actor,
	programmeId: number,
	limit = 10
): Promise<DecisionView[]> {
	authorize(actor, 'read', { type: 'decisions', programmeId });
	const today = nowIso().slice(0, 10);
	return (await openFollowUps(db, programmeId, limit)).map((d) => ({ ...d, overdue: overdue(d, today) }));
}

// ---------------------------------------------------------------- the nudge

/**
 * Queues one nudge per overdue open decision never nudged: each is claimed by a conditional
 * update and its mail queued in the same transaction, so several instances or overlapping runs
 * nudge once. Returns the decisions this call nudged.
 */
export async function sendDecisionNudges(db: Db, now: Date = new Date()): Promise<number[]> {
	const today = now.toISOString().slice(0, 10);
	const due = await overdueUnnudged(db, today, 500);
	const ids: number[] = [];
	for (const d of due) {
		const claimed = await db.transaction().execute(async (trx) => {
			if (!(await claimDecisionNudge(trx, d.id, now.toISOString()))) return false;
			await queueMail(trx, [
				{ kind: DECISION_NUDGE_KIND, payload: { decisionId: d.id }, programmeId: d.programmeId }
			]);
			return true;
		});
		if (claimed) ids.push(d.id);
	}
	if (ids.length > 0) await wakeOutbox(db);
	return ids;
}

async function renderNudge(db: Db, payload: unknown, origin?: string): Promise<RenderOutcome> {
	const { decisionId } = payload as { decisionId: number };
	const d = await decisionForMail(db, decisionId);
	if (!d) return { skip: 'decision gone' };
	if (d.status !== 'open') return { skip: 'decision closed' };
	if (!d.email || d.deactivatedAt) return { skip: 'no responsible person' };
	const locale = isLocale(d.locale) ? d.locale : isLocale(d.defaultLocale) ? d.defaultLocale : 'sv';
	const url = `${(origin ?? appOrigin()).replace(/\/+$/, '')}/decisions`;
	return {
		message: {
			to: d.email,
			kind: DECISION_NUDGE_KIND,
			personId: d.personId,
			programmeId: d.programmeId,
			subject: translate(locale, 'decisions.nudge.subject'),
			text: translate(locale, 'decisions.nudge.body', {
				name: d.name ?? '',
				meeting: d.meetingTitle,
				heldOn: d.heldOn,
				due: d.followUpOn ?? '',
				text: d.text,
				url
			})
		}
	};
}

registerMailRenderer([DECISION_NUDGE_KIND], (db, payload, context) =>
	renderNudge(db, payload, context.origin)
);

/** Looks for overdue follow-ups hourly (started in hooks.server.ts `init`). */
export function startDecisionNudgeTimer(getDb: () => Db, intervalMs = 60 * 60 * 1000): () => void {
	return startPeriodicJob(
		'decision-nudges',
		async () => {
			const sent = await sendDecisionNudges(getDb());
			return sent.length > 0 ? `queued ${sent.length} decision follow-up nudge(s)` : null;
		},
		{ intervalMs, firstDelayMs: 90_000 }
	);
}
