import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { WorkplaceSort } from './dashboards.schema.ts';

/**
 * The office's workplace table in one statement: the dashboards own no table, so this only
 * composes the query builders the owners' services export (organisation: workplaces and each
 * unit's workplace; processes: coverage snapshot and process counts per unit; cycle: kept
 * completion per unit), folds the per-unit rows into workplaces, sorts, filters and pages in
 * the database. Nothing per unit or per person is loaded.
 */

type Q<T> = SelectQueryBuilder<any, any, T>;

export interface WorkplaceSources {
	/** The workplaces to list (`id`, `name`), already filtered by name. */
	workplaces: Q<{ id: number; name: string }>;
	unitWorkplaces: Q<{ unitId: number; workplaceId: number }>;
	coverage: Q<{
		unitId: number | null;
		people: number;
		withPlan: number;
		none: number;
		unmatched: number;
		covered: number;
	}>;
	processes: Q<{ unitId: number; total: number; planned: number; running: number; finished: number }>;
	completion: Q<{ unitId: number; registrations: number; afterDone: number }>;
}

export interface WorkplaceFigures {
	id: number;
	name: string;
	people: number;
	withPlan: number;
	none: number;
	unmatched: number;
	covered: number;
	processes: number;
	planned: number;
	running: number;
	finished: number;
}

/** Per-unit rows of `rows` summed per workplace (`sums`: the columns to add up). */
function perWorkplace(db: Db, rows: Q<any>, unitWorkplaces: Q<any>, sums: readonly string[]): Q<any> {
	return db
		.selectFrom(rows.as('x'))
		.innerJoin(unitWorkplaces.as('uw'), 'uw.unitId', 'x.unitId')
		.select(['uw.workplaceId', ...sums.map((c) => sql<number>`sum(${sql.ref(`x.${c}`)})`.as(c))] as any)
		.groupBy('uw.workplaceId') as Q<any>;
}

/** One page of workplaces with their figures, and how many workplaces match. */
export async function workplacePage(
	db: Db,
	src: WorkplaceSources,
	options: { sort: WorkplaceSort; desc: boolean; limit: number; offset: number }
): Promise<{ rows: WorkplaceFigures[]; total: number }> {
	const cov = perWorkplace(db, src.coverage, src.unitWorkplaces, [
		'people',
		'withPlan',
		'none',
		'unmatched',
		'covered'
	]);
	const pro = perWorkplace(db, src.processes, src.unitWorkplaces, [
		'total',
		'planned',
		'running',
		'finished'
	]);
	const cmp = perWorkplace(db, src.completion, src.unitWorkplaces, ['registrations', 'afterDone']);
	// Shares as 1.0 * part / whole; a workplace with nothing to share sorts as -1 on both
	// databases (SQLite and PostgreSQL place NULLs at opposite ends).
	const ref = (column: string) => sql.ref(column);
	const key = {
		name: ref('w.name'),
		people: sql`coalesce(${ref('c.people')}, 0)`,
		coverage: sql`coalesce(1.0 * ${ref('c.covered')} / nullif(${ref('c.people')}, 0), -1)`,
		completion: sql`coalesce(1.0 * ${ref('k.afterDone')} / nullif(${ref('k.registrations')}, 0), -1)`
	}[options.sort];
	const dir = options.desc ? sql`desc` : sql`asc`;
	let page = db
		.selectFrom(src.workplaces.as('w'))
		.leftJoin(cov.as('c'), 'c.workplaceId', 'w.id')
		.leftJoin(pro.as('p'), 'p.workplaceId', 'w.id');
	// The kept completion is read only to sort by it (the figures shown come from cycleSums).
	if (options.sort === 'completion')
		page = page.leftJoin(cmp.as('k'), 'k.workplaceId', 'w.id') as typeof page;
	const [rows, count] = await Promise.all([
		page
			.select([
				'w.id',
				'w.name',
				sql<number>`coalesce(${ref('c.people')}, 0)`.as('people'),
				sql<number>`coalesce(${ref('c.withPlan')}, 0)`.as('withPlan'),
				sql<number>`coalesce(${ref('c.none')}, 0)`.as('none'),
				sql<number>`coalesce(${ref('c.unmatched')}, 0)`.as('unmatched'),
				sql<number>`coalesce(${ref('c.covered')}, 0)`.as('covered'),
				sql<number>`coalesce(${ref('p.total')}, 0)`.as('processes'),
				sql<number>`coalesce(${ref('p.planned')}, 0)`.as('planned'),
				sql<number>`coalesce(${ref('p.running')}, 0)`.as('running'),
				sql<number>`coalesce(${ref('p.finished')}, 0)`.as('finished')
			] as any)
			.orderBy(sql`${key} ${dir}`)
			.orderBy('w.name')
			.orderBy('w.id')
			.limit(options.limit)
			.offset(options.offset)
			.execute() as Promise<Record<string, unknown>[]>,
		db
			.selectFrom(src.workplaces.as('w'))
			.select(sql<number>`count(*)`.as('n'))
			.executeTakeFirst()
	]);
	return {
		total: Number(count?.n ?? 0),
		rows: rows.map((r) => ({
			id: Number(r.id),
			name: String(r.name),
			people: Number(r.people),
			withPlan: Number(r.withPlan),
			none: Number(r.none),
			unmatched: Number(r.unmatched),
			covered: Number(r.covered),
			processes: Number(r.processes),
			planned: Number(r.planned),
			running: Number(r.running),
			finished: Number(r.finished)
		}))
	};
}
