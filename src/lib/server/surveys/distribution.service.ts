import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { formatDate, translate, type Locale, type MessageKey, type MessageParams } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { RuleError } from '../core/errors.ts';
import { fieldErrors, fields, parseInput, type FieldErrors } from '../core/validation.ts';
import {
	queueMail,
	registerMailRenderer,
	wakeOutbox,
	type MailMessage,
	type MailOptions,
	type RenderOutcome
} from '../mail/mail.service.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { appOrigin } from '../registrations/calendar.service.ts';
import { sessionContext } from '../catalogue/catalogue.service.ts';
import { listUnits, programmeSurveySettings } from '../organisation/organisation.service.ts';
import { activeStaff } from '../people/people.service.ts';
import {
	closeSurveyRows,
	findInvitationForMail,
	findSurvey,
	insertInvitations,
	invitationCountsByUnit,
	invitationTotals,
	invitedPersonIds,
	openCourseEvaluations,
	pendingInvitations,
	purgeDrafts,
	mintPendingToken,
	questionCount,
	updateOpenSurvey,
	type Survey
} from './distribution.repository.ts';
import { pickText } from './answering.model.ts';
import { audienceSchema, resolveAudience, type Audience, type AudienceMember } from './audience.ts';
import { minGroupSizeOf, protectGroups } from './protection.ts';
import { groupLabel, unitRollUp } from './results.service.ts';
import { startPeriodicJob } from '../core/periodic.ts';
import { pickedDateOf, pickedDayEnd, pickedDayStart } from '#lib/picked-date.ts';

/**
 * Distribution: invitations with one-time tokens (only the SHA-256 is stored), the personal
 * link mailed in each person's language, reminders to those who have not answered, closing,
 * the live response rate by unit, and course evaluations sent automatically to attendees.
 * For anonymous surveys the office only ever sees counts: no function here returns who has
 * or has not answered.
 */

/** A broken distribution rule or invalid input, with per-field messages. */
export class DistributionError extends RuleError {
	constructor(
		readonly status: 409 | 422,
		private readonly messages: Record<string, { key: MessageKey; params?: MessageParams }>,
		private readonly zodError?: z.ZodError
	) {
		super('distribution: ' + Object.keys(messages).join(', '));
		this.name = 'DistributionError';
	}

	fieldErrors(locale: Locale): FieldErrors {
		const out = this.zodError ? fieldErrors(this.zodError, locale) : {};
		for (const [field, m] of Object.entries(this.messages))
			(out[field] ??= []).push(translate(locale, m.key, m.params));
		return out;
	}

	/** The untranslated key for a field (tests). */
	keyFor(field: string): MessageKey | undefined {
		return this.messages[field]?.key;
	}
}

/** SHA-256 (hex) of a token: what `survey_invitations.token_hash` holds. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** A new random one-time token (256 bits, URL-safe). */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

/** The answering link of a token. */
export function answerLink(token: string, origin: string = appOrigin()): string {
	return `${origin}/s/${token}`;
}

export interface DistributionOptions {
	mail?: MailOptions;
	origin?: string;
	now?: string;
}

/** The survey, if the actor may distribute it (the programme office); otherwise "not found". */
async function surveyFor(db: Db, actor: Actor, surveyId: number, action: 'manage' | 'read'): Promise<Survey> {
	const survey = await findSurvey(db, surveyId);
	if (!survey) throw new AccessDeniedError();
	authorize(actor, action, { type: 'survey', id: survey.id, programmeId: survey.programmeId });
	return survey;
}

const dateOrNull = z.preprocess((v) => (v === '' ? null : v), fields.date().nullable().optional());

/** Sending: an audience, and optionally the answering window (dates, inclusive). */
export const sendInputSchema = z
	.object({ audience: audienceSchema, opensOn: dateOrNull, closesOn: dateOrNull })
	.refine((v) => !v.opensOn || !v.closesOn || v.opensOn <= v.closesOn, {
		message: 'survey.error.window',
		path: ['closesOn']
	});
export type SendInput = z.infer<typeof sendInputSchema>;

export interface SendResult {
	/** New invitations created (and mailed) now. */
	invited: number;
	/** People in the audience who already had an invitation (not mailed again). */
	alreadyInvited: number;
}

