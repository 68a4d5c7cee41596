import type { Db } from '../db/database.ts';

/**
 * The posts' part of a person's data export and erasure: posts they wrote, their comments,
 * comment notices, files uploaded and comments they hid.
 */

const authoredBy = (db: Db, personId: number) =>
	db.selectFrom('postAuthors').select('postAuthors.postId').where('postAuthors.personId', '=', personId);

/** Drafts the person is the only author of: erasure deletes these posts whole. */
const soleDraftsOf = (db: Db, personId: number) =>
	db
		.selectFrom('posts')
		.select('posts.id')
		.where('posts.id', 'in', authoredBy(db, personId))
		.where('posts.status', '=', 'draft')
		.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('postAuthors as other')
						.select('other.postId')
						.whereRef('other.postId', '=', 'posts.id')
						.where('other.personId', '!=', personId)
				)
			)
		);

export async function postsDataOf(db: Db, personId: number) {
	const [authored, created, comments, notices, files, hidden] = await Promise.all([
		db
			.selectFrom('posts')
			.select([
				'id',
				'programmeId',
				'kind',
				'title',
				'bodyHtml',
				'language',
				'status',
				'publishAt',
				'createdAt'
			])
			.where('id', 'in', authoredBy(db, personId))
			.orderBy('id')
			.execute(),
		db
			.selectFrom('posts')
			.select(['id', 'programmeId', 'title', 'createdAt'])
			.where('createdBy', '=', personId)
			.where('id', 'not in', authoredBy(db, personId))
			.orderBy('id')
			.execute(),
		db
			.selectFrom('postComments')
			.select(['id', 'postId', 'body', 'hiddenAt', 'createdAt', 'updatedAt'])
			.where('personId', '=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('postCommentNotices')
			.select(['id', 'openedAt', 'closedAt'])
			.where('personId', '=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('postFiles')
			.select(['id', 'postId', 'fileName', 'contentType', 'size', 'createdAt'])
			.where('uploadedBy', '=', personId)
			.orderBy('id')
			.execute(),
		// Another person's comment: only that and when it was hidden, not what it says.
		db
			.selectFrom('postComments')
			.select(['id', 'postId', 'hiddenAt'])
			.where('hiddenBy', '=', personId)
			.where('personId', '!=', personId)
			.orderBy('id')
			.execute()
	]);
	return {
		posts_authored: authored,
		posts_created: created,
		comments,
		comment_notices: notices,
		files_uploaded: files,
		comments_hidden: hidden
	};
}

type CountQuery = { executeTakeFirstOrThrow(): Promise<{ n: unknown }> };
const n = async (q: CountQuery) => Number((await q.executeTakeFirstOrThrow()).n);

export async function countPostRows(db: Db, personId: number) {
	const drafts = soleDraftsOf(db, personId);
	const [soleDrafts, ownPosts, authors, comments, hiddenKept, notices, files, filesKept] = await Promise.all([
		n(
			db
				.selectFrom('posts')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('id', 'in', drafts)
		),
		n(
			db
				.selectFrom('posts')
				.select((eb) => eb.fn.countAll().as('n'))
				.where((eb) => eb.or([eb('id', 'in', authoredBy(db, personId)), eb('createdBy', '=', personId)]))
		),
		n(
			db
				.selectFrom('postAuthors')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('personId', '=', personId)
		),
		n(
			db
				.selectFrom('postComments')
				.select((eb) => eb.fn.countAll().as('n'))
				.where((eb) => eb.or([eb('personId', '=', personId), eb('postId', 'in', drafts)]))
		),
		n(
			db
				.selectFrom('postComments')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('hiddenBy', '=', personId)
				.where('personId', '!=', personId)
				.where('postId', 'not in', drafts)
		),
		n(
			db
				.selectFrom('postCommentNotices')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('personId', '=', personId)
		),
		n(
			db
				.selectFrom('postFiles')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('postId', 'in', drafts)
		),
		n(
			db
				.selectFrom('postFiles')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('uploadedBy', '=', personId)
				.where('postId', 'not in', drafts)
		)
	]);
	return { soleDrafts, ownPosts, authors, comments, hiddenKept, notices, files, filesKept };
}

/** The ids of the drafts erasure deletes (one person's drafts: a handful), for the search index. */
export async function soleDraftIdsOf(db: Db, personId: number): Promise<number[]> {
	return (await soleDraftsOf(db, personId).orderBy('posts.id').execute()).map((r) => r.id);
}

/**
 * Erasure: the person's comments and notices go; their sole-authored drafts go whole (with
 * tags, files, comments); every other post stays and they leave its authors.
 */
export async function erasePostRowsOf(trx: Db, personId: number) {
	const drafts = soleDraftsOf(trx, personId);
	await trx.deleteFrom('postComments').where('personId', '=', personId).execute();
	await trx.deleteFrom('postCommentNotices').where('personId', '=', personId).execute();
	await trx.deleteFrom('postComments').where('postId', 'in', drafts).execute();
	await trx.deleteFrom('postFiles').where('postId', 'in', drafts).execute();
	await trx.deleteFrom('postTags').where('postId', 'in', drafts).execute();
	// The drafts' ids, before their author rows (which define them) go.
	const ids = await soleDraftIdsOf(trx, personId);
	await trx.deleteFrom('postAuthors').where('personId', '=', personId).execute();
	for (const id of ids) await trx.deleteFrom('posts').where('id', '=', id).execute();
	return ids;
}
