import { sql, type Kysely } from 'kysely';
import { dialect } from '../database.ts';

/**
 * The funder report's whole figures memoised (issue 12). `report_versions.sources` is a second
 * counter per programme that triggers bump, in the writing transaction, on every change the
 * report reads besides participation (which bumps `version`, 0026): goals, their overrides and
 * thresholds, snapshots; budget settings, funding, budget lines and expenses; visits; the
 * report rows and their key-question choice; tracks, unit names, the programme's row
 * (settings, name, funder); activities and sessions (counts held and cancelled); surveys and
 * their questions. Survey answers bump nothing: the reader adds the kept response counts
 * (`survey_result_counts`, kind `s`) to its key, so the submit path takes no shared row.
 * Invitations bump nothing either: sending them updates their survey's row in the same
 * transaction (which bumps), and on PostgreSQL a row trigger bumping one row per invitation
 * costs O(n²) in a transaction (100,000 invitations: 80 s, against 25 ms without).
 * Bulk-loaded tables (units, activities, sessions, visits) rest while `cycle_totals_pause`
 * (0025) has a row; the load then bumps the report version (which makes every memoised row
 * stale).
 */

interface Watched {
	table: string;
	/** The programmes a row (as `ref`) belongs to. */
	programmes: (ref: 'OLD' | 'NEW') => string;
	/** Only these columns' updates (all if absent). */
	columns?: string[];
	events?: ('insert' | 'update' | 'delete')[];
	pausable?: boolean;
}

const own = (ref: string) => `select ${ref}.programme_id`;
const viaSurvey = (ref: string) => `select s.programme_id from surveys s where s.id = ${ref}.survey_id`;

const WATCHED: Watched[] = [
	{ table: 'programmes', programmes: (r) => `select ${r}.id`, events: ['update'] },
	{ table: 'units', programmes: own, columns: ['name', 'parent_id', 'kind', 'programme_id'], pausable: true },
	{ table: 'tracks', programmes: own },
	{
		table: 'activities',
		programmes: own,
		columns: ['track_id', 'type', 'programme_id'],
		pausable: true
	},
	{
		table: 'sessions',
		programmes: (r) => `select a.programme_id from activities a where a.id = ${r}.activity_id`,
		columns: ['starts_at', 'status', 'activity_id'],
		pausable: true
	},
	{ table: 'goals', programmes: own },
	{ table: 'goal_settings', programmes: own },
	{ table: 'goal_snapshots', programmes: own },
	{ table: 'budget_settings', programmes: own },
	{ table: 'funding_sources', programmes: own },
	{ table: 'budget_lines', programmes: own },
	{ table: 'expenses', programmes: own },
	{ table: 'visits', programmes: own, pausable: true },
	{ table: 'funder_reports', programmes: own },
	{
		table: 'funder_report_key_results',
		programmes: (r) => `select f.programme_id from funder_reports f where f.id = ${r}.report_id`
	},
	{ table: 'surveys', programmes: own },
	{ table: 'survey_questions', programmes: viaSurvey }
];

const bump = (programmes: string) =>
	`update report_versions set sources = sources + 1 where programme_id in (${programmes})`;
const ACTIVE = `not exists (select 1 from cycle_totals_pause)`;

function* triggers() {
	for (const w of WATCHED)
		for (const event of w.events ?? (['insert', 'update', 'delete'] as const)) {
			const refs: ('OLD' | 'NEW')[] =
				event === 'insert' ? ['NEW'] : event === 'delete' ? ['OLD'] : ['OLD', 'NEW'];
			yield {
				w,
				event,
				name: `${w.table}_report_sources_${event}`,
				programmes: refs.map((r) => w.programmes(r)).join(' union '),
				when:
					event === 'update' && w.columns
						? w.columns.map((c) => `old.${c} is not new.${c}`).join(' or ')
						: undefined
			};
		}
}

export async function up(db: Kysely<any>): Promise<void> {
	const pg = dialect(db) === 'postgres';
	await sql`alter table report_versions add column sources bigint not null default 1`.execute(db);
	for (const t of triggers()) {
		// Deletes bump before the row goes, while the joins to its parents still find them.
		const timing = t.event === 'delete' ? 'before' : 'after';
		const on = t.event === 'update' && t.w.columns ? `update of ${t.w.columns.join(', ')}` : t.event;
		if (pg) {
			const when = t.when?.replaceAll(' is not ', ' is distinct from ');
			await sql
				.raw(
					`create function ${t.name}() returns trigger language plpgsql as $$ begin
					${t.w.pausable ? `if ${ACTIVE} then ${bump(t.programmes)}; end if` : bump(t.programmes)};
					return ${t.event === 'delete' ? 'old' : 'null'}; end $$`
				)
				.execute(db);
			await sql
				.raw(
					`create trigger ${t.name} ${timing} ${on} on ${t.w.table} for each row
					${when ? `when (${when})` : ''} execute function ${t.name}()`
				)
				.execute(db);
		} else {
			const when = [t.when && `(${t.when})`, t.w.pausable && ACTIVE].filter(Boolean).join(' and ');
			await sql
				.raw(
					`create trigger ${t.name} ${timing} ${on} on ${t.w.table} ${when ? `when ${when}` : ''}
					begin ${bump(t.programmes)}; end`
				)
				.execute(db);
		}
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	const pg = dialect(db) === 'postgres';
	for (const t of triggers()) {
		if (pg) {
			await sql.raw(`drop trigger if exists ${t.name} on ${t.w.table}`).execute(db);
			await sql.raw(`drop function if exists ${t.name}()`).execute(db);
		} else await sql.raw(`drop trigger if exists ${t.name}`).execute(db);
	}
	await sql`alter table report_versions drop column sources`.execute(db);
}