interface MailSurvey {
	id: number;
	programmeId: number;
	titleJson: string;
	anonymous: number;
	closesAt: string | null;
}

/** The personal link's message in the person's language (their own, else the programme's). */
function linkMessage(
	survey: MailSurvey,
	person: AudienceMember,
	token: string,
	kind: 'invite' | 'reminder',
	defaultLocale: Locale,
	origin: string | undefined,
	timeZone: string
): MailMessage {
	const locale = person.locale ?? defaultLocale;
	const title = pickText(survey.titleJson, locale);
	const params = {
		name: person.name,
		title,
		link: answerLink(token, origin),
		anonymity: translate(locale, survey.anonymous ? 'survey.mail.anonymous' : 'survey.mail.identified'),
		closes: survey.closesAt
			? // The closing day as it was picked (inclusive), not the instant after it (issue 15.13).
				translate(locale, 'survey.mail.closes', {
					date: formatDate(locale, pickedDateOf(survey.closesAt, timeZone))
				})
			: ''
	};
	return {
		to: person.email,
		subject: translate(
			locale,
			kind === 'invite' ? 'survey.mail.inviteSubject' : 'survey.mail.reminderSubject',
			{
				title
			}
		),
		text: translate(
			locale,
			kind === 'invite' ? 'survey.mail.inviteBody' : 'survey.mail.reminderBody',
			params
		).trim(),
		kind: kind === 'invite' ? 'survey-invitation' : 'survey-reminder',
		personId: person.id,
		programmeId: survey.programmeId,
		// The link is the only credential an answer needs: e-mail only, never the outbox.
		secrets: [token]
	};
}

/** What a queued invitation or reminder holds: the invitation's id, never a token. */
interface InvitationPayload {
	invitationId: number;
}

const SURVEY_MAIL_KINDS = { invite: 'survey-invitation', reminder: 'survey-reminder' } as const;

/**
 * Renders a queued invitation or reminder at send time, in the outbox worker: mints a fresh
 * token, stores only its hash on the (still pending) invitation, replacing any earlier one, and
 * puts the link into the message, which only the SMTP delivery carries unmasked. So no token is
 * ever written anywhere readable; a resend (a retry) mints another. Nothing to send when the
 * invitation was answered, the survey closed or the person left.
 */
async function renderInvitation(
	db: Db,
	payload: unknown,
	kind: 'invite' | 'reminder',
	origin?: string
): Promise<RenderOutcome> {
	const { invitationId } = payload as InvitationPayload;
	const invitation = await findInvitationForMail(db, invitationId);
	if (!invitation) return { skip: 'invitation gone' };
	if (invitation.completedAt) return { skip: 'already answered' };
	const survey = await findSurvey(db, invitation.surveyId);
	if (!survey || survey.status === 'closed') return { skip: 'survey closed' };
	const [person] = await activeStaff(db, { personIds: [invitation.personId] });
	if (!person) return { skip: 'person not active' };
	const token = newToken();
	if (!(await mintPendingToken(db, invitation.id, hashToken(token), nowIso(), kind === 'reminder')))
		return { skip: 'already answered' };
	const settings = await programmeSurveySettings(db, survey.programmeId);
	return {
		message: linkMessage(
			survey,
			{ id: person.id, name: person.name, email: person.email, unitId: person.unitId, locale: person.locale },
			token,
			kind,
			settings?.defaultLocale ?? 'sv',
			origin,
			settings?.timeZone ?? 'Europe/Stockholm'
		)
	};
}

registerMailRenderer([SURVEY_MAIL_KINDS.invite], (db, payload, context) =>
	renderInvitation(db, payload, 'invite', context.origin)
);
registerMailRenderer([SURVEY_MAIL_KINDS.reminder], (db, payload, context) =>
	renderInvitation(db, payload, 'reminder', context.origin)
);

/** Queues one invitation or reminder per invitation id (in the caller's transaction). */
async function queueLinks(
	trx: Db,
	programmeId: number,
	kind: 'invite' | 'reminder',
	invitations: readonly { id: number; personId: number }[]
): Promise<void> {
	await queueMail(
		trx,
		invitations.map((i) => ({
			kind: SURVEY_MAIL_KINDS[kind],
			payload: { invitationId: i.id } satisfies InvitationPayload,
			programmeId,
			personId: i.personId
		}))
	);
}

