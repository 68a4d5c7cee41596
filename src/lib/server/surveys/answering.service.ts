import { formatDate, translate, type Locale, type MessageKey, type MessageParams } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import type { Locale as DbLocale } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { inTransaction } from '../db/transaction.ts';
import { RuleError } from '../core/errors.ts';
import { programmeSurveySettings } from '../organisation/organisation.service.ts';
import { respondentFacts } from '../people/people.service.ts';
import { hasAttended } from '../registrations/registrations.service.ts';
import {
	completeInvitation,
	deleteDrafts,
	findInvitation,
	findSurveyOrThrow,
	insertAnswers,
	insertResponse,
	openInvitedSurveys,
	writeDraftRow
} from './answering.repository.ts';
import type { FieldErrors } from '../core/validation.ts';
import {
	loadSurveyForm,
	pickText,
	validateAnswers,
	type AnswerError,
	type RawAnswers,
	type SurveyForm
} from './answering.model.ts';
import { hashToken } from './distribution.service.ts';
import { recordResponseCounts } from './results.service.ts';
import type { Survey } from './distribution.repository.ts';

/**
 * Answering a survey, by the one-time token of an invitation (`/s/[token]`, the API) or, for
 * identified surveys, as the signed-in person (`/answer/[surveyId]`). A half-finished answer
 * is kept on the invitation (`draft_json`) only while the survey is open: submitting, closing
 * and the closing date delete it. Submitting validates every answer and then, in ONE
 * transaction, marks the invitation completed and deletes the draft with a conditional update
 * (so a second or concurrent submit stores nothing) and inserts the response and its
 * answers. Anonymous responses carry no person and no token, only grouping attributes, and
 * the completion time on both sides is kept to the day so the two cannot be matched by
 * timestamp.
 */

/** How a respondent is recognised. */
export type AnswerAccess = { token: string } | { surveyId: number; personId: number };

export type RefusalReason = 'invalidLink' | 'closed' | 'notOpen' | 'alreadyAnswered';

/** Answering refused as a whole; `status` is what pages and the API answer. */
export class AnswerRefusedError extends Error {
	constructor(
		readonly reason: RefusalReason,
		readonly params: MessageParams = {}
	) {
		super('survey answering refused: ' + reason);
		this.name = 'AnswerRefusedError';
	}

	get status(): 404 | 409 | 410 {
		return this.reason === 'invalidLink' ? 404 : this.reason === 'closed' ? 410 : 409;
	}

	get key(): MessageKey {
		return `survey.error.${this.reason}` as MessageKey;
	}

	/** The message in `locale` (an opening date is formatted for the reader). */
	messageIn(locale: Locale): string {
		const date =
			typeof this.params.date === 'string' ? formatDate(locale, this.params.date, { time: true }) : undefined;
		return translate(locale, this.key, date === undefined ? this.params : { ...this.params, date });
	}
}

/** Invalid answers: per-question messages; nothing was stored. */
export class AnswerValidationError extends RuleError {
	readonly status = 422 as const;
	constructor(
		readonly errors: Record<string, AnswerError>,
		/** The first section with an error (pages go back there). */
		readonly sectionIndex: number
	) {
		super('survey answers invalid: ' + Object.keys(errors).join(', '));
		this.name = 'AnswerValidationError';
	}

	fieldErrors(locale: Locale): FieldErrors {
		return Object.fromEntries(
			Object.entries(this.errors).map(([field, e]) => [field, [translate(locale, e.key, e.params)]])
		);
	}
}

export interface Draft {
	answers: RawAnswers;
	/** The section the respondent was on. */
	step: number;
}

interface Context {
	invitationId: number;
	tokenHash: string | null;
	survey: Survey;
	person: {
		id: number;
		unitId: number | null;
		jobCategory: string | null;
		gender: string | null;
		roleStartedOn: string | null;
		locale: DbLocale | null;
	};
	draft: Draft;
	completed: boolean;
	defaultLocale: Locale;
}

function parseDraft(json: string | null): Draft {
	if (!json) return { answers: {}, step: 0 };
	try {
		const d = JSON.parse(json) as Partial<Draft>;
		return {
			answers: d.answers && typeof d.answers === 'object' ? d.answers : {},
			step: typeof d.step === 'number' ? d.step : 0
		};
	} catch {
		return { answers: {}, step: 0 };
	}
}

