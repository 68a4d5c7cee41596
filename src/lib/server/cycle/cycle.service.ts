import { queueXapi } from '../xapi/xapi.service.ts';
import { translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { inTransaction } from '../db/transaction.ts';
import { RuleError } from '../core/errors.ts';
import type { FieldErrors } from '../core/validation.ts';
import { AccessDeniedError, authorize, can, type Actor, type Resource } from '../policy/policy.ts';
import {
	afterDueAt,
	findOpenAfterParts,
	ensureCycleForm,
	findCycleForm,
	findRegistrationContext,
	findPersonRecordPage,
	personRecordTotals,
	updateCycleForm,
	type PersonRecordRow,
	type CycleFormPatch,
	type RegistrationContext
} from './cycle.repository.ts';
import type { AfterInput, BeforeInput, CycleFormInput } from './cycle.schema.ts';
import { sessionHeldState } from '../catalogue/catalogue.service.ts';
import { countProcessesOfPerson } from '../processes/processes.service.ts';
import { sessionName } from '#lib/i18n/session-label.ts';

/**
 * The 40-20-40 form of a registration. Only the registration's person writes it; the manager
 * of their unit and the programme office read it (policy `personalPlan`). The row is created
 * on first save (or by the nudge run), with `after_due_at` = session end + follow-up days.
 */

/** Invalid input for the form that the schema cannot see (e.g. "done" without the essentials). */
export class CycleRuleError extends RuleError {
	readonly status = 422 as const;
	constructor(readonly errors: { field: string; key: MessageKey }[]) {
		super('cycle rule: ' + errors.map((e) => e.key).join(', '));
		this.name = 'CycleRuleError';
	}
	fieldErrors(locale: Locale): FieldErrors {
		const out: FieldErrors = {};
		for (const e of this.errors) (out[e.field] ??= []).push(translate(locale, e.key));
		return out;
	}
}

/** Statuses that have no cycle (the person never took part). */
const CLOSED = ['cancelled', 'declined'];

function planResource(ctx: RegistrationContext): Resource {
	return { type: 'personalPlan', programmeId: ctx.programmeId, personId: ctx.personId, unitId: ctx.unitId };
}

/** A form as pages and the API show it. */
export interface CycleFormView {
	registrationId: number;
	personId: number;
	personName: string;
	registrationStatus: string;
	session: { id: number; title: string; startsAt: string; endsAt: string; hours: number };
	/** True only for the registration's person, while the registration is not cancelled/declined. */
	editable: boolean;
	before: {
		need: string | null;
		goal: string | null;
		motivation: string | null;
		managerTalkOn: string | null;
		completedAt: string | null;
		hours: number | null;
	};
	during: {
		attended: boolean;
		/** Logged by the person, if any. */
		loggedHours: number | null;
		/** Logged, else the credited/session hours when attended, else 0. */
		hours: number;
	};
	after: {
		learned: string | null;
		apply: string | null;
		sharedOn: string | null;
		sharedWhere: string | null;
		followupOn: string | null;
		completedAt: string | null;
		hours: number | null;
		dueAt: string;
		overdue: boolean;
	};
}

async function loadReadable(db: Db, actor: Actor, registrationId: number): Promise<RegistrationContext> {
	const ctx = await findRegistrationContext(db, registrationId);
	if (!ctx) throw new AccessDeniedError();
	authorize(actor, 'read', planResource(ctx));
	return ctx;
}

/** The form of a registration (empty when never saved). 404 (AccessDeniedError) when not visible. */
export async function getCycleForm(
	db: Db,
	actor: Actor,
	registrationId: number,
	now: Date = new Date()
): Promise<CycleFormView> {
	const ctx = await loadReadable(db, actor, registrationId);
	const row = await findCycleForm(db, registrationId);
	const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
	const attended = ctx.status === 'attended';
	const loggedDuring = num(row?.hoursDuring);
	const dueAt = row?.afterDueAt ?? afterDueAt(ctx.endsAt, ctx.followupDays);
	const afterCompletedAt = row?.afterCompletedAt ?? null;
	return {
		registrationId,
		personId: ctx.personId,
		personName: ctx.personName,
		registrationStatus: ctx.status,
		session: {
			id: ctx.sessionId,
			title: ctx.title,
			startsAt: ctx.startsAt,
			endsAt: ctx.endsAt,
			hours: ctx.sessionHours
		},
		editable: actor.personId === ctx.personId && !CLOSED.includes(ctx.status),
		before: {
			need: row?.beforeNeed ?? null,
			goal: row?.beforeGoal ?? null,
			motivation: row?.beforeMotivation ?? null,
			managerTalkOn: row?.beforeManagerTalkOn ?? null,
			completedAt: row?.beforeCompletedAt ?? null,
			hours: num(row?.hoursBefore)
		},
		during: {
			attended,
			loggedHours: loggedDuring,
			hours: loggedDuring ?? (attended ? (ctx.hoursCredited ?? ctx.sessionHours) : 0)
		},
		after: {
			learned: row?.afterLearned ?? null,
			apply: row?.afterApply ?? null,
			sharedOn: row?.afterSharedOn ?? null,
			sharedWhere: row?.afterSharedWhere ?? null,
			followupOn: row?.afterFollowupOn ?? null,
			completedAt: afterCompletedAt,
			hours: num(row?.hoursAfter),
			dueAt,
			overdue: attended && afterCompletedAt === null && dueAt < now.toISOString()
		}
	};
}

const orNull = <T>(v: T | undefined | null): T | null => (v === undefined || v === '' ? null : v);

function beforePatch(input: BeforeInput, current: { beforeCompletedAt: string | null }, now: string) {
	const errors: { field: string; key: MessageKey }[] = [];
	if (input.beforeDone) {
		if (!input.beforeNeed) errors.push({ field: 'beforeNeed', key: 'cycle.error.neededToComplete' });
		if (!input.beforeGoal) errors.push({ field: 'beforeGoal', key: 'cycle.error.neededToComplete' });
	}
	const patch: CycleFormPatch = {
		beforeNeed: orNull(input.beforeNeed),
		beforeGoal: orNull(input.beforeGoal),
		beforeMotivation: orNull(input.beforeMotivation),
		beforeManagerTalkOn: orNull(input.beforeManagerTalkOn),
		hoursBefore: orNull(input.hoursBefore),
		beforeCompletedAt: input.beforeDone ? (current.beforeCompletedAt ?? now) : null
	};
	return { patch, errors };
}

function afterPatch(
	input: AfterInput,
	current: { afterCompletedAt: string | null },
	ctx: RegistrationContext,
	now: string
) {
	const errors: { field: string; key: MessageKey }[] = [];
	if (input.afterDone) {
		if (!input.afterLearned) errors.push({ field: 'afterLearned', key: 'cycle.error.neededToComplete' });
		if (!input.afterApply) errors.push({ field: 'afterApply', key: 'cycle.error.neededToComplete' });
		// The same rule as attendance: only a held session has an after-part.
		if (sessionHeldState({ startsAt: ctx.startsAt, status: ctx.sessionStatus }, now) !== 'held')
			errors.push({ field: 'afterDone', key: 'cycle.error.afterBeforeSession' });
	}
	const patch: CycleFormPatch = {
		afterLearned: orNull(input.afterLearned),
		afterApply: orNull(input.afterApply),
		afterSharedOn: orNull(input.afterSharedOn),
		afterSharedWhere: orNull(input.afterSharedWhere),
		afterFollowupOn: orNull(input.afterFollowupOn),
		hoursDuring: orNull(input.hoursDuring),
		hoursAfter: orNull(input.hoursAfter),
		afterCompletedAt: input.afterDone ? (current.afterCompletedAt ?? now) : null
	};
	return { patch, errors };
}

const hoursOf = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Saves one part of the form (`before`, `after`) or all of it (API `PUT`). Only the
 * registration's person may; anyone else who may read it gets AccessDeniedError too (404),
 * as does a cancelled or declined registration. Invalid combinations raise CycleRuleError
 * and change nothing.
 */
export async function saveCycleForm(
	db: Db,
	actor: Actor,
	registrationId: number,
	part: 'before' | 'after' | 'all',
	input: Partial<CycleFormInput>
): Promise<CycleFormView> {
	const ctx = await loadReadable(db, actor, registrationId);
	if (actor.personId !== ctx.personId || !can(actor, 'update', planResource(ctx)))
		throw new AccessDeniedError();
	if (CLOSED.includes(ctx.status)) throw new CycleRuleError([{ field: '_form', key: 'cycle.error.closed' }]);
	const now = nowIso();
	await inTransaction(db, async (trx) => {
		await ensureCycleForm(trx, registrationId, afterDueAt(ctx.endsAt, ctx.followupDays), now);
		const current = (await findCycleForm(trx, registrationId))!;
		let patch: CycleFormPatch = {};
		const errors: { field: string; key: MessageKey }[] = [];
		if (part !== 'after') {
			const b = beforePatch(input as BeforeInput, current, now);
			patch = { ...patch, ...b.patch };
			errors.push(...b.errors);
		}
		if (part !== 'before') {
			const a = afterPatch(input as AfterInput, current, ctx, now);
			patch = { ...patch, ...a.patch };
			errors.push(...a.errors);
		}
		// Throwing inside the transaction also undoes the lazily created row.
		if (errors.length > 0) throw new CycleRuleError(errors);
		await updateCycleForm(trx, registrationId, { ...patch, updatedAt: now });
		// The after part done for the first time: xAPI "completed" of the follow-up.
		if (!current.afterCompletedAt && patch.afterCompletedAt)
			await queueXapi(trx, [
				{
					verb: 'completed',
					programmeId: ctx.programmeId,
					personId: ctx.personId,
					key: `completed:followup:registration:${registrationId}`,
					object: {
						path: `/activities/${ctx.activityId}/sessions/${ctx.sessionId}/followup`,
						name: `40-20-40: ${ctx.title}`,
						type: 'followup'
					},
					parent: {
						path: `/activities/${ctx.activityId}/sessions/${ctx.sessionId}`,
						name: ctx.title,
						type: 'session'
					},
					registrationKey: `registration:session:${ctx.sessionId}:person:${ctx.personId}`,
					hours: hoursOf(patch.hoursAfter ?? current.hoursAfter),
					timestamp: now
				}
			]);
	});
	return getCycleForm(db, actor, registrationId);
}

// ---- for dashboards

/** The cycle read model (no permission check: the dashboards authorise first). */
export {
	cyclePeopleCount,
	cycleSums,
	directCycleSums,
	overdueRows,
	keptCompletionByUnitQuery,
	cycleActivityCount,
	type UnitWorkplaces,
	type CycleGroupBy,
	type CycleRow,
	type CycleSums
} from './cycle.repository.ts';
export {
	splitOfSums,
	completion,
	dueAt,
	isOverdue,
	splitBy,
	summariseSplit,
	type Completion,
	type Split
} from './split.ts';

export interface OverdueAfterPart {
	registrationId: number;
	activityTitle: string;
	sessionTitle: string | null;
	startsAt: string;
	place: string | null;
	dueAt: string;
}

/**
 * The actor's own after parts that are past due (the home page's to-do). Reads at most
 * `scan` open after parts, so a long history never makes the home page slow.
 */
export async function overdueAfterParts(
	db: Db,
	actor: Actor,
	now: Date = new Date(),
	scan = 50
): Promise<OverdueAfterPart[]> {
	const rows = await findOpenAfterParts(db, actor.personId, scan);
	const nowIsoString = now.toISOString();
	return rows
		.map((r) => ({
			registrationId: r.registrationId,
			activityTitle: r.activityTitle,
			sessionTitle: r.sessionTitle,
			startsAt: r.startsAt,
			place: r.place,
			dueAt: r.afterDueAt ?? afterDueAt(r.endsAt, r.followupDays)
		}))
		.filter((r) => r.dueAt < nowIsoString);
}

// ---- the kept totals (migration 0025), for `klok cycle check-totals` and bulk loads

/** The kept 40-20-40 totals of a programme against the raw rows (no permission check: CLI). */
export {
	checkCycleTotals,
	pauseCycleTotals,
	programmeIdsForTotals,
	rebuildCycleTotals,
	type CycleTotalsMismatch
} from './cycle.repository.ts';

// ---- a person's learning record (the office on /people/[id], issue 15.14)

/** Rows per page of a person's learning record. */
export const PERSON_RECORD_PAGE_SIZE = 20;

/** Where a registration's 40-20-40 stands. */
export type CycleState = 'none' | 'beforeOpen' | 'beforeDone' | 'afterOpen' | 'overdue' | 'done';

export interface PersonRecordEntry {
	registrationId: number;
	sessionId: number;
	activityId: number;
	/** The activity's name with the session's own title, if any. */
	title: string;
	startsAt: string;
	endsAt: string;
	place: string | null;
	online: boolean;
	timeZone: string;
	sessionCancelled: boolean;
	status: PersonRecordRow['status'];
	walkIn: boolean;
	/** Hours credited when attended, else null. */
	hours: number | null;
	cycle: CycleState;
}

export interface PersonRecord {
	page: number;
	pageSize: number;
	entries: PersonRecordEntry[];
	totals: { registrations: number; sessionsAttended: number; hours: number; processes: number };
}

function cycleState(r: PersonRecordRow, now: string): CycleState {
	if (r.afterCompletedAt) return 'done';
	if (r.status === 'attended') {
		const due = r.afterDueAt ?? afterDueAt(r.endsAt, r.followupDays);
		return due < now ? 'overdue' : 'afterOpen';
	}
	if (['requested', 'confirmed', 'waitlisted'].includes(r.status) && r.sessionStatus !== 'cancelled')
		return r.beforeCompletedAt ? 'beforeDone' : 'beforeOpen';
	return 'none';
}

/**
 * A person's registrations (paged, latest session first: activity, session date and place,
 * state, hours credited, 40-20-40 state) and their totals computed in SQL (registrations,
 * sessions attended, hours, processes). For whoever may read the person's plans (policy
 * `personalPlan`: the office of the programme, the manager of their unit, the person); null for
 * anyone else, so the page simply leaves the section out.
 */
export async function personLearningRecord(
	db: Db,
	actor: Actor,
	person: { id: number; programmeId: number | null; unitId: number | null },
	page = 1
): Promise<PersonRecord | null> {
	if (person.programmeId === null) return null;
	const resource: Resource = {
		type: 'personalPlan',
		programmeId: person.programmeId,
		personId: person.id,
		unitId: person.unitId
	};
	if (!can(actor, 'read', resource)) return null;
	const safePage = Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
	const [rows, totals, processes] = await Promise.all([
		findPersonRecordPage(db, person.id, {
			limit: PERSON_RECORD_PAGE_SIZE,
			offset: (safePage - 1) * PERSON_RECORD_PAGE_SIZE
		}),
		personRecordTotals(db, person.id),
		countProcessesOfPerson(db, person.id)
	]);
	const now = nowIso();
	return {
		page: safePage,
		pageSize: PERSON_RECORD_PAGE_SIZE,
		entries: rows.map((r) => ({
			registrationId: r.registrationId,
			sessionId: r.sessionId,
			activityId: r.activityId,
			title: sessionName({ activityTitle: r.activityTitle, sessionTitle: r.sessionTitle }),
			startsAt: r.startsAt,
			endsAt: r.endsAt,
			place: r.place,
			online: r.onlineUrl !== null,
			timeZone: r.timeZone,
			sessionCancelled: r.sessionStatus === 'cancelled',
			status: r.status,
			walkIn: r.walkIn,
			hours: r.status === 'attended' ? (r.hoursCredited ?? 0) : null,
			cycle: cycleState(r, now)
		})),
		totals: {
			registrations: totals.registrations,
			sessionsAttended: totals.attended,
			hours: totals.hours,
			processes
		}
	};
}