/**
 * Creates invitations for the people who have none yet (idempotent per person: the unique
 * (survey, person) constraint and a pre-check) and queues one invitation mail each, in one
 * transaction. The token is minted when the worker sends the mail (until then the invitation
 * holds the hash of a token nobody has). No authorization: callers check it (office action, or
 * the automatic course-evaluation hook).
 */
export async function inviteMembers(
	db: Db,
	survey: MailSurvey,
	members: readonly AudienceMember[],
	opts: DistributionOptions = {},
	/** Runs first in the same transaction (e.g. opening the survey, the audit entry). */
	alsoInTransaction?: (trx: Db, invited: number) => Promise<void>
): Promise<SendResult> {
	const now = opts.now ?? nowIso();
	const created = await db.transaction().execute(async (trx) => {
		const existing = new Set(await invitedPersonIds(trx, survey.id));
		const fresh = members.filter((m) => !existing.has(m.id));
		let invited = 0;
		for (let i = 0; i < fresh.length; i += 500) {
			const rows = await insertInvitations(
				trx,
				fresh.slice(i, i + 500).map((member) => ({
					surveyId: survey.id,
					personId: member.id,
					tokenHash: hashToken(newToken()),
					unitId: member.unitId,
					sentAt: now
				}))
			);
			await queueLinks(trx, survey.programmeId, 'invite', rows);
			invited += rows.length;
		}
		if (alsoInTransaction) await alsoInTransaction(trx, invited);
		return invited;
	});
	if (created > 0) await wakeOutbox(db, opts);
	return { invited: created, alreadyInvited: members.length - created };
}

/**
 * Sends the survey to an audience (office): sets the window when given, opens a draft
 * survey, records the audience, creates invitations for people not yet invited and mails
 * them. Sending again (the same or another audience) only adds the new people.
 */
export async function sendSurvey(
	db: Db,
	actor: Actor,
	surveyId: number,
	input: unknown,
	opts: DistributionOptions = {}
): Promise<SendResult> {
	const survey = await surveyFor(db, actor, surveyId, 'manage');
	const data = parseInput(sendInputSchema, input, (error) => new DistributionError(422, {}, error));
	if (survey.status === 'closed')
		throw new DistributionError(409, { _form: { key: 'survey.error.surveyClosed' } });
	if ((await questionCount(db, surveyId)) === 0)
		throw new DistributionError(409, { _form: { key: 'survey.error.noQuestions' } });
	const resolved = await resolveAudience(db, survey.programmeId, data.audience);
	if (resolved.unknown.length > 0)
		throw new DistributionError(422, {
			'audience.emails': {
				key: 'survey.error.unknownPeople',
				params: { list: resolved.unknown.slice(0, 20).join(', ') }
			}
		});
	if (resolved.people.length === 0)
		throw new DistributionError(422, { 'audience.kind': { key: 'survey.error.emptyAudience' } });

	const now = opts.now ?? nowIso();
	// Picked days are days in the programme's time zone, inclusive (issue 15.13).
	const timeZone = (await programmeSurveySettings(db, survey.programmeId))?.timeZone ?? 'Europe/Stockholm';
	const opensAt =
		data.opensOn === undefined
			? survey.opensAt
			: data.opensOn
				? pickedDayStart(data.opensOn, timeZone)
				: null;
	const closesAt =
		data.closesOn === undefined
			? survey.closesAt
			: data.closesOn
				? pickedDayEnd(data.closesOn, timeZone)
				: null;
	const audiences = parseAudiences(survey.audienceJson);
	audiences.push({ ...data.audience, sentAt: now });
	return inviteMembers(db, { ...survey, closesAt }, resolved.people, opts, async (trx, invited) => {
		const updated = await updateOpenSurvey(trx, surveyId, {
			status: 'open',
			opensAt,
			closesAt,
			audienceJson: JSON.stringify(audiences),
			updatedAt: now
		});
		if (!updated) throw new DistributionError(409, { _form: { key: 'survey.error.surveyClosed' } });
		await recordAudit(trx, {
			programmeId: survey.programmeId,
			actorId: actor.personId,
			action: survey.status === 'draft' ? 'publish' : 'update',
			entityType: 'survey',
			entityId: surveyId,
			after: { audience: data.audience, invited, opensAt, closesAt }
		});
	});
}