/** Finds the invitation; refuses unknown tokens, closed or not-yet-open surveys. */
async function context(db: Db, access: AnswerAccess, now: string): Promise<Context> {
	const row = await findInvitation(
		db,
		// A malformed token cannot match; skip the query shape check and hash whatever came.
		'token' in access ? { tokenHash: hashToken(access.token) } : access
	);
	const person = row ? await respondentFacts(db, row.personId) : undefined;
	if (!row || !person || person.deactivatedAt !== null) throw new AnswerRefusedError('invalidLink');
	const survey = await findSurveyOrThrow(db, row.surveyId);
	const settings = await programmeSurveySettings(db, survey.programmeId);
	if (!settings) throw new AnswerRefusedError('invalidLink');
	if (row.completedAt !== null) throw new AnswerRefusedError('alreadyAnswered');
	if (survey.status === 'closed' || (survey.closesAt !== null && survey.closesAt <= now)) {
		// Its drafts can never be sent, so they go now (closing deletes them; this catches the closing date).
		if (row.draftJson !== null) await deleteDrafts(db, survey.id);
		throw new AnswerRefusedError('closed');
	}
	if (survey.status !== 'open' || (survey.opensAt !== null && survey.opensAt > now))
		throw new AnswerRefusedError('notOpen', { date: survey.opensAt ?? '' });
	return {
		invitationId: row.invitationId,
		tokenHash: 'token' in access ? row.tokenHash : null,
		survey,
		person: {
			id: row.personId,
			unitId: person.unitId,
			jobCategory: person.jobCategory,
			gender: person.gender,
			roleStartedOn: person.roleStartedOn,
			locale: person.locale
		},
		draft: parseDraft(row.draftJson),
		completed: false,
		defaultLocale: settings.defaultLocale
	};
}

export interface AnswerPage {
	form: SurveyForm;
	draft: Draft;
	/** The respondent's language (asked for, else their own, else the programme's). */
	locale: Locale;
}

/** The form and the kept draft, in the respondent's language. */
export async function openAnswerPage(
	db: Db,
	access: AnswerAccess,
	opts: { locale?: Locale | null; now?: string } = {}
): Promise<AnswerPage> {
	const ctx = await context(db, access, opts.now ?? nowIso());
	const locale = opts.locale ?? ctx.person.locale ?? ctx.defaultLocale;
	const form = await loadSurveyForm(db, ctx.survey.id, locale);
	if (!form) throw new AnswerRefusedError('invalidLink');
	const step = Math.min(Math.max(0, ctx.draft.step), Math.max(0, form.sections.length - 1));
	return { form, draft: { ...ctx.draft, step }, locale };
}

/**
 * Replaces the answers of the given questions (a section) in the draft with `raw` and
 * stores the step. Returns the merged draft. Values are kept as typed (validated on submit).
 */
export function mergeDraft(
	draft: Draft,
	questionIds: readonly number[],
	raw: RawAnswers,
	step: number
): Draft {
	const ids = new Set(questionIds.map(String));
	const answers: RawAnswers = {};
	for (const [k, v] of Object.entries(draft.answers)) {
		const id = /^q(\d+)/.exec(k)?.[1];
		if (!id || !ids.has(id)) answers[k] = v;
	}
	for (const [k, v] of Object.entries(raw)) {
		const id = /^q(\d+)/.exec(k)?.[1];
		if (id && ids.has(id)) answers[k] = v;
	}
	return { answers, step };
}

/**
 * Stores a draft on a not-yet-completed invitation of a survey that is still open, checked in
 * the update itself: a draft saved while the survey closes is not written after closing
 * deleted the drafts.
 */
async function writeDraft(db: Db, invitationId: number, draft: Draft, now: string): Promise<void> {
	await writeDraftRow(db, invitationId, JSON.stringify(draft), now);
}

/**
 * Saves a half-finished answer: the posted values of one section (`sectionIndex`), and the
 * section to come back to. Only for an invitation that is still open.
 */
export async function saveDraft(
	db: Db,
	access: AnswerAccess,
	input: { sectionIndex: number; raw: RawAnswers; step: number },
	opts: { now?: string } = {}
): Promise<Draft> {
	const ctx = await context(db, access, opts.now ?? nowIso());
	const form = await loadSurveyForm(db, ctx.survey.id, 'en');
	if (!form) throw new AnswerRefusedError('invalidLink');
	const section = form.sections[input.sectionIndex];
	const draft = mergeDraft(
		ctx.draft,
		section ? section.questions.map((q) => q.id) : [],
		input.raw,
		Math.min(Math.max(0, input.step), Math.max(0, form.sections.length - 1))
	);
	await writeDraft(db, ctx.invitationId, draft, opts.now ?? nowIso());
	return draft;
}

/** Validates one section (on "Next"): answers given must be valid; required ones are checked on submit. */
export function validateSection(form: SurveyForm, sectionIndex: number, answers: RawAnswers) {
	const section = form.sections[sectionIndex];
	return validateAnswers(form, answers, { questions: section?.questions ?? [], requireAnswers: false });
}

export const TENURE_BANDS = ['lt2', '2_5', '6_10', 'gt10'] as const;
export type TenureBand = (typeof TENURE_BANDS)[number];

