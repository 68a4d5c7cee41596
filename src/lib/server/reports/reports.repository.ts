import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * The reporting read model: aggregates over attended registrations (the facts behind
 * participation hours), joining registrations, sessions, activities and people. Reports own
 * no table; these grouped reads are the one documented place where another module reads
 * those tables, and they never write them. Programmes, units and tracks come through their
 * owners' services (organisation, catalogue). Reports own `report_versions` and `report_cache`
 * (migration 0026): computed aggregates memoised by the programme's data version.
 *
 * Every figure is one grouped query; group keys that need the organisation tree or the programme's
 * calendar months are computed once in code and passed in as a CASE expression, so the
 * database still does the grouping (no query per row). No permission logic here.
 */

/** Which attended registrations count: a programme, optional period (UTC instants on session start), track, people's units. */
export interface FactFilter {
	programmeId: number;
	/** Inclusive lower bound on `sessions.starts_at` (UTC ISO). */
	startsFrom?: string | undefined;
	/** Exclusive upper bound on `sessions.starts_at` (UTC ISO). */
	startsBefore?: string | undefined;
	trackId?: number | undefined;
	/** People whose unit is one of these (the chosen unit and its descendants). */
	unitIds?: readonly number[] | undefined;
}

/** The attended registrations matching the filter, joined to session, activity and person. */
function facts(db: Db, f: FactFilter) {
	let q = db
		.selectFrom('registrations as r')
		.innerJoin('sessions as s', 's.id', 'r.sessionId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.innerJoin('people as p', 'p.id', 'r.personId')
		.where('r.status', '=', 'attended')
		.where('a.programmeId', '=', f.programmeId);
	if (f.startsFrom !== undefined) q = q.where('s.startsAt', '>=', f.startsFrom);
	if (f.startsBefore !== undefined) q = q.where('s.startsAt', '<', f.startsBefore);
	if (f.trackId !== undefined) q = q.where('a.trackId', '=', f.trackId);
	if (f.unitIds !== undefined) {
		// An empty unit set matches nobody (rather than everybody).
		q = f.unitIds.length > 0 ? q.where('p.unitId', 'in', [...f.unitIds]) : q.where(sql<boolean>`1 = 0`);
	}
	return q;
}

/** Figures for one group (or the total). */
export interface Aggregate {
	participants: number;
	hours: number;
	attendances: number;
	sessions: number;
}

export interface GroupAggregate extends Aggregate {
	/** The group's key as the database returned it (null: no value). */
	key: string | number | null;
}

/** Hours are decimals with two places; sums of SQLite reals are rounded back to them. */
const round2 = (n: unknown) => Math.round(Number(n ?? 0) * 100) / 100;

/**
 * Aggregates per value of `key` (an SQL expression over r, s, a, p). The key is computed in a
 * derived table so its parameters appear once, which PostgreSQL's GROUP BY requires.
 */
export async function aggregateBy(
	db: Db,
	f: FactFilter,
	key: RawBuilder<unknown>
): Promise<GroupAggregate[]> {
	const inner = facts(db, f)
		.select([key.as('groupKey'), 'r.personId', 'r.hoursCredited', 'r.sessionId'])
		.as('f');
	const rows = await db
		.selectFrom(inner)
		.select(({ fn }) => [
			'f.groupKey',
			fn.count<number>('f.personId').distinct().as('participants'),
			fn.sum<number>('f.hoursCredited').as('hours'),
			fn.countAll<number>().as('attendances'),
			fn.count<number>('f.sessionId').distinct().as('sessions')
		])
		.groupBy('f.groupKey')
		.execute();
	return rows.map((r) => ({
		key: r.groupKey as string | number | null,
		participants: Number(r.participants),
		hours: round2(r.hours),
		attendances: Number(r.attendances),
		sessions: Number(r.sessions)
	}));
}

/** Totals over every matching attended registration (unique participants counted once). */
export async function aggregateTotal(db: Db, f: FactFilter): Promise<Aggregate> {
	const row = await facts(db, f)
		.select(({ fn }) => [
			fn.count<number>('r.personId').distinct().as('participants'),
			fn.sum<number>('r.hoursCredited').as('hours'),
			fn.countAll<number>().as('attendances'),
			fn.count<number>('r.sessionId').distinct().as('sessions')
		])
		.executeTakeFirstOrThrow();
	return {
		participants: Number(row.participants),
		hours: round2(row.hours),
		attendances: Number(row.attendances),
		sessions: Number(row.sessions)
	};
}

/** The sessions with at least one matching attendance (for course days and calendar months). */
export async function attendedSessions(
	db: Db,
	f: FactFilter
): Promise<{ id: number; startsAt: string; endsAt: string }[]> {
	return facts(db, f)
		.select(['s.id', 's.startsAt', 's.endsAt'])
		.groupBy(['s.id', 's.startsAt', 's.endsAt'])
		.orderBy('s.startsAt')
		.execute();
}

// ------------------------------------------------------------------ group keys

const ref = (column: string) => sql.ref(column);

/** `case when p.unit_id in (…) then <group> … end`: people's units mapped to a group id. */
export function unitGroupKey(groups: Map<number, number[]>): RawBuilder<unknown> {
	if (groups.size === 0) return sql`cast(null as integer)`;
	const whens = [...groups].map(
		([groupId, unitIds]) => sql`when ${ref('p.unitId')} in (${sql.join(unitIds)}) then ${groupId}`
	);
	return sql`case ${sql.join(whens, sql` `)} else null end`;
}

/**
 * `case when s.starts_at < <start of next month> then 'YYYY-MM' … end`: sessions mapped to
 * calendar months in the programme's time zone. `months` is sorted, each with its first instant.
 */
export function monthGroupKey(months: { month: string; startsAt: string }[]): RawBuilder<unknown> {
	if (months.length === 0) return sql`cast(null as text)`;
	const whens = months
		.slice(1)
		.map((next, i) => sql`when ${ref('s.startsAt')} < ${next.startsAt} then ${months[i]!.month}`);
	const last = months[months.length - 1]!.month;
	return whens.length === 0
		? sql`cast(${last} as text)`
		: sql`case ${sql.join(whens, sql` `)} else ${last} end`;
}

export const trackKey = () => sql`${ref('a.trackId')}`;
export const jobCategoryKey = () => sql`${ref('p.jobCategory')}`;
/** A missing gender and an explicit "not stated" are one group. */
export const genderKey = () => sql`coalesce(${ref('p.gender')}, 'not_stated')`;

// ------------------------------------------------------------------ for goals (issue 12)

/** Distinct activities (optionally of a type, or among given ones) with at least one matching attendance. */
export async function attendedActivityCount(
	db: Db,
	f: FactFilter,
	only: { activityType?: string | undefined; activityIds?: readonly number[] | undefined }
): Promise<number> {
	let q = facts(db, f);
	if (only.activityType !== undefined) q = q.where('a.type', '=', only.activityType as never);
	if (only.activityIds !== undefined)
		q =
			only.activityIds.length > 0
				? q.where('a.id', 'in', [...only.activityIds])
				: q.where(sql<boolean>`1 = 0`);
	const row = await q
		.select(({ fn }) => fn.count<number>('a.id').distinct().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Distinct attendees who are not staff of the programme (another programme's, or none). */
export async function outsideParticipantCount(db: Db, f: FactFilter): Promise<number> {
	const row = await facts(db, f)
		.where((eb) => eb.or([eb('p.programmeId', 'is', null), eb('p.programmeId', '<>', f.programmeId)]))
		.select(({ fn }) => fn.count<number>('r.personId').distinct().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

// ------------------------------------------------------------------ co-financing (budget)

/** Co-financing figures: attended hours × the person's hourly cost (major units) → minor units. */
export interface CoFinancingAggregate {
	/** Σ hours × hourly cost, in minor units of the programme's currency. */
	amount: number;
	/** Attended hours of people with an hourly cost. */
	costedHours: number;
	/** Attended hours of people without one (not counted in `amount`). */
	uncostedHours: number;
}

const toMinor = (major: unknown) => Math.round(Number(major ?? 0) * 100);

/** Co-financing over the matching attended registrations, optionally per group key. */
export async function coFinancingBy(
	db: Db,
	f: FactFilter,
	key: RawBuilder<unknown> = sql`cast(null as integer)`
): Promise<(CoFinancingAggregate & { key: string | number | null })[]> {
	const inner = facts(db, f)
		.select([key.as('groupKey'), 'r.hoursCredited', 'p.hourlyCost'])
		.as('f');
	const rows = await db
		.selectFrom(inner)
		.select(({ fn }) => [
			'f.groupKey',
			fn.sum<number>(sql`f.hours_credited * f.hourly_cost`).as('amount'),
			fn.sum<number>(sql`case when f.hourly_cost is null then 0 else f.hours_credited end`).as('costed'),
			fn.sum<number>(sql`case when f.hourly_cost is null then f.hours_credited else 0 end`).as('uncosted')
		])
		.groupBy('f.groupKey')
		.execute();
	return rows.map((r) => ({
		key: r.groupKey as string | number | null,
		amount: toMinor(r.amount),
		costedHours: round2(r.costed),
		uncostedHours: round2(r.uncosted)
	}));
}

/** Co-financing per person, largest first, one page (the office's view). */
export async function coFinancingPerPerson(
	db: Db,
	f: FactFilter,
	page: { limit: number; offset: number }
): Promise<{ personId: number; name: string; hourlyCost: number | null; hours: number; amount: number }[]> {
	const rows = await facts(db, f)
		.select(({ fn }) => [
			'p.id as personId',
			'p.name',
			'p.hourlyCost',
			fn.sum<number>('r.hoursCredited').as('hours'),
			fn.sum<number>(sql`r.hours_credited * p.hourly_cost`).as('amount')
		])
		.groupBy(['p.id', 'p.name', 'p.hourlyCost'])
		.orderBy(sql`sum(r.hours_credited * coalesce(p.hourly_cost, 0))`, 'desc')
		.orderBy('p.id')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
	return rows.map((r) => ({
		personId: r.personId,
		name: r.name,
		hourlyCost: r.hourlyCost === null ? null : Number(r.hourlyCost),
		hours: round2(r.hours),
		amount: toMinor(r.amount)
	}));
}

// ------------------------------------------------------------------ memoised figures (0026)

/** Cached rows kept per programme (the newest by computation time). */
export const REPORT_CACHE_CAP = 200;

/** The programme's report data version; creates its row (version 1) when there is none yet. */
export async function reportVersion(db: Db, programmeId: number): Promise<number> {
	const read = () =>
		db
			.selectFrom('reportVersions')
			.select('version')
			.where('programmeId', '=', programmeId)
			.executeTakeFirst();
	let row = await read();
	if (!row) {
		await db
			.insertInto('reportVersions')
			.values({ programmeId, version: 1 })
			.onConflict((oc) => oc.column('programmeId').doNothing())
			.execute();
		row = await read();
	}
	return Number(row?.version ?? 0);
}

/** The programme's report data version and its other sources' counter (0031), in one read. */
export async function reportStamp(
	db: Db,
	programmeId: number
): Promise<{ version: number; sources: number }> {
	const read = () =>
		db
			.selectFrom('reportVersions')
			.select(['version', 'sources'])
			.where('programmeId', '=', programmeId)
			.executeTakeFirst();
	let row = await read();
	if (!row) {
		await reportVersion(db, programmeId);
		row = await read();
	}
	return { version: Number(row?.version ?? 0), sources: Number(row?.sources ?? 0) };
}

/** A new data version for the programme (after a bulk load that paused the triggers). */
export async function bumpReportVersion(db: Db, programmeId: number): Promise<void> {
	await db
		.updateTable('reportVersions')
		.set({ version: sql<number>`version + 1` })
		.where('programmeId', '=', programmeId)
		.execute();
}

/** The cached body of `key` if it was computed at `version`. */
export async function cachedFigures(
	db: Db,
	programmeId: number,
	key: string,
	version: number
): Promise<string | undefined> {
	const row = await db
		.selectFrom('reportCache')
		.select(['version', 'body'])
		.where('programmeId', '=', programmeId)
		.where('key', '=', key)
		.executeTakeFirst();
	return row && Number(row.version) === version ? row.body : undefined;
}

/**
 * Stores `body` for `key` at `version` (never over a row of a newer version: concurrent writers
 * of the same key leave the newest), then drops the programme's rows of older versions and
 * keeps at most `REPORT_CACHE_CAP` rows. Each is one statement on its own: one transaction
 * around them deadlocks on PostgreSQL when two keys of a programme are stored at once (each
 * holding its new row while deleting the other's old one). The pruning is housekeeping: if it
 * fails (a concurrent prune), the next write prunes; the computed figures are still returned.
 */
export async function storeFigures(
	db: Db,
	programmeId: number,
	key: string,
	version: number,
	body: string,
	computedAt: string
): Promise<void> {
	await db
		.insertInto('reportCache')
		.values({ programmeId, key, version, computedAt, body })
		.onConflict((oc) =>
			oc
				.columns(['programmeId', 'key'])
				.doUpdateSet({ version, computedAt, body })
				.where('reportCache.version', '<=', version)
		)
		.execute();
	try {
		await db
			.deleteFrom('reportCache')
			.where('programmeId', '=', programmeId)
			.where('version', '<', version)
			.execute();
		const count = await db
			.selectFrom('reportCache')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('programmeId', '=', programmeId)
			.executeTakeFirstOrThrow();
		const excess = Number(count.n) - REPORT_CACHE_CAP;
		if (excess > 0)
			await db
				.deleteFrom('reportCache')
				.where('programmeId', '=', programmeId)
				.where('key', 'in', (eb) =>
					eb
						.selectFrom('reportCache')
						.select('key')
						.where('programmeId', '=', programmeId)
						.orderBy('computedAt')
						.orderBy('key')
						.limit(excess)
				)
				.execute();
	} catch (e) {
		if (db.isTransaction) throw e;
		console.warn(`report cache: pruning programme ${programmeId} failed: ${String(e)}`);
	}
}
