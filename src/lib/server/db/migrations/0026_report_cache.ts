import { sql, type Kysely } from 'kysely';
import { dialect } from '../database.ts';
import { columnTypes } from './helpers.ts';

/**
 * Memoised report figures (owner: reports). `report_versions` holds one data version per
 * programme that triggers bump, in the writing transaction, on every change that can alter a
 * participation figure; `report_cache` keeps computed aggregates (never per-person rows) by
 * programme and key with the version they were computed at: a row at an older version is stale.
 *
 * What bumps (one conditional UPDATE of the programme's row per changed row):
 * - registrations entering or leaving 'attended', or attended ones whose hours, session or
 *   person change (NOT other status changes: the registration rush leaves the row alone);
 * - sessions' start, end, status, hours or activity, and their deletion;
 * - activities' track, type or programme, and their deletion;
 * - people's unit, gender, job category, hourly cost, deactivation or programme, and their
 *   deletion (every programme the person attended in);
 * - units' parent, kind or programme, and their deletion; a programme's time zone.
 * Rows are created by this migration for existing programmes and by the reader for new ones.
 * The registrations' triggers rest while `cycle_totals_pause` (0025) has a row, as the kept
 * 40-20-40 totals' do: a bulk load (the national demo's million registrations in one
 * transaction) would otherwise update one row a million times; it bumps once after.
 */

type Table = 'registrations' | 'sessions' | 'activities' | 'people' | 'units' | 'programmes';

/** The programmes whose figures a row of `table` (as `ref`: OLD or NEW) feeds. */
function programmesOf(table: Table, ref: 'OLD' | 'NEW'): string {
	switch (table) {
		case 'registrations':
			return `select a.programme_id from sessions s join activities a on a.id = s.activity_id where s.id = ${ref}.session_id`;
		case 'sessions':
			return `select a.programme_id from activities a where a.id = ${ref}.activity_id`;
		case 'activities':
		case 'units':
			return `select ${ref}.programme_id`;
		case 'people':
			return `select a.programme_id from registrations r join sessions s on s.id = r.session_id
				join activities a on a.id = s.activity_id where r.person_id = ${ref}.id and r.status = 'attended'`;
		case 'programmes':
			return `select ${ref}.id`;
	}
}

const bump = (programmes: string) =>
	`update report_versions set version = version + 1 where programme_id in (${programmes})`;

interface Trigger {
	table: Table;
	event: 'insert' | 'update' | 'delete';
	columns?: string[];
	/** The condition on OLD/NEW (SQLite syntax; `is not` becomes `is distinct from` on PostgreSQL). */
	when?: string;
	refs: ('OLD' | 'NEW')[];
	/** Rests while `cycle_totals_pause` has a row (bulk loads). */
	pausable?: boolean;
}

const changed = (columns: string[]) => columns.map((c) => `old.${c} is not new.${c}`).join(' or ');

const REG = ['status', 'hours_credited', 'session_id', 'person_id'];
const SESSION = ['starts_at', 'ends_at', 'status', 'hours', 'activity_id'];
const ACTIVITY = ['track_id', 'type', 'programme_id'];
const PERSON = ['unit_id', 'gender', 'job_category', 'hourly_cost', 'deactivated_at', 'programme_id'];
const UNIT = ['parent_id', 'kind', 'programme_id'];

const TRIGGERS: Trigger[] = [
	{ table: 'registrations', event: 'insert', when: `new.status = 'attended'`, refs: ['NEW'], pausable: true },
	{
		table: 'registrations',
		event: 'update',
		columns: REG,
		when: `(old.status = 'attended') <> (new.status = 'attended') or (new.status = 'attended' and (${changed(REG.slice(1))}))`,
		refs: ['OLD', 'NEW'],
		pausable: true
	},
	{ table: 'registrations', event: 'delete', when: `old.status = 'attended'`, refs: ['OLD'], pausable: true },
	{ table: 'sessions', event: 'update', columns: SESSION, when: changed(SESSION), refs: ['OLD', 'NEW'] },
	{ table: 'sessions', event: 'delete', refs: ['OLD'] },
	{ table: 'activities', event: 'update', columns: ACTIVITY, when: changed(ACTIVITY), refs: ['OLD', 'NEW'] },
	{ table: 'activities', event: 'delete', refs: ['OLD'] },
	{ table: 'people', event: 'update', columns: PERSON, when: changed(PERSON), refs: ['NEW'] },
	{ table: 'people', event: 'delete', refs: ['OLD'] },
	{ table: 'units', event: 'update', columns: UNIT, when: changed(UNIT), refs: ['OLD', 'NEW'] },
	{ table: 'units', event: 'delete', refs: ['OLD'] },
	{
		table: 'programmes',
		event: 'update',
		columns: ['time_zone'],
		when: changed(['time_zone']),
		refs: ['NEW']
	}
];

const triggerName = (t: Trigger) => `${t.table}_report_version_${t.event}`;
const ACTIVE = `not exists (select 1 from cycle_totals_pause)`;

export async function up(db: Kysely<any>): Promise<void> {
	const pg = dialect(db) === 'postgres';
	const types = columnTypes(db);
	await db.schema
		.createTable('report_versions')
		.addColumn('programme_id', 'integer', (c) =>
			c.primaryKey().references('programmes.id').onDelete('cascade')
		)
		.addColumn('version', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('report_cache')
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('version', 'bigint', (c) => c.notNull())
		.addColumn('computed_at', types.timestamp, (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('report_cache_pk', ['programme_id', 'key'])
		.execute();
	await sql`insert into report_versions (programme_id, version) select id, 1 from programmes`.execute(db);

	for (const t of TRIGGERS) {
		const name = triggerName(t);
		const programmes = t.refs.map((r) => programmesOf(t.table, r)).join(' union ');
		// Deletes bump before the row goes, while the joins to its parents still find them.
		const timing = t.event === 'delete' ? 'before' : 'after';
		const on = t.columns ? `update of ${t.columns.join(', ')}` : t.event;
		if (pg) {
			const when = t.when?.replaceAll(' is not ', ' is distinct from ');
			await sql
				.raw(
					`create function ${name}() returns trigger language plpgsql as $$ begin
					${t.pausable ? `if ${ACTIVE} then ${bump(programmes)}; end if` : bump(programmes)};
					return ${t.event === 'delete' ? 'old' : 'null'}; end $$`
				)
				.execute(db);
			await sql
				.raw(
					`create trigger ${name} ${timing} ${on} on ${t.table} for each row
					${when ? `when (${when})` : ''} execute function ${name}()`
				)
				.execute(db);
		} else {
			const when = [t.when && `(${t.when})`, t.pausable && ACTIVE].filter(Boolean).join(' and ');
			await sql
				.raw(
					`create trigger ${name} ${timing} ${on} on ${t.table} ${when ? `when ${when}` : ''}
					begin ${bump(programmes)}; end`
				)
				.execute(db);
		}
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	const pg = dialect(db) === 'postgres';
	for (const t of TRIGGERS) {
		const name = triggerName(t);
		if (pg) {
			await sql.raw(`drop trigger if exists ${name} on ${t.table}`).execute(db);
			await sql.raw(`drop function if exists ${name}()`).execute(db);
		} else await sql.raw(`drop trigger if exists ${name}`).execute(db);
	}
	await db.schema.dropTable('report_cache').ifExists().execute();
	await db.schema.dropTable('report_versions').ifExists().execute();
}
