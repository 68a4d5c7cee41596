import { sql, type Kysely } from 'kysely';
import { dialect } from '../database.ts';
import { analyzeTables } from '../sql.ts';

/**
 * 40-20-40 totals kept by the writes (owner: cycle), so the dashboards and the programme page
 * sum a few hundred rows instead of a million registrations. One row per programme × person's
 * unit (0: none) × activity × `due_month`:
 * - `due_month = ''`: the counted registrations (not cancelled or declined, session not
 *   cancelled), forms begun and finished, and the before / during / after hours (as
 *   `cycle.repository.ts` `cycleSums` counts them);
 * - `due_month = 'YYYY-MM'`: `pending`, the attended registrations whose after part is not
 *   finished, by the UTC month their after part falls due (the form's `after_due_at`, else the
 *   session's end plus the programme's follow-up days). Overdue at `now` = the pending of
 *   earlier months plus the current month's counted from the raw rows (bounded by a month).
 *
 * Triggers keep it in the writing transaction, on both dialects, by one grouped upsert per
 * bucket kind that subtracts the old contribution and adds the new one (`x = x + excluded.x`:
 * never read-then-write). They fire on registrations, cycle forms, sessions (status, hours,
 * end, activity), people (unit) and programmes (follow-up days); deletes subtract before the
 * row goes (a cascade then finds nothing left to subtract). While `cycle_totals_pause` has a
 * row the triggers do nothing: the national demo inserts a million rows that way, inside its
 * transaction, and then fills the totals with one grouped INSERT … SELECT.
 *
 * Also indexes for the overdue figures and list: forms by due time, sessions by end.
 */

/** The trigger's row before or after; NONE: a registration without a form (a form's insert, delete). */
type Ref = 'OLD' | 'NEW' | 'NONE';
type Source = 'registrations' | 'cycle_forms' | 'sessions' | 'people' | 'programmes' | 'activities';

/** One contribution row per affected registration, signed, with every column the buckets need. */
function contribution(table: Source, ref: Ref, sign: 1 | -1): string {
	if (ref === 'NONE') return formless(sign);
	const R = table === 'registrations' ? ref : 'r';
	const C = table === 'cycle_forms' ? ref : 'cf';
	const S = table === 'sessions' ? ref : 's';
	const U = table === 'people' ? ref : 'pe';
	const P = table === 'programmes' ? ref : 'p';
	const cols = `a.programme_id as programme_id, coalesce(${U}.unit_id, 0) as unit_id, a.id as activity_id,
		${R}.status as status, ${S}.status as s_status, ${R}.hours_credited as hours_credited,
		${S}.hours as s_hours, ${S}.ends_at as ends_at, ${P}.followup_days as followup_days,
		${C}.before_completed_at as before_completed_at, ${C}.after_completed_at as after_completed_at,
		${C}.after_due_at as after_due_at, ${C}.hours_before as hours_before,
		${C}.hours_during as hours_during, ${C}.hours_after as hours_after, ${sign} as sign`;
	const programme = table === 'programmes' ? '' : 'join programmes p on p.id = a.programme_id';
	const person = table === 'people' ? '' : `join people pe on pe.id = ${R}.person_id`;
	const form = table === 'cycle_forms' ? '' : `left join cycle_forms cf on cf.registration_id = ${R}.id`;
	switch (table) {
		case 'registrations':
			return `select ${cols} from sessions s join activities a on a.id = s.activity_id ${programme}
				${person} ${form} where s.id = ${ref}.session_id`;
		case 'cycle_forms':
			return `select ${cols} from registrations r join sessions s on s.id = r.session_id
				join activities a on a.id = s.activity_id ${programme} ${person} where r.id = ${ref}.registration_id`;
		case 'sessions':
			return `select ${cols} from registrations r join activities a on a.id = ${ref}.activity_id
				${programme} ${person} ${form} where r.session_id = ${ref}.id`;
		case 'people':
			return `select ${cols} from registrations r join sessions s on s.id = r.session_id
				join activities a on a.id = s.activity_id ${programme} ${form} where r.person_id = ${ref}.id`;
		case 'programmes':
			return `select ${cols} from activities a join sessions s on s.activity_id = a.id
				join registrations r on r.session_id = s.id ${person} ${form} where a.programme_id = ${ref}.id`;
		case 'activities':
			return `select ${cols} from (select ${ref}.id as id, ${ref}.programme_id as programme_id) a
				join sessions s on s.activity_id = a.id join registrations r on r.session_id = s.id
				${programme} ${person} ${form}`;
	}
}