/** The audiences a survey was sent to, oldest first. */
export function parseAudiences(json: string | null): (Audience & { sentAt?: string })[] {
	if (!json) return [];
	try {
		const value = JSON.parse(json) as unknown;
		return Array.isArray(value) ? (value as (Audience & { sentAt?: string })[]) : [value as Audience];
	} catch {
		return [];
	}
}

/**
 * Reminds everyone who has not answered (not-completed invitations only). Since only a hash
 * of each token is stored, a reminder carries a fresh link that replaces the earlier one; a
 * saved draft stays on the invitation. Returns how many were reminded, never who.
 */
export async function remindSurvey(
	db: Db,
	actor: Actor,
	surveyId: number,
	opts: DistributionOptions = {}
): Promise<{ reminded: number }> {
	const survey = await surveyFor(db, actor, surveyId, 'manage');
	if (survey.status !== 'open')
		throw new DistributionError(409, { _form: { key: 'survey.error.notOpenForReminders' } });
	const pending = await db.transaction().execute(async (trx) => {
		const invitations = await pendingInvitations(trx, surveyId);
		// Only people still active are reminded.
		const active = new Map(
			(await activeStaff(trx, { personIds: invitations.map((i) => i.personId) })).map((p) => [p.id, p])
		);
		// The worker mints each fresh link when it sends (an invitation answered by then is skipped).
		const out = invitations
			.filter((r) => active.has(r.personId))
			.map((r) => ({ id: r.invitationId, personId: r.personId }));
		await queueLinks(trx, survey.programmeId, 'reminder', out);
		await recordAudit(trx, {
			programmeId: survey.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'survey',
			entityId: surveyId,
			// Counts only: for anonymous surveys nobody may learn who was reminded.
			after: { reminded: out.length }
		});
		return out;
	});
	if (pending.length > 0) await wakeOutbox(db, opts);
	return { reminded: pending.length };
}

/**
 * Closes the survey now: answering is refused from then on (office), and every unsent draft
 * (answers kept beside the person's invitation) is deleted in the same transaction.
 */
export async function closeSurvey(
	db: Db,
	actor: Actor,
	surveyId: number,
	now: string = nowIso()
): Promise<void> {
	const survey = await surveyFor(db, actor, surveyId, 'manage');
	await db.transaction().execute(async (trx) => {
		await closeSurveyRows(trx, surveyId, now);
		await recordAudit(trx, {
			programmeId: survey.programmeId,
			actorId: actor.personId,
			action: 'close',
			entityType: 'survey',
			entityId: surveyId,
			before: { status: survey.status },
			after: { status: 'closed' }
		});
	});
}

/**
 * Deletes the drafts of every survey that is closed or past its closing date (nobody can send
 * them any more, and they sit beside the person's invitation). Returns how many were deleted.
 * Closing deletes a survey's drafts at once; this catches surveys that close by date.
 */
export async function purgeClosedDrafts(db: Db, now: string = nowIso()): Promise<number> {
	return purgeDrafts(db, now);
}

/** Purges the drafts of surveys that closed by date, hourly in every instance (idempotent). */
export function startDraftPurgeTimer(getDb: () => Db): () => void {
	return startPeriodicJob(
		'survey-drafts',
		async () => {
			const purged = await purgeClosedDrafts(getDb());
			return purged > 0 ? `deleted the unsent drafts of ${purged} invitation(s) to closed surveys` : null;
		},
		{ intervalMs: 60 * 60_000, firstDelayMs: 90_000 }
	);
}

export interface UnitRate {
	unitId: number | null;
	unitName: string | null;
	invited: number;
	completed: number;
	/** completed / invited, 0..1 (0 when nobody invited). */
	rate: number;
}

