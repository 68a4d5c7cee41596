import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration';
import type { Kysely } from 'kysely';
import { refreshPlannerStatistics } from './sql.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_catalogue.ts';
import * as m0003 from './migrations/0003_learning.ts';
import * as m0004 from './migrations/0004_surveys.ts';
import * as m0005 from './migrations/0005_sign_in_backoff.ts';
import * as m0006 from './migrations/0006_min_group_size.ts';
import * as m0007 from './migrations/0007_mask_outbox_secrets.ts';
import * as m0008 from './migrations/0008_drop_login_attempts.ts';
import * as m0009 from './migrations/0009_query_indexes.ts';
import * as m0010 from './migrations/0010_outbox_worker.ts';
import * as m0012 from './migrations/0012_survey_results.ts';
import * as m0014 from './migrations/0014_course_evaluation_names.ts';
import * as m0015 from './migrations/0015_coverage_snapshots.ts';
import * as m0020 from './migrations/0020_privacy.ts';
import * as m0021 from './migrations/0021_xapi_badges.ts';
import * as m0022 from './migrations/0022_goal_attachments.ts';
import * as m0025 from './migrations/0025_cycle_totals.ts';
import * as m0026 from './migrations/0026_report_cache.ts';
import * as m0027 from './migrations/0027_funder_report_key_results.ts';
import * as m0028 from './migrations/0028_dashboard_indexes.ts';
import * as m0029 from './migrations/0029_funder_report_sources.ts';
import * as m0030 from './migrations/0030_posts_listing_index.ts';
import * as m0031 from './migrations/0031_funder_report_sources.ts';
import * as m0016 from './migrations/0016_goals.ts';
import * as m0017 from './migrations/0017_budget_visits_reports.ts';
import * as m0018 from './migrations/0018_posts_search.ts';
import * as m0019 from './migrations/0019_community.ts';
import * as m0024 from './migrations/0024_walk_ins.ts';

/**
 * Migrations are listed here rather than read from disk so they travel inside the server
 * bundle. Names sort in the order they run; a migration is frozen once merged.
 */
const migrations: Record<string, Migration> = {
	'0001_foundation': m0001,
	'0002_catalogue': m0002,
	'0003_learning': m0003,
	'0004_surveys': m0004,
	'0005_sign_in_backoff': m0005,
	'0006_min_group_size': m0006,
	'0007_mask_outbox_secrets': m0007,
	'0008_drop_login_attempts': m0008,
	'0009_query_indexes': m0009,
	'0010_outbox_worker': m0010,
	'0012_survey_results': m0012,
	'0014_course_evaluation_names': m0014,
	'0015_coverage_snapshots': m0015,
	'0016_goals': m0016,
	'0017_budget_visits_reports': m0017,
	'0020_privacy': m0020,
	'0021_xapi_badges': m0021,
	'0018_posts_search': m0018,
	'0019_community': m0019,
	'0022_goal_attachments': m0022,
	'0025_cycle_totals': m0025,
	'0024_walk_ins': m0024,
	'0026_report_cache': m0026,
	'0027_funder_report_key_results': m0027,
	'0028_dashboard_indexes': m0028,
	'0029_funder_report_sources': m0029,
	'0030_posts_listing_index': m0030,
	'0031_funder_report_sources': m0031
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Migrations are written in parallel on branches (0027–0030 landed in one day, 0030 first on some
 * databases), and each stands on its own (a table, an index, triggers of its own): a database
 * that has run a later one still takes an earlier one that arrives after it.
 */
const migrator = (db: Kysely<any>) => new Migrator({ db, provider, allowUnorderedMigrations: true });

/** Brings the schema to the latest version; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
	const result = checked(await migrator(db).migrateToLatest());
	await refreshPlannerStatistics(db);
	return result;
}

/** Migrates up or down to the named migration (tests of a migration's data changes). */
export async function migrateTo(db: Kysely<any>, name: string): Promise<MigrationResultSet> {
	return checked(await migrator(db).migrateTo(name));
}

function checked(result: MigrationResultSet): MigrationResultSet {
	if (result.error) {
		const failed = result.results?.find((r) => r.status === 'Error');
		throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, {
			cause: result.error
		});
	}
	return result;
}