/** A form's insert or delete: its registration as it counts without a form. */
function formless(sign: 1 | -1): string {
	const ref = sign === 1 ? 'OLD' : 'NEW';
	return `select a.programme_id as programme_id, coalesce(pe.unit_id, 0) as unit_id, a.id as activity_id,
		r.status as status, s.status as s_status, r.hours_credited as hours_credited,
		s.hours as s_hours, s.ends_at as ends_at, p.followup_days as followup_days,
		null as before_completed_at, null as after_completed_at, null as after_due_at,
		null as hours_before, null as hours_during, null as hours_after, ${sign} as sign
		from registrations r join sessions s on s.id = r.session_id join activities a on a.id = s.activity_id
		join programmes p on p.id = a.programme_id join people pe on pe.id = r.person_id
		where r.id = ${ref}.registration_id`;
}

const COUNTED = `x.status not in ('cancelled', 'declined') and x.s_status <> 'cancelled'`;
const DURING = `case when x.hours_during is not null then x.hours_during when x.status = 'attended' then coalesce(x.hours_credited, x.s_hours) else 0 end`;
const TOTAL_COLUMNS = `programme_id, unit_id, activity_id, due_month, registrations, before_done, after_done, pending, hours_before, hours_during, hours_after`;
const ADD = `on conflict (programme_id, unit_id, activity_id, due_month) do update set
	registrations = cycle_totals.registrations + excluded.registrations,
	before_done = cycle_totals.before_done + excluded.before_done,
	after_done = cycle_totals.after_done + excluded.after_done,
	pending = cycle_totals.pending + excluded.pending,
	hours_before = cycle_totals.hours_before + excluded.hours_before,
	hours_during = cycle_totals.hours_during + excluded.hours_during,
	hours_after = cycle_totals.hours_after + excluded.hours_after`;

/** `YYYY-MM` (UTC) of the after part's due time of contribution row `x`. */
function dueMonth(pg: boolean): string {
	return pg
		? `to_char(coalesce(x.after_due_at, x.ends_at + x.followup_days * interval '1 day') at time zone 'UTC', 'YYYY-MM')`
		: `substr(coalesce(x.after_due_at, strftime('%Y-%m-%dT%H:%M:%fZ', x.ends_at, '+' || x.followup_days || ' days')), 1, 7)`;
}

/** The two grouped upserts (base bucket, pending bucket) over the contribution rows `rows`. */
function upserts(pg: boolean, rows: string): string[] {
	return [
		`insert into cycle_totals (${TOTAL_COLUMNS})
		select x.programme_id, x.unit_id, x.activity_id, '', sum(x.sign),
			sum(case when x.before_completed_at is not null then x.sign else 0 end),
			sum(case when x.after_completed_at is not null then x.sign else 0 end), 0,
			sum(x.sign * coalesce(x.hours_before, 0)), sum(x.sign * (${DURING})),
			sum(x.sign * coalesce(x.hours_after, 0))
		from (${rows}) x where ${COUNTED} group by x.programme_id, x.unit_id, x.activity_id ${ADD}`,
		`insert into cycle_totals (${TOTAL_COLUMNS})
		select x.programme_id, x.unit_id, x.activity_id, ${dueMonth(pg)}, 0, 0, 0, sum(x.sign), 0, 0, 0
		from (${rows}) x where ${COUNTED} and x.status = 'attended' and x.after_completed_at is null
		group by x.programme_id, x.unit_id, x.activity_id, ${dueMonth(pg)} ${ADD}`
	];
}