export interface ResponseRate {
	surveyId: number;
	title: string;
	anonymous: boolean;
	status: Survey['status'];
	/** k: units with fewer invited are not shown on their own, */
	minGroupSize: number;
	/** … unless the actor may `readIdentified` (then false, and every unit is listed). */
	protected: boolean;
	invited: number;
	completed: number;
	rate: number;
	/** Units shown on their own. */
	byUnit: UnitRate[];
	/** The hidden units together (never named); null when none are hidden or they are too few. */
	otherUnits: { invited: number; completed: number; rate: number } | null;
	/** By workplace type (the nearest type set on the unit or above; null = not set), protected the same way. */
	byUnitType: { unitType: string | null; label: string; invited: number; completed: number; rate: number }[];
	/** The hidden types together (never named). */
	otherUnitTypes: { invited: number; completed: number; rate: number } | null;
}

/**
 * Invited vs completed, overall and per unit (the unit at the time of sending), from the
 * invitations alone: counts only. Office, steering group and evaluators. A unit is shown on
 * its own only with at least k invited ("invited 1, answered 1" names who answered), and with
 * `protectGroups` hiding more units until "total minus the shown units" reveals no small one;
 * the hidden units are shown merged. Only who may `readIdentified` (the office of an
 * identified survey) sees every unit.
 */
export async function responseRate(
	db: Db,
	actor: Actor,
	surveyId: number,
	locale: Locale = 'sv'
): Promise<ResponseRate> {
	const found = await findSurvey(db, surveyId);
	const settings = found ? await programmeSurveySettings(db, found.programmeId) : null;
	if (!found || !settings) throw new AccessDeniedError();
	const survey = { ...found, minGroupSize: settings.minGroupSize };
	const resource = { type: 'survey' as const, id: survey.id, programmeId: survey.programmeId };
	if (!can(actor, 'manage', resource) && !can(actor, 'readResults', resource)) throw new AccessDeniedError();
	const k = minGroupSizeOf(survey.minGroupSize);
	const identified = can(actor, 'readIdentified', { ...resource, anonymous: survey.anonymous === 1 });
	const rows = await invitationCountsByUnit(db, surveyId);
	const unitNames = new Map(
		(await listUnits(db, survey.programmeId, { includeClosed: true })).map((u) => [u.id, u.name])
	);
	const units = rows
		.map((r) => {
			const { invited, completed } = r;
			return {
				key: String(r.unitId ?? 'none'),
				n: invited,
				unitId: r.unitId,
				unitName: r.unitId === null ? null : (unitNames.get(r.unitId) ?? null),
				invited,
				completed,
				rate: invited ? completed / invited : 0
			};
		})
		.sort((a, b) => (a.unitName ?? '\uffff').localeCompare(b.unitName ?? '\uffff', 'sv'));
	const invited = units.reduce((s, r) => s + r.invited, 0);
	const completed = units.reduce((s, r) => s + r.completed, 0);
	const p = identified ? null : protectGroups(units, k);
	const hiddenCompleted = p ? p.hidden.reduce((s, r) => s + r.completed, 0) : 0;
	const shown = p ? (p.allHidden ? [] : p.shown) : units;
	// The same figures by workplace type, under the same protection.
	const typeOf = await unitRollUp(db, survey.programmeId, 'unitType');
	const types = new Map<string | null, { invited: number; completed: number }>();
	for (const u of units) {
		const type = u.unitId === null ? null : (typeOf.get(String(u.unitId)) ?? null);
		const sum = types.get(type) ?? { invited: 0, completed: 0 };
		sum.invited += u.invited;
		sum.completed += u.completed;
		types.set(type, sum);
	}
	const typeRows = [...types].map(([unitType, c]) => ({
		key: unitType ?? 'none',
		n: c.invited,
		unitType,
		label: unitType === null ? translate(locale, 'unitType.none') : groupLabel('unitType', unitType, locale),
		invited: c.invited,
		completed: c.completed,
		rate: c.invited ? c.completed / c.invited : 0
	}));
	const pt = identified ? null : protectGroups(typeRows, k);
	const typesShown = pt ? (pt.allHidden ? [] : pt.shown) : typeRows;
	const hiddenTypeCompleted = pt ? pt.hidden.reduce((s, r) => s + r.completed, 0) : 0;
	return {
		byUnitType: typesShown.map(({ unitType, label, invited, completed, rate }) => ({
			unitType,
			label,
			invited,
			completed,
			rate
		})),
		otherUnitTypes:
			pt && pt.otherShown && !pt.allHidden
				? { invited: pt.otherN, completed: hiddenTypeCompleted, rate: hiddenTypeCompleted / pt.otherN }
				: null,
		surveyId,
		title: pickText(survey.titleJson, locale),
		anonymous: survey.anonymous === 1,
		status: survey.status,
		minGroupSize: k,
		protected: p !== null,
		invited,
		completed,
		rate: invited ? completed / invited : 0,
		byUnit: shown.map(({ unitId, unitName, invited, completed, rate }) => ({
			unitId,
			unitName,
			invited,
			completed,
			rate
		})),
		otherUnits:
			p && p.otherShown && !p.allHidden
				? { invited: p.otherN, completed: hiddenCompleted, rate: hiddenCompleted / p.otherN }
				: null
	};
}

