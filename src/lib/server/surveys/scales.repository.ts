import type { Db } from '../db/database.ts';

/** Scale queries (`survey_scales`). No permission checks here: the services decide who may call them. */

export async function builtInScaleRows(db: Db) {
	return db
		.selectFrom('surveyScales')
		.select(['id', 'code'])
		.where('programmeId', 'is', null)
		.orderBy('id')
		.execute();
}

export async function findBuiltInScaleId(db: Db, code: string): Promise<number | undefined> {
	const row = await db
		.selectFrom('surveyScales')
		.select('id')
		.where('programmeId', 'is', null)
		.where('code', '=', code)
		.executeTakeFirst();
	return row?.id;
}

export async function insertBuiltInScale(
	db: Db,
	values: { code: string; nameJson: string; optionsJson: string }
): Promise<number> {
	const row = await db
		.insertInto('surveyScales')
		.values({ programmeId: null, ...values })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function scaleRows(db: Db, ids: readonly number[]) {
	if (ids.length === 0) return [];
	return db
		.selectFrom('surveyScales')
		.selectAll()
		.where('id', 'in', [...ids])
		.execute();
}

/** A scale's id and owner (null: built in), or undefined. */
export async function findScaleOwner(db: Db, id: number) {
	return db.selectFrom('surveyScales').select(['id', 'programmeId']).where('id', '=', id).executeTakeFirst();
}

/** Built-in scales and the programme's own, built-in first. */
export async function programmeScaleRows(db: Db, programmeId: number) {
	return db
		.selectFrom('surveyScales')
		.selectAll()
		.where((eb) => eb.or([eb('programmeId', 'is', null), eb('programmeId', '=', programmeId)]))
		.orderBy('programmeId', 'desc')
		.orderBy('id')
		.execute()
		.then((rows) => rows.sort((a, b) => (a.programmeId === null ? 0 : 1) - (b.programmeId === null ? 0 : 1)));
}

export async function programmeScaleCount(db: Db, programmeId: number): Promise<number> {
	const row = await db
		.selectFrom('surveyScales')
		.select((eb) => eb.fn.countAll<number | string>().as('n'))
		.where('programmeId', '=', programmeId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function programmeScaleCodeTaken(db: Db, programmeId: number, code: string): Promise<boolean> {
	const row = await db
		.selectFrom('surveyScales')
		.select('id')
		.where('programmeId', '=', programmeId)
		.where('code', '=', code)
		.executeTakeFirst();
	return row !== undefined;
}

export async function insertScale(
	db: Db,
	values: { programmeId: number; code: string; nameJson: string; optionsJson: string }
) {
	return db.insertInto('surveyScales').values(values).returningAll().executeTakeFirstOrThrow();
}