/** The columns whose change moves a registration between buckets, per watched table. */
const WATCHED: Record<Source, string[]> = {
	registrations: ['status', 'hours_credited', 'session_id', 'person_id'],
	cycle_forms: [
		'before_completed_at',
		'after_completed_at',
		'after_due_at',
		'hours_before',
		'hours_during',
		'hours_after',
		'registration_id'
	],
	sessions: ['status', 'hours', 'ends_at', 'activity_id'],
	people: ['unit_id'],
	programmes: ['followup_days'],
	activities: ['programme_id']
};
/** Tables whose inserts can add a contribution (a new session, person or programme has none yet). */
const INSERTS: Source[] = ['registrations', 'cycle_forms'];
/**
 * Deletes subtract before the row goes, so a cascade below finds nothing left to subtract. A
 * deleted programme's rows are left (nothing reads a programme that is gone; no FK, since the
 * cascade's triggers would write rows for it while it goes).
 */
const DELETES: Source[] = ['registrations', 'cycle_forms', 'sessions', 'people', 'activities'];

const ACTIVE = `not exists (select 1 from cycle_totals_pause)`;

export async function up(db: Kysely<any>): Promise<void> {
	const pg = dialect(db) === 'postgres';
	await db.schema
		.createTable('cycle_totals')
		.addColumn('programme_id', 'integer', (c) => c.notNull())
		.addColumn('unit_id', 'integer', (c) => c.notNull())
		.addColumn('activity_id', 'integer', (c) => c.notNull())
		.addColumn('due_month', 'text', (c) => c.notNull())
		.addColumn('registrations', 'integer', (c) => c.notNull())
		.addColumn('before_done', 'integer', (c) => c.notNull())
		.addColumn('after_done', 'integer', (c) => c.notNull())
		.addColumn('pending', 'integer', (c) => c.notNull())
		.addColumn('hours_before', pg ? 'numeric(14, 2)' : 'real', (c) => c.notNull())
		.addColumn('hours_during', pg ? 'numeric(14, 2)' : 'real', (c) => c.notNull())
		.addColumn('hours_after', pg ? 'numeric(14, 2)' : 'real', (c) => c.notNull())
		.addPrimaryKeyConstraint('cycle_totals_pk', ['programme_id', 'unit_id', 'activity_id', 'due_month'])
		.execute();
	await db.schema
		.createTable('cycle_totals_pause')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.execute();

	// Overdue this month (forms by due time; sessions by end) and the overdue list's order.
	await db.schema.createIndex('cycle_forms_after_due').on('cycle_forms').column('after_due_at').execute();
	await db.schema.createIndex('sessions_ends').on('sessions').columns(['ends_at', 'id']).execute();

	for (const table of Object.keys(WATCHED) as Source[]) {
		const changed = WATCHED[table].map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
		const onUpdate = upserts(
			pg,
			`${contribution(table, 'OLD', -1)} union all ${contribution(table, 'NEW', 1)}`
		);
		// A form's insert or delete moves its registration from or to "no form".
		const form = table === 'cycle_forms';
		const onInsert = upserts(
			pg,
			form
				? `${contribution(table, 'NONE', -1)} union all ${contribution(table, 'NEW', 1)}`
				: contribution(table, 'NEW', 1)
		);
		const onDelete = upserts(
			pg,
			form
				? `${contribution(table, 'OLD', -1)} union all ${contribution(table, 'NONE', 1)}`
				: contribution(table, 'OLD', -1)
		);
		if (pg) {
			const fn = (name: string, body: string, ret: string) =>
				sql
					.raw(
						`create function ${name}() returns trigger language plpgsql as $$ begin
						if ${ACTIVE} then ${body} end if; return ${ret}; end $$`
					)
					.execute(db);
			await fn(`cycle_totals_${table}_update`, onUpdate.map((s) => s + ';').join('\n'), 'null');
			await sql
				.raw(
					`create trigger ${table}_cycle_totals_update after update of ${WATCHED[table].join(', ')}
					on ${table} for each row when (${changed}) execute function cycle_totals_${table}_update()`
				)
				.execute(db);
			if (INSERTS.includes(table)) {
				await fn(`cycle_totals_${table}_insert`, onInsert.map((s) => s + ';').join('\n'), 'null');
				await sql
					.raw(
						`create trigger ${table}_cycle_totals_insert after insert on ${table}
						for each row execute function cycle_totals_${table}_insert()`
					)
					.execute(db);
			}
			if (DELETES.includes(table)) {
				await fn(`cycle_totals_${table}_delete`, onDelete.map((s) => s + ';').join('\n'), 'old');
				await sql
					.raw(
						`create trigger ${table}_cycle_totals_delete before delete on ${table}
						for each row execute function cycle_totals_${table}_delete()`
					)
					.execute(db);
			}
		} else {
			const sqliteChanged = WATCHED[table].map((c) => `old.${c} is not new.${c}`).join(' or ');
			const trigger = (name: string, event: string, when: string, body: string[]) =>
				sql
					.raw(
						`create trigger ${name} ${event} on ${table} when ${when} begin
						${body.map((s) => s + ';').join('\n')} end`
					)
					.execute(db);
			await trigger(
				`${table}_cycle_totals_update`,
				`after update of ${WATCHED[table].join(', ')}`,
				`(${sqliteChanged}) and ${ACTIVE}`,
				onUpdate
			);
			if (INSERTS.includes(table))
				await trigger(`${table}_cycle_totals_insert`, 'after insert', ACTIVE, onInsert);
			if (DELETES.includes(table))
				await trigger(`${table}_cycle_totals_delete`, 'before delete', ACTIVE, onDelete);
		}
	}

	// Fill from what is there: every registration once, grouped; then sound planner statistics.
	await fillCycleTotals(db, pg);
	await analyzeTables(db, ['registrations', 'cycle_forms', 'cycle_totals', 'sessions']);
}

