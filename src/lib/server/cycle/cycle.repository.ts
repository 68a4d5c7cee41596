import { sessionName } from '#lib/i18n/session-label.ts';
import { dialect, type Db } from '../db/database.ts';
import { plusDays, unitSetOperand, yearMonthUtc, type UnitSet } from '../db/sql.ts';
import type { CycleFormTable, RegistrationStatus } from '../db/schema.ts';
import { sql, type SelectQueryBuilder, type Updateable } from 'kysely';

/**
 * Queries for the 40-20-40 forms (no permission checks; see cycle.service.ts). The forms hang
 * off registrations, so this module also owns a read model over registrations, people, sessions,
 * activities and programmes (`contextQuery`, `cycleSums`, `findNudgeCandidates`): read-only
 * joins, never writes to those tables. The dashboards read it through cycle.service.ts.
 */

/** The registration a form belongs to, with what the rules need. */
export interface RegistrationContext {
	registrationId: number;
	personId: number;
	personName: string;
	personEmail: string;
	personLocale: string | null;
	unitId: number | null;
	programmeId: number;
	defaultLocale: string;
	status: RegistrationStatus;
	sessionId: number;
	activityId: number;
	title: string;
	startsAt: string;
	endsAt: string;
	sessionHours: number;
	hoursCredited: number | null;
	followupDays: number;
	sessionStatus: string;
}

