import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the filters, joins and counts the pages use at programme scale (100,000 people):
 * plan children by plan, the people lists and counts by programme / job category / unit and
 * active state, managers by unit, workplace goals by plan, processes by goal, planned
 * activities by session, outbox by programme and time.
 */
const INDEXES: { name: string; table: string; columns: string[] }[] = [
	{ name: 'individual_goals_plan', table: 'individual_goals', columns: ['individual_plan_id'] },
	{ name: 'individual_goals_workplace_goal', table: 'individual_goals', columns: ['workplace_goal_id'] },
	{ name: 'planned_activities_plan', table: 'planned_activities', columns: ['individual_plan_id'] },
	{ name: 'planned_activities_session', table: 'planned_activities', columns: ['session_id'] },
	{
		name: 'individual_plans_person_period',
		table: 'individual_plans',
		columns: ['person_id', 'period_start', 'period_end']
	},
	// The /people list by job category and status, in name order (no sort, no scan by name).
	{
		name: 'people_programme_job',
		table: 'people',
		columns: ['programme_id', 'job_category', 'deactivated_at', 'name']
	},
	{
		name: 'people_programme_active_unit',
		table: 'people',
		columns: ['programme_id', 'deactivated_at', 'unit_id']
	},
	{ name: 'people_unit_active', table: 'people', columns: ['unit_id', 'deactivated_at'] },
	{
		name: 'role_assignments_programme_role',
		table: 'role_assignments',
		columns: ['programme_id', 'role', 'unit_id']
	},
	{ name: 'workplace_goals_plan', table: 'workplace_goals', columns: ['workplace_plan_id'] },
	{ name: 'workplace_plans_unit', table: 'workplace_plans', columns: ['unit_id', 'period_start'] },
	{ name: 'process_goals_goal', table: 'process_goals', columns: ['workplace_goal_id'] },
	{ name: 'registrations_status_session', table: 'registrations', columns: ['status', 'session_id'] },
	{ name: 'outbox_programme_created', table: 'outbox', columns: ['programme_id', 'created_at'] }
];

export async function up(db: Kysely<any>): Promise<void> {
	for (const ix of INDEXES)
		await db.schema.createIndex(ix.name).ifNotExists().on(ix.table).columns(ix.columns).execute();
	// Deactivated people are few: a partial index lists them by name without scanning everyone.
	await db.schema
		.createIndex('people_deactivated_name')
		.ifNotExists()
		.on('people')
		.columns(['programme_id', 'name'])
		.where(sql.ref('deactivated_at'), 'is not', null)
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('people_deactivated_name').ifExists().execute();
	for (const ix of [...INDEXES].reverse()) await db.schema.dropIndex(ix.name).ifExists().execute();
}