/** The totals recomputed from the raw rows of every programme (the migration's one fill). */
async function fillCycleTotals(db: Kysely<any>, pg: boolean): Promise<void> {
	const rows = `select a.programme_id as programme_id, coalesce(pe.unit_id, 0) as unit_id, a.id as activity_id,
		r.status as status, s.status as s_status, r.hours_credited as hours_credited, s.hours as s_hours,
		s.ends_at as ends_at, p.followup_days as followup_days, cf.before_completed_at as before_completed_at,
		cf.after_completed_at as after_completed_at, cf.after_due_at as after_due_at,
		cf.hours_before as hours_before, cf.hours_during as hours_during, cf.hours_after as hours_after, 1 as sign
		from registrations r join sessions s on s.id = r.session_id join activities a on a.id = s.activity_id
		join programmes p on p.id = a.programme_id join people pe on pe.id = r.person_id
		left join cycle_forms cf on cf.registration_id = r.id`;
	for (const statement of upserts(pg, rows)) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	const pg = dialect(db) === 'postgres';
	for (const table of Object.keys(WATCHED) as Source[])
		for (const event of ['update', 'insert', 'delete']) {
			if (pg) {
				await sql.raw(`drop trigger if exists ${table}_cycle_totals_${event} on ${table}`).execute(db);
				await sql.raw(`drop function if exists cycle_totals_${table}_${event}()`).execute(db);
			} else await sql.raw(`drop trigger if exists ${table}_cycle_totals_${event}`).execute(db);
		}
	await db.schema.dropIndex('sessions_ends').ifExists().execute();
	await db.schema.dropIndex('cycle_forms_after_due').ifExists().execute();
	await db.schema.dropTable('cycle_totals_pause').ifExists().execute();
	await db.schema.dropTable('cycle_totals').ifExists().execute();
}
