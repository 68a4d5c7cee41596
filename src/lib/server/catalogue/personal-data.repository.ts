import type { Db } from '../db/database.ts';

/** The catalogue's part of a person's data export and erasure: interest and sessions trained. */

export async function catalogueDataOf(db: Db, personId: number) {
	const [interests, trained, created, uploaded] = await Promise.all([
		db
			.selectFrom('activityInterests')
			.select(['id', 'activityId', 'comment', 'createdAt'])
			.where('personId', '=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('sessionTrainers')
			.select('sessionId')
			.where('personId', '=', personId)
			.orderBy('sessionId')
			.execute(),
		db
			.selectFrom('activities')
			.select(['id', 'title', 'createdAt'])
			.where('createdBy', '=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('activityMaterials')
			.select(['id', 'activityId', 'fileName', 'createdAt'])
			.where('uploadedBy', '=', personId)
			.orderBy('id')
			.execute()
	]);
	return { interests, sessions_trained: trained, activities_created: created, materials_uploaded: uploaded };
}

export async function countCatalogueRows(db: Db, personId: number) {
	const [interests, trained] = await Promise.all([
		db
			.selectFrom('activityInterests')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('personId', '=', personId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('sessionTrainers')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('personId', '=', personId)
			.executeTakeFirstOrThrow()
	]);
	return { interests: Number(interests.n), trained: Number(trained.n) };
}

/** Interest stays counted; the comment the person wrote goes. */
export async function eraseCatalogueTexts(trx: Db, personId: number) {
	await trx
		.updateTable('activityInterests')
		.set({ comment: null })
		.where('personId', '=', personId)
		.execute();
}