export interface DistributionView {
	survey: {
		id: number;
		programmeId: number;
		title: string;
		kind: Survey['kind'];
		anonymous: boolean;
		status: Survey['status'];
		opensAt: string | null;
		closesAt: string | null;
		/** The window's days as picked (YYYY-MM-DD in the programme's time zone, '' when none). */
		opensOn: string;
		closesOn: string;
		sessionId: number | null;
		activityId: number | null;
	};
	audiences: (Audience & { sentAt?: string })[];
	invited: number;
	completed: number;
	questionCount: number;
}

/** The distribute page: the survey, where it was sent, and counts (office). */
export async function getDistribution(
	db: Db,
	actor: Actor,
	surveyId: number,
	locale: Locale = 'sv'
): Promise<DistributionView> {
	const survey = await surveyFor(db, actor, surveyId, 'manage');
	const [counts, questions, settings] = await Promise.all([
		invitationTotals(db, surveyId),
		questionCount(db, surveyId),
		programmeSurveySettings(db, survey.programmeId)
	]);
	const timeZone = settings?.timeZone ?? 'Europe/Stockholm';
	return {
		survey: {
			id: survey.id,
			programmeId: survey.programmeId,
			title: pickText(survey.titleJson, locale),
			kind: survey.kind,
			anonymous: survey.anonymous === 1,
			status: survey.status,
			opensAt: survey.opensAt,
			closesAt: survey.closesAt,
			opensOn: pickedDateOf(survey.opensAt, timeZone),
			closesOn: pickedDateOf(survey.closesAt, timeZone),
			sessionId: survey.sessionId,
			activityId: survey.activityId
		},
		audiences: parseAudiences(survey.audienceJson),
		invited: counts.invited,
		completed: counts.completed,
		questionCount: questions
	};
}

/**
 * The automatic course evaluation: after attendance is marked on a session, invites those
 * marked attended to every OPEN course-evaluation survey tied to that session (or to its
 * activity, for a survey that evaluates every session of the activity). Idempotent: people
 * already invited are skipped, so calling it after every marking is safe. Never throws (a
 * failure is logged; attendance must not be undone by a mail problem).
 */
export async function sendCourseEvaluations(
	db: Db,
	sessionId: number,
	opts: DistributionOptions = {}
): Promise<SendResult> {
	const total: SendResult = { invited: 0, alreadyInvited: 0 };
	try {
		const context = await sessionContext(db, sessionId);
		if (!context) return total;
		const session = { activityId: context.activityId, programmeId: context.programmeId };
		const now = opts.now ?? nowIso();
		const surveys = await openCourseEvaluations(db, session.programmeId, sessionId, session.activityId, now);
		if (surveys.length === 0) return total;
		const attendees = await resolveAudience(db, session.programmeId, { kind: 'session', sessionId });
		for (const survey of surveys) {
			const r = await inviteMembers(db, survey, attendees.people, opts);
			total.invited += r.invited;
			total.alreadyInvited += r.alreadyInvited;
		}
	} catch (e) {
		console.error('course evaluation sending failed for session', sessionId, e);
	}
	return total;
}