function contextQuery(db: Db) {
	return db
		.selectFrom('registrations as r')
		.innerJoin('people as pe', 'pe.id', 'r.personId')
		.innerJoin('sessions as s', 's.id', 'r.sessionId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.innerJoin('programmes as p', 'p.id', 'a.programmeId')
		.select([
			'r.id as registrationId',
			'r.personId',
			'pe.name as personName',
			'pe.email as personEmail',
			'pe.locale as personLocale',
			'pe.unitId',
			'a.programmeId',
			'p.defaultLocale',
			'r.status',
			's.id as sessionId',
			'a.id as activityId',
			's.title as sessionTitle',
			'a.title as activityTitle',
			's.startsAt',
			's.endsAt',
			's.hours as sessionHours',
			'r.hoursCredited',
			'p.followupDays',
			's.status as sessionStatus'
		]);
}

type ContextRow = Awaited<ReturnType<ReturnType<typeof contextQuery>['executeTakeFirstOrThrow']>>;

function toContext(row: ContextRow): RegistrationContext {
	return {
		registrationId: row.registrationId,
		personId: row.personId,
		personName: row.personName,
		personEmail: row.personEmail,
		personLocale: row.personLocale,
		unitId: row.unitId,
		programmeId: row.programmeId,
		defaultLocale: row.defaultLocale,
		status: row.status,
		sessionId: row.sessionId,
		activityId: row.activityId,
		title: sessionName({ activityTitle: row.activityTitle, sessionTitle: row.sessionTitle }),
		startsAt: row.startsAt,
		endsAt: row.endsAt,
		sessionHours: Number(row.sessionHours),
		hoursCredited: row.hoursCredited === null ? null : Number(row.hoursCredited),
		followupDays: Number(row.followupDays),
		sessionStatus: row.sessionStatus
	};
}

export async function findRegistrationContext(
	db: Db,
	registrationId: number
): Promise<RegistrationContext | undefined> {
	const row = await contextQuery(db).where('r.id', '=', registrationId).executeTakeFirst();
	return row ? toContext(row) : undefined;
}

export async function findRegistrationContexts(
	db: Db,
	ids: readonly number[]
): Promise<RegistrationContext[]> {
	if (ids.length === 0) return [];
	const rows = await contextQuery(db).where('r.id', 'in', ids).execute();
	return rows.map(toContext);
}

/** When the after part is due: the session's end plus the programme's follow-up days. */
export function afterDueAt(endsAt: string, followupDays: number): string {
	return new Date(new Date(endsAt).getTime() + followupDays * 86_400_000).toISOString();
}

export async function findCycleForm(db: Db, registrationId: number) {
	return db
		.selectFrom('cycleForms')
		.selectAll()
		.where('registrationId', '=', registrationId)
		.executeTakeFirst();
}

/** Creates the form row if it is missing (safe when two callers race: the second does nothing). */
export async function ensureCycleForm(
	db: Db,
	registrationId: number,
	dueAt: string,
	now: string
): Promise<void> {
	await db
		.insertInto('cycleForms')
		.values({ registrationId, afterDueAt: dueAt, updatedAt: now })
		.onConflict((oc) => oc.column('registrationId').doNothing())
		.execute();
}

export type CycleFormPatch = Updateable<CycleFormTable>;

export async function updateCycleForm(db: Db, registrationId: number, values: CycleFormPatch): Promise<void> {
	await db.updateTable('cycleForms').set(values).where('registrationId', '=', registrationId).execute();
}

/** One registration's cycle facts for the split and completion figures. */
export interface CycleRow {
	registrationId: number;
	personId: number;
	personName: string;
	unitId: number | null;
	programmeId: number;
	activityId: number;
	activityTitle: string;
	sessionTitle: string;
	status: RegistrationStatus;
	endsAt: string;
	sessionHours: number;
	hoursCredited: number | null;
	followupDays: number;
	beforeCompletedAt: string | null;
	afterCompletedAt: string | null;
	afterDueAt: string | null;
	hoursBefore: number | null;
	hoursDuring: number | null;
	hoursAfter: number | null;
}

// ---------------------------------------------------------------- nudges

/** Attended registrations whose session has ended and whose follow-up is neither done nor nudged. */
export async function findNudgeCandidates(db: Db, nowText: string) {
	return db
		.selectFrom('registrations as r')
		.innerJoin('sessions as s', 's.id', 'r.sessionId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.innerJoin('programmes as p', 'p.id', 'a.programmeId')
		.leftJoin('cycleForms as cf', 'cf.registrationId', 'r.id')
		.select(['r.id', 's.endsAt', 'p.followupDays', 'cf.afterDueAt', 'cf.registrationId as formId'])
		.where('r.status', '=', 'attended')
		.where('s.endsAt', '<=', nowText)
		.where('cf.afterCompletedAt', 'is', null)
		.where('cf.nudgedAt', 'is', null)
		.orderBy('s.endsAt')
		.orderBy('r.id')
		.limit(5000)
		.execute();
}

/**
 * The claim: only a form still unnudged and unfinished is taken (a row lock on PostgreSQL
 * makes a concurrent claimer re-check and find it set). True when this call claimed it.
 */
export async function claimNudge(db: Db, registrationId: number, nowText: string): Promise<boolean> {
	const claimed = await db
		.updateTable('cycleForms')
		.set({ nudgedAt: nowText })
		.where('registrationId', '=', registrationId)
		.where('nudgedAt', 'is', null)
		.where('afterCompletedAt', 'is', null)
		.executeTakeFirst();
	return Number(claimed.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- aggregates for dashboards

/** Sums of a group of cycle rows (see split.ts for the "during" default). */
export interface CycleSums {
	registrations: number;
	beforeDone: number;
	afterDone: number;
	overdue: number;
	hoursBefore: number;
	hoursDuring: number;
	hoursAfter: number;
}

export type CycleGroupBy = 'unit' | 'activity' | 'person' | 'workplace';

/** Each unit's workplace (`unitWorkplacesQuery` of the organisation service), for `groupBy: 'workplace'`. */
export type UnitWorkplaces = SelectQueryBuilder<any, any, { unitId: number; workplaceId: number }>;

/** The programme's follow-up days (for the overdue threshold of forms without a stored due time). */
async function followupDaysOf(db: Db, programmeId: number): Promise<number> {
	const row = await db
		.selectFrom('programmes')
		.select('followupDays')
		.where('id', '=', programmeId)
		.executeTakeFirst();
	return Number(row?.followupDays ?? 0);
}

/** The registrations that count for the cycle (not cancelled or declined, session held), unselected. */
function countedRegistrations(db: Db, programmeId: number, unitIds: UnitSet | undefined) {
	if (unitIds && !Array.isArray(unitIds)) {
		// A unit subquery (a subtree: distinct ids) leads, then its people, then their
		// registrations: SQLite cannot tell the subquery is small and would otherwise walk the
		// whole programme's activities and sessions (issue 10: 3 s for a 12,000-person
		// workplace). CROSS JOIN fixes that order on SQLite; PostgreSQL plans it as inner joins.
		return db
			.selectFrom((unitIds as UnitSetQuery).as('us'))
			.crossJoin('people as pe')
			.crossJoin('registrations as r')
			.whereRef('pe.unitId', '=', sql.ref<number>('us.unitId'))
			.whereRef('r.personId', '=', 'pe.id')
			.innerJoin('sessions as s', 's.id', 'r.sessionId')
			.innerJoin('activities as a', 'a.id', 's.activityId')
			.leftJoin('cycleForms as cf', 'cf.registrationId', 'r.id')
			.where('a.programmeId', '=', programmeId)
			.where('r.status', 'not in', ['cancelled', 'declined'])
			.where('s.status', '!=', 'cancelled') as unknown as ReturnType<typeof countedRegistrationRows>;
	}
	return countedRegistrationRows(db, programmeId, unitIds);
}

function countedRegistrationRows(db: Db, programmeId: number, unitIds: readonly number[] | undefined) {
	let q = db
		.selectFrom('registrations as r')
		.innerJoin('people as pe', 'pe.id', 'r.personId')
		.innerJoin('sessions as s', 's.id', 'r.sessionId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.leftJoin('cycleForms as cf', 'cf.registrationId', 'r.id')
		.where('a.programmeId', '=', programmeId)
		.where('r.status', 'not in', ['cancelled', 'declined'])
		.where('s.status', '!=', 'cancelled');
	if (unitIds) q = q.where('pe.unitId', 'in', unitSetOperand(unitIds));
	return q;
}

type UnitSetQuery = Exclude<UnitSet, readonly number[]>;

/**
 * The programme's counted registrations walked by session end (`sessions_ends`, 0025), for the
 * overdue list's `ORDER BY s.ends_at … LIMIT`: the earliest sessions' rows come first and the
 * walk stops at the limit. A CROSS JOIN keeps the sessions first on SQLite (whose planner may
 * otherwise lead with registrations by status and sort them all); PostgreSQL plans it freely.
 */
function bySessionEnd(db: Db, programmeId: number) {
	return db
		.selectFrom('sessions as s')
		.crossJoin('registrations as r')
		.whereRef('r.sessionId', '=', 's.id')
		.innerJoin('people as pe', 'pe.id', 'r.personId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.leftJoin('cycleForms as cf', 'cf.registrationId', 'r.id')
		.where('a.programmeId', '=', programmeId)
		.where('r.status', 'not in', ['cancelled', 'declined'])
		.where('s.status', '!=', 'cancelled');
}

/**
 * Overdue (`isOverdue` in split.ts): attended, after part not done, due before `now`; the due
 * time is the stored one, else the session's end plus the follow-up days, i.e. an end before
 * `now` minus those days (the same comparison, without date arithmetic in SQL).
 */
function overdueCondition(now: string, followupDays: number) {
	const threshold = new Date(new Date(now).getTime() - followupDays * 86_400_000).toISOString();
	return sql<boolean>`(r.status = 'attended' and cf.after_completed_at is null and (
		(cf.after_due_at is not null and cf.after_due_at < ${now})
		or (cf.after_due_at is null and s.ends_at < ${threshold})))`;
}

const DURING = sql`case when cf.hours_during is not null then cf.hours_during when r.status = 'attended' then coalesce(r.hours_credited, s.hours) else 0 end`;

export type CycleSumsRow = CycleSums & { key: number | null; label: string };

const round2 = (n: unknown) => Math.round(Number(n ?? 0) * 100) / 100;

/**
 * Completion and split sums of the programme's counted registrations (optionally of people in
 * `unitIds`), in total or grouped by unit or activity, from the totals kept by the writes
 * (`cycle_totals`, migration 0025): a sum over programme × unit × activity rows. Overdue at
 * `now` = the pending after parts of the months before `now`'s (kept) plus this month's up to
 * `now` (raw rows, bounded by one month's sessions and forms). By person: `directCycleSums`.
 */
export async function cycleSums(
	db: Db,
	programmeId: number,
	options: {
		unitIds?: UnitSet;
		groupBy?: CycleGroupBy;
		/** Required for `groupBy: 'workplace'`: units without a workplace are left out. */
		workplaces?: UnitWorkplaces;
		now: string;
		paging?: { limit: number; offset: number };
	}
): Promise<CycleSumsRow[]> {
	if (options.groupBy === 'person') return directCycleSums(db, programmeId, options);
	const groupBy = options.groupBy;
	const month = options.now.slice(0, 7);
	const units = options.unitIds;
	const workplaces = groupBy === 'workplace' ? options.workplaces : undefined;
	if (groupBy === 'workplace' && !workplaces) throw new Error('cycleSums: workplaces required');
	let q = db
		.selectFrom('cycleTotals as t')
		.where('t.programmeId', '=', programmeId)
		.where((eb) => eb.or([eb('t.dueMonth', '=', ''), eb('t.dueMonth', '<', month)]));
	if (units) q = q.where('t.unitId', 'in', unitSetOperand(units));
	if (workplaces) q = q.innerJoin(workplaces.as('w'), 'w.unitId' as any, 't.unitId') as typeof q;
	const key =
		groupBy === 'unit'
			? sql<number | null>`t.unit_id`
			: groupBy === 'activity'
				? sql<number | null>`t.activity_id`
				: groupBy === 'workplace'
					? sql<number | null>`w.workplace_id`
					: sql<number | null>`null`;
	let kept = q.select([
		key.as('key'),
		sql<number>`sum(t.registrations)`.as('registrations'),
		sql<number>`sum(t.before_done)`.as('beforeDone'),
		sql<number>`sum(t.after_done)`.as('afterDone'),
		sql<number>`sum(t.pending)`.as('overdue'),
		sql<number>`sum(t.hours_before)`.as('hoursBefore'),
		sql<number>`sum(t.hours_during)`.as('hoursDuring'),
		sql<number>`sum(t.hours_after)`.as('hoursAfter')
	]);
	if (groupBy === 'unit') kept = kept.groupBy('t.unitId');
	else if (groupBy === 'activity') kept = kept.groupBy('t.activityId');
	else if (groupBy === 'workplace') kept = kept.groupBy(sql`w.workplace_id`);
	// Per activity a page at a time: by title in the database, the title read with the page
	// (a programme has thousands of activities: issue 10, 317 KB of the office's dashboard).
	const activityPage = groupBy === 'activity' ? options.paging : undefined;
	if (activityPage)
		kept = kept
			.innerJoin('activities as ac', 'ac.id', 't.activityId')
			.select(sql<string>`max(ac.title)`.as('title'))
			.having(sql`sum(t.registrations)`, '>', 0)
			.orderBy(sql`max(ac.title)`)
			.orderBy('t.activityId')
			.limit(activityPage.limit)
			.offset(activityPage.offset) as typeof kept;
	const [rows, current, labels] = await Promise.all([
		kept.execute(),
		overdueThisMonth(db, programmeId, options.now, units, groupBy, workplaces),
		groupBy === 'activity' && !activityPage
			? db.selectFrom('activities').select(['id', 'title']).where('programmeId', '=', programmeId).execute()
			: Promise.resolve([])
	]);
	const titles = new Map(labels.map((a) => [a.id, a.title]));
	if (activityPage)
		for (const r of rows as ((typeof rows)[number] & { title?: string })[])
			if (r.key !== null) titles.set(Number(r.key), String(r.title ?? ''));
	const keyOf = (k: unknown): number | null =>
		k === null || k === undefined ? null : groupBy === 'unit' && Number(k) === 0 ? null : Number(k);
	const result = rows
		.map((r) => {
			const k = keyOf(r.key);
			return {
				key: k,
				label: groupBy === 'activity' && k !== null ? (titles.get(k) ?? '') : '',
				registrations: Number(r.registrations ?? 0),
				beforeDone: Number(r.beforeDone ?? 0),
				afterDone: Number(r.afterDone ?? 0),
				overdue: Number(r.overdue ?? 0) + (current.get(k) ?? 0),
				hoursBefore: round2(r.hoursBefore),
				hoursDuring: round2(r.hoursDuring),
				hoursAfter: round2(r.hoursAfter)
			};
		})
		.filter((r) => groupBy === undefined || r.registrations > 0);
	if (groupBy === undefined && result.length === 0)
		result.push({ key: null, label: '', ...NO_CYCLE_SUMS, overdue: current.get(null) ?? 0 });
	return result;
}

/** How many activities have counted registrations (of people in `unitIds`): the total of the paged split per activity. */
export async function cycleActivityCount(
	db: Db,
	programmeId: number,
	options: { unitIds?: UnitSet } = {}
): Promise<number> {
	let q = db
		.selectFrom('cycleTotals as t')
		.where('t.programmeId', '=', programmeId)
		.where('t.dueMonth', '=', '');
	if (options.unitIds) q = q.where('t.unitId', 'in', unitSetOperand(options.unitIds));
	const groups = q
		.select('t.activityId')
		.groupBy('t.activityId')
		.having(sql`sum(t.registrations)`, '>', 0);
	const row = await db
		.selectFrom(groups.as('g'))
		.select(sql<number>`count(*)`.as('n'))
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/**
 * The kept totals of the months before `now`'s, per unit, as a query to join (`unitId`,
 * `registrations`, `afterDone`): what a list sorts by completion on (this month's overdue
 * follow-ups do not change completion). No permission check.
 */
export function keptCompletionByUnitQuery(db: Db, programmeId: number, now: string) {
	const month = now.slice(0, 7);
	return db
		.selectFrom('cycleTotals as t')
		.where('t.programmeId', '=', programmeId)
		.where((eb) => eb.or([eb('t.dueMonth', '=', ''), eb('t.dueMonth', '<', month)]))
		.select([
			't.unitId',
			sql<number>`sum(t.registrations)`.as('registrations'),
			sql<number>`sum(t.after_done)`.as('afterDone')
		])
		.groupBy('t.unitId');
}

const NO_CYCLE_SUMS: CycleSums = {
	registrations: 0,
	beforeDone: 0,
	afterDone: 0,
	overdue: 0,
	hoursBefore: 0,
	hoursDuring: 0,
	hoursAfter: 0
};

/**
 * Overdue after parts due in `now`'s UTC month before `now`, per group: the kept totals count
 * the earlier months. Two bounded reads: forms by their due time, and registrations without a
 * stored due time by their session's end (end + follow-up days in this month, before `now`).
 */
async function overdueThisMonth(
	db: Db,
	programmeId: number,
	now: string,
	unitIds: UnitSet | undefined,
	groupBy: 'unit' | 'activity' | 'workplace' | undefined,
	workplaces?: UnitWorkplaces
): Promise<Map<number | null, number>> {
	const days = await followupDaysOf(db, programmeId);
	const monthStart = `${now.slice(0, 7)}-01T00:00:00.000Z`;
	const shift = (t: string) => new Date(new Date(t).getTime() - days * 86_400_000).toISOString();
	const key =
		groupBy === 'unit'
			? sql<number | null>`pe.unit_id`
			: groupBy === 'activity'
				? sql<number | null>`a.id`
				: groupBy === 'workplace'
					? sql<number | null>`w.workplace_id`
					: sql<number | null>`null`;
	const count = sql<number>`count(*)`.as('n');
	// Forms by their due time: a CROSS JOIN keeps the forms first on SQLite (its planner may
	// otherwise lead with registrations by status); PostgreSQL plans it as an inner join.
	let stored = db
		.selectFrom('cycleForms as cf')
		.crossJoin('registrations as r')
		.whereRef('r.id', '=', 'cf.registrationId')
		.innerJoin('people as pe', 'pe.id', 'r.personId')
		.innerJoin('sessions as s', 's.id', 'r.sessionId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.where('cf.afterDueAt', '>=', monthStart)
		.where('cf.afterDueAt', '<', now)
		.where('cf.afterCompletedAt', 'is', null)
		.where('r.status', '=', 'attended')
		.where('s.status', '!=', 'cancelled')
		.where('a.programmeId', '=', programmeId)
		.select([key.as('key'), count]);
	if (unitIds) stored = stored.where('pe.unitId', 'in', unitSetOperand(unitIds));
	// Registrations without a stored due time by their session's end (the end index leads).
	let computed = countedRegistrations(db, programmeId, unitIds)
		.where('r.status', '=', 'attended')
		.where('cf.afterCompletedAt', 'is', null)
		.where('cf.afterDueAt', 'is', null)
		.where('s.endsAt', '>=', shift(monthStart))
		.where('s.endsAt', '<', shift(now))
		.select([key.as('key'), count]);
	if (groupBy === 'workplace' && workplaces) {
		stored = stored.innerJoin(workplaces.as('w'), 'w.unitId' as any, 'pe.unitId') as typeof stored;
		computed = computed.innerJoin(workplaces.as('w'), 'w.unitId' as any, 'pe.unitId') as typeof computed;
		stored = stored.groupBy(sql`w.workplace_id`);
		computed = computed.groupBy(sql`w.workplace_id`);
	} else if (groupBy === 'unit') {
		stored = stored.groupBy(sql`pe.unit_id`);
		computed = computed.groupBy(sql`pe.unit_id`);
	} else if (groupBy === 'activity') {
		stored = stored.groupBy(sql`a.id`);
		computed = computed.groupBy(sql`a.id`);
	}
	const [storedRows, computedRows] = await Promise.all([stored.execute(), computed.execute()]);
	const out = new Map<number | null, number>();
	for (const r of [...storedRows, ...computedRows]) {
		const k = r.key === null ? null : Number(r.key);
		out.set(k, (out.get(k) ?? 0) + Number(r.n));
	}
	return out;
}

/** A difference between the kept totals and the raw rows (`checkCycleTotals`). */
export interface CycleTotalsMismatch {
	unitId: number;
	activityId: number;
	dueMonth: string;
	column: string;
	stored: number;
	recomputed: number;
}

const TOTAL_FIGURES = [
	'registrations',
	'beforeDone',
	'afterDone',
	'pending',
	'hoursBefore',
	'hoursDuring',
	'hoursAfter'
] as const;

/** The programme's totals as the raw rows give them (the same buckets as the triggers). */
function recomputedTotals(db: Db, programmeId: number) {
	const d = dialect(db);
	const dueMonth = yearMonthUtc(
		d,
		sql<string>`coalesce(cf.after_due_at, ${plusDays(d, sql.ref('s.endsAt'), sql.ref('p.followupDays'))})`
	);
	const counted = countedRegistrations(db, programmeId, undefined).innerJoin(
		'programmes as p',
		'p.id',
		'a.programmeId'
	);
	const unit = sql<number>`coalesce(pe.unit_id, 0)`;
	const baseRows = counted
		.select([
			sql<number>`a.programme_id`.as('programmeId'),
			unit.as('unitId'),
			sql<number>`a.id`.as('activityId'),
			sql<string>`''`.as('dueMonth'),
			sql<number>`count(*)`.as('registrations'),
			sql<number>`sum(case when cf.before_completed_at is not null then 1 else 0 end)`.as('beforeDone'),
			sql<number>`sum(case when cf.after_completed_at is not null then 1 else 0 end)`.as('afterDone'),
			sql<number>`0`.as('pending'),
			sql<number>`coalesce(sum(cf.hours_before), 0)`.as('hoursBefore'),
			sql<number>`coalesce(sum(${DURING}), 0)`.as('hoursDuring'),
			sql<number>`coalesce(sum(cf.hours_after), 0)`.as('hoursAfter')
		])
		.groupBy([sql`a.programme_id`, unit, sql`a.id`]);
	const pendingRows = counted
		.where('r.status', '=', 'attended')
		.where('cf.afterCompletedAt', 'is', null)
		.select([
			sql<number>`a.programme_id`.as('programmeId'),
			unit.as('unitId'),
			sql<number>`a.id`.as('activityId'),
			dueMonth.as('dueMonth'),
			sql<number>`0`.as('registrations'),
			sql<number>`0`.as('beforeDone'),
			sql<number>`0`.as('afterDone'),
			sql<number>`count(*)`.as('pending'),
			sql<number>`0`.as('hoursBefore'),
			sql<number>`0`.as('hoursDuring'),
			sql<number>`0`.as('hoursAfter')
		])
		.groupBy([sql`a.programme_id`, unit, sql`a.id`, dueMonth]);
	return baseRows.unionAll(pendingRows);
}

/** Recomputes the programme's totals from the raw rows and lists every difference (zero rows equal missing ones). */
export async function checkCycleTotals(
	db: Db,
	programmeId: number
): Promise<{ rows: number; mismatches: CycleTotalsMismatch[] }> {
	const [stored, recomputed] = await Promise.all([
		db.selectFrom('cycleTotals').selectAll().where('programmeId', '=', programmeId).execute(),
		recomputedTotals(db, programmeId).execute()
	]);
	const keyOf = (r: { unitId: unknown; activityId: unknown; dueMonth: unknown }) =>
		`${Number(r.unitId)}|${Number(r.activityId)}|${String(r.dueMonth)}`;
	const byKey = new Map<string, { stored?: Record<string, unknown>; recomputed?: Record<string, unknown> }>();
	for (const r of stored) byKey.set(keyOf(r), { stored: r });
	for (const r of recomputed) byKey.set(keyOf(r), { ...byKey.get(keyOf(r)), recomputed: r });
	const mismatches: CycleTotalsMismatch[] = [];
	for (const [k, v] of byKey) {
		const [unitId, activityId, dueMonth] = k.split('|');
		for (const column of TOTAL_FIGURES) {
			const a = round2(v.stored?.[column]);
			const b = round2(v.recomputed?.[column]);
			if (Math.abs(a - b) > 0.001)
				mismatches.push({
					unitId: Number(unitId),
					activityId: Number(activityId),
					dueMonth: dueMonth ?? '',
					column,
					stored: a,
					recomputed: b
				});
		}
	}
	return { rows: recomputed.length, mismatches };
}

/** Every programme's id (the check runs over all of them). */
export async function programmeIdsForTotals(db: Db): Promise<number[]> {
	const rows = await db.selectFrom('programmes').select('id').orderBy('id').execute();
	return rows.map((r) => r.id);
}

/** Replaces the programme's totals by the ones the raw rows give (one grouped INSERT … SELECT). */
export async function rebuildCycleTotals(db: Db, programmeId: number): Promise<void> {
	await db.deleteFrom('cycleTotals').where('programmeId', '=', programmeId).execute();
	await db
		.insertInto('cycleTotals')
		.columns([
			'programmeId',
			'unitId',
			'activityId',
			'dueMonth',
			'registrations',
			'beforeDone',
			'afterDone',
			'pending',
			'hoursBefore',
			'hoursDuring',
			'hoursAfter'
		])
		.expression(db.selectFrom(recomputedTotals(db, programmeId).as('x')).selectAll())
		.execute();
}

/** Bulk loads: while paused the totals' triggers do nothing (call `rebuildCycleTotals` after). */
export async function pauseCycleTotals(db: Db, paused: boolean): Promise<void> {
	if (paused)
		await db
			.insertInto('cycleTotalsPause')
			.values({ id: 1 })
			.onConflict((oc) => oc.column('id').doNothing())
			.execute();
	else await db.deleteFrom('cycleTotalsPause').execute();
}

/**
 * Completion and split sums of the programme's counted registrations (optionally of people
 * in `unitIds`), in total or grouped by unit, activity or person (`key`, `label`), summed by
 * the database from the raw rows. Grouped by person the groups are paged by name (the kept
 * totals have no person grain); the other groupings read `cycleSums` (the totals) and this
 * is their reference (tests, `klok cycle check-totals`).
 */
export async function directCycleSums(
	db: Db,
	programmeId: number,
	options: {
		unitIds?: UnitSet;
		groupBy?: CycleGroupBy;
		now: string;
		paging?: { limit: number; offset: number };
	}
): Promise<(CycleSums & { key: number | null; label: string })[]> {
	const overdue = overdueCondition(options.now, await followupDaysOf(db, programmeId));
	const base = countedRegistrations(db, programmeId, options.unitIds);
	const key =
		options.groupBy === 'unit'
			? sql<number | null>`pe.unit_id`
			: options.groupBy === 'activity'
				? sql<number | null>`a.id`
				: options.groupBy === 'person'
					? sql<number | null>`r.person_id`
					: sql<number | null>`null`;
	const label =
		options.groupBy === 'activity'
			? sql<string>`max(a.title)`
			: options.groupBy === 'person'
				? sql<string>`max(pe.name)`
				: sql<string>`''`;
	let q = base.select([
		key.as('key'),
		label.as('label'),
		sql<number>`count(*)`.as('registrations'),
		sql<number>`sum(case when cf.before_completed_at is not null then 1 else 0 end)`.as('beforeDone'),
		sql<number>`sum(case when cf.after_completed_at is not null then 1 else 0 end)`.as('afterDone'),
		sql<number>`sum(case when ${overdue} then 1 else 0 end)`.as('overdue'),
		sql<number>`coalesce(sum(cf.hours_before), 0)`.as('hoursBefore'),
		sql<number>`coalesce(sum(${DURING}), 0)`.as('hoursDuring'),
		sql<number>`coalesce(sum(cf.hours_after), 0)`.as('hoursAfter')
	]);
	if (options.groupBy === 'unit') q = q.groupBy(sql`pe.unit_id`);
	else if (options.groupBy === 'activity') q = q.groupBy(sql`a.id`);
	else if (options.groupBy === 'person')
		q = q
			.groupBy([sql`r.person_id`, sql`pe.name`])
			.orderBy(sql`pe.name`)
			.orderBy(sql`r.person_id`);
	if (options.groupBy === 'person' && options.paging && options.unitIds)
		// The page's people are chosen first (by name, those with a counted registration) and only
		// their registrations summed: summing a 12,000-person workplace's 120,000 registrations
		// per person to keep 50 took 0.8–1.5 s.
		q = q.where('r.personId', 'in', personPage(db, programmeId, options.unitIds, options.paging));
	else if (options.paging) q = q.limit(options.paging.limit).offset(options.paging.offset);
	const rows = await q.execute();
	return rows.map((r) => ({
		key: r.key === null ? null : Number(r.key),
		label: r.label ?? '',
		registrations: Number(r.registrations),
		beforeDone: Number(r.beforeDone ?? 0),
		afterDone: Number(r.afterDone ?? 0),
		overdue: Number(r.overdue ?? 0),
		hoursBefore: Number(r.hoursBefore ?? 0),
		hoursDuring: Number(r.hoursDuring ?? 0),
		hoursAfter: Number(r.hoursAfter ?? 0)
	}));
}

/** The people of `unitIds` with a counted registration in the programme (`who`), one probe each. */
function peopleWithCountedRegistrations(db: Db, programmeId: number, unitIds: UnitSet) {
	return db
		.selectFrom('people as who')
		.where('who.unitId', 'in', unitSetOperand(unitIds))
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('registrations as r2')
					.innerJoin('sessions as s2', 's2.id', 'r2.sessionId')
					.innerJoin('activities as a2', 'a2.id', 's2.activityId')
					.select('r2.id')
					.whereRef('r2.personId', '=', 'who.id')
					.where('a2.programmeId', '=', programmeId)
					.where('r2.status', 'not in', ['cancelled', 'declined'])
					.where('s2.status', '!=', 'cancelled')
			)
		);
}

/** One page, by name, of the people of `unitIds` with a counted registration in the programme. */
function personPage(
	db: Db,
	programmeId: number,
	unitIds: UnitSet,
	paging: { limit: number; offset: number }
) {
	return peopleWithCountedRegistrations(db, programmeId, unitIds)
		.select('who.id')
		.orderBy('who.name')
		.orderBy('who.id')
		.limit(paging.limit)
		.offset(paging.offset);
}

/** How many people (of `unitIds`) have counted registrations: the number of person groups. */
export async function cyclePeopleCount(db: Db, programmeId: number, unitIds?: UnitSet): Promise<number> {
	// Of some units: one probe per person, not a distinct count over all their registrations.
	if (unitIds) {
		const people = await peopleWithCountedRegistrations(db, programmeId, unitIds)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirst();
		return Number(people?.n ?? 0);
	}
	const row = await countedRegistrations(db, programmeId, unitIds)
		.select(sql<number>`count(distinct r.person_id)`.as('n'))
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** The first `limit` overdue follow-ups (see `overdueCondition`), the earliest session end first. */
export async function overdueRows(
	db: Db,
	programmeId: number,
	options: { unitIds?: UnitSet; now: string; limit: number }
) {
	const overdue = overdueCondition(options.now, await followupDaysOf(db, programmeId));
	const rows = await (
		options.unitIds ? countedRegistrations(db, programmeId, options.unitIds) : bySessionEnd(db, programmeId)
	)
		.innerJoin('programmes as p', 'p.id', 'a.programmeId')
		.select([
			'r.id as registrationId',
			'r.personId',
			'pe.name as personName',
			's.title as sessionTitle',
			'a.title as activityTitle',
			's.endsAt',
			'cf.afterDueAt',
			'p.followupDays'
		])
		.where(overdue)
		.orderBy('s.endsAt')
		.orderBy('pe.name')
		.orderBy('r.id')
		.limit(options.limit)
		.execute();
	return rows.map((r) => ({
		registrationId: r.registrationId,
		personId: r.personId,
		personName: r.personName,
		sessionTitle: sessionName({ activityTitle: r.activityTitle, sessionTitle: r.sessionTitle }),
		endsAt: r.endsAt,
		dueAt: r.afterDueAt ?? afterDueAt(r.endsAt, Number(r.followupDays))
	}));
}

/** A person's attended registrations whose after part is not completed, oldest first (bounded). */
export async function findOpenAfterParts(db: Db, personId: number, limit: number) {
	return contextQuery(db)
		.leftJoin('cycleForms as f', 'f.registrationId', 'r.id')
		.select(['f.afterDueAt', 's.place'])
		.where('r.personId', '=', personId)
		.where('r.status', '=', 'attended')
		.where('f.afterCompletedAt', 'is', null)
		.orderBy('s.endsAt')
		.limit(limit)
		.execute();
}

/** One registration in a person's learning record (the office's view of a person). */
export interface PersonRecordRow {
	registrationId: number;
	sessionId: number;
	activityId: number;
	activityTitle: string;
	sessionTitle: string | null;
	startsAt: string;
	endsAt: string;
	place: string | null;
	onlineUrl: string | null;
	timeZone: string;
	sessionStatus: string;
	status: RegistrationStatus;
	hoursCredited: number | null;
	walkIn: boolean;
	followupDays: number;
	beforeCompletedAt: string | null;
	afterCompletedAt: string | null;
	afterDueAt: string | null;
}

/**
 * One page of a person's registrations, latest session first, with their 40-20-40 form's state
 * (read model: registrations ⋈ sessions ⋈ activities ⋈ programmes ⟕ cycle forms; by the
 * `registrations_person` index, a person has at most a few hundred).
 */
export async function findPersonRecordPage(
	db: Db,
	personId: number,
	paging: { limit: number; offset: number }
): Promise<PersonRecordRow[]> {
	const rows = await db
		.selectFrom('registrations as r')
		.innerJoin('sessions as s', 's.id', 'r.sessionId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.innerJoin('programmes as p', 'p.id', 'a.programmeId')
		.leftJoin('cycleForms as f', 'f.registrationId', 'r.id')
		.select([
			'r.id as registrationId',
			's.id as sessionId',
			'a.id as activityId',
			'a.title as activityTitle',
			's.title as sessionTitle',
			's.startsAt',
			's.endsAt',
			's.place',
			's.onlineUrl',
			'p.timeZone',
			's.status as sessionStatus',
			'r.status',
			'r.hoursCredited',
			'r.walkIn',
			'p.followupDays',
			'f.beforeCompletedAt',
			'f.afterCompletedAt',
			'f.afterDueAt'
		])
		.where('r.personId', '=', personId)
		.orderBy('s.startsAt', 'desc')
		.orderBy('r.id', 'desc')
		.limit(paging.limit)
		.offset(paging.offset)
		.execute();
	return rows.map((r) => ({
		...r,
		hoursCredited: r.hoursCredited === null ? null : Number(r.hoursCredited),
		walkIn: Number(r.walkIn) === 1,
		followupDays: Number(r.followupDays)
	}));
}

/** A person's totals over all their registrations, in one grouped statement. */
export async function personRecordTotals(
	db: Db,
	personId: number
): Promise<{ registrations: number; attended: number; hours: number }> {
	const row = await db
		.selectFrom('registrations as r')
		.select(({ fn, eb }) => [
			fn.countAll<number | string>().as('registrations'),
			fn
				.sum<number | string>(eb.case().when('r.status', '=', 'attended').then(1).else(0).end())
				.as('attended'),
			fn
				.sum<number | string>(
					eb
						.case()
						.when('r.status', '=', 'attended')
						.then(fn.coalesce('r.hoursCredited', sql<number>`0`))
						.else(sql<number>`0`)
						.end()
				)
				.as('hours')
		])
		.where('r.personId', '=', personId)
		.executeTakeFirst();
	return {
		registrations: Number(row?.registrations ?? 0),
		attended: Number(row?.attended ?? 0),
		hours: Number(row?.hours ?? 0)
	};
}