/** Whole years in the role → band: under 2, 2–5, 6–10, over 10. Null when unknown. */
export function tenureBand(roleStartedOn: string | null, today: string): TenureBand | null {
	if (!roleStartedOn || !/^\d{4}-\d{2}-\d{2}/.test(roleStartedOn)) return null;
	const [y1, m1, d1] = roleStartedOn.slice(0, 10).split('-').map(Number) as [number, number, number];
	const [y2, m2, d2] = today.slice(0, 10).split('-').map(Number) as [number, number, number];
	let years = y2 - y1;
	if (m2 < m1 || (m2 === m1 && d2 < d1)) years -= 1;
	if (years < 2) return 'lt2';
	if (years <= 5) return '2_5';
	if (years <= 10) return '6_10';
	return 'gt10';
}

/** Did the person attend what the survey is about (its session/activity; else any session of the programme)? */
async function attendedFor(db: Db, survey: Survey, personId: number): Promise<number> {
	const of =
		survey.sessionId !== null
			? { sessionId: survey.sessionId }
			: survey.activityId !== null
				? { activityId: survey.activityId }
				: {};
	return (await hasAttended(db, survey.programmeId, personId, of)) ? 1 : 0;
}

/**
 * Submits the answers: `raw` is merged over the kept draft (the last section's values win),
 * everything is validated (nothing stored on error), then completion and the response are
 * written in one transaction. A second submit (or a concurrent one) is refused as
 * "already answered" and stores nothing.
 */
export async function submitAnswers(
	db: Db,
	access: AnswerAccess,
	input: { raw: RawAnswers; sectionIndex?: number | null; locale?: Locale | null },
	opts: { now?: string } = {}
): Promise<{ surveyId: number }> {
	const now = opts.now ?? nowIso();
	const ctx = await context(db, access, now);
	const locale = input.locale ?? ctx.person.locale ?? ctx.defaultLocale;
	const form = await loadSurveyForm(db, ctx.survey.id, locale);
	if (!form) throw new AnswerRefusedError('invalidLink');
	// A page posts its last section over the draft; the API posts every answer at once.
	const answers =
		input.sectionIndex === undefined || input.sectionIndex === null
			? input.raw
			: mergeDraft(
					ctx.draft,
					(form.sections[input.sectionIndex]?.questions ?? []).map((q) => q.id),
					input.raw,
					input.sectionIndex
				).answers;
	const { rows, errors } = validateAnswers(form, answers);
	if (Object.keys(errors).length > 0) {
		const first = form.questions.find((q) => errors['q' + q.id]);
		// Keep what was typed, so the respondent corrects rather than retypes.
		if (input.sectionIndex !== undefined && input.sectionIndex !== null)
			await writeDraft(db, ctx.invitationId, { answers, step: first?.sectionIndex ?? 0 }, now);
		throw new AnswerValidationError(errors, first?.sectionIndex ?? 0);
	}
	const anonymous = ctx.survey.anonymous === 1;
	// Anonymous: to the day only, on both the invitation and the response.
	const stamp = anonymous ? now.slice(0, 10) + 'T00:00:00.000Z' : now;
	const attended = await attendedFor(db, ctx.survey, ctx.person.id);
	await inTransaction(db, async (trx) => {
		if (!(await completeInvitation(trx, ctx.invitationId, ctx.tokenHash, stamp)))
			throw new AnswerRefusedError('alreadyAnswered');
		const responseId = await insertResponse(trx, {
			surveyId: ctx.survey.id,
			personId: anonymous ? null : ctx.person.id,
			unitId: ctx.person.unitId,
			jobCategory: ctx.person.jobCategory,
			gender: ctx.person.gender,
			tenureBand: tenureBand(ctx.person.roleStartedOn, now),
			attended,
			locale,
			submittedAt: stamp
		});
		await insertAnswers(
			trx,
			rows.map((r) => ({ ...r, responseId }))
		);
		// The results' counts, in the same transaction (one multi-row conditional upsert).
		await recordResponseCounts(
			trx,
			{
				surveyId: ctx.survey.id,
				attributes: {
					unit: ctx.person.unitId,
					jobCategory: ctx.person.jobCategory,
					track: attended,
					gender: ctx.person.gender,
					tenure: tenureBand(ctx.person.roleStartedOn, now)
				},
				questions: form.questions,
				rows
			},
			answeringTopValues(form)
		);
	});
	return { surveyId: ctx.survey.id };
}

/** Learning-situations questions → their scale's top value (the first option that is not "don't know"). */
export function answeringTopValues(form: SurveyForm): Map<number, number> {
	const tops = new Map<number, number>();
	for (const q of form.questions) {
		if (q.type !== 'learning_situations') continue;
		const top = q.options.find((o) => !o.dontKnow);
		if (top) tops.set(q.id, top.value);
	}
	return tops;
}

/** The identified surveys a signed-in person is invited to and has not answered (open now). */
export async function listMyOpenSurveys(
	db: Db,
	personId: number,
	locale: Locale,
	now: string = nowIso()
): Promise<{ id: number; title: string; closesAt: string | null }[]> {
	const rows = await openInvitedSurveys(db, personId, now);
	return rows.map((r) => ({ id: r.id, title: pickText(r.titleJson, locale), closesAt: r.closesAt }));
}
