import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import { dialect, type Db } from '../db/database.ts';
import type { Database, PostAudience, PostKind, PostTable } from '../db/schema.ts';
import { nowIso, yearMonthUtc } from '../db/sql.ts';

/** Queries of posts, their subjects, files, comments and comment notices (owner: posts). */

type Executor = Db | Kysely<Database>;

// ---- settings and vocabulary

export async function findSettings(db: Executor, programmeId: number) {
	return db.selectFrom('postSettings').selectAll().where('programmeId', '=', programmeId).executeTakeFirst();
}

export async function upsertSettings(
	db: Executor,
	programmeId: number,
	values: { managersMayWrite: number; participantsMayWrite: number }
): Promise<void> {
	const row = { programmeId, ...values, updatedAt: nowIso() };
	await db
		.insertInto('postSettings')
		.values(row)
		.onConflict((oc) => oc.column('programmeId').doUpdateSet({ ...values, updatedAt: row.updatedAt }))
		.execute();
}

export async function findSubjects(db: Executor, programmeId: number) {
	return db
		.selectFrom('postSubjects')
		.select(['id', 'slug', 'name'])
		.where('programmeId', '=', programmeId)
		.orderBy('name')
		.limit(500)
		.execute();
}

export async function findSubjectBySlug(db: Executor, programmeId: number, slug: string) {
	return db
		.selectFrom('postSubjects')
		.select(['id', 'slug', 'name'])
		.where('programmeId', '=', programmeId)
		.where('slug', '=', slug)
		.executeTakeFirst();
}

/** The subjects of these slugs (at most 20, from one post's input). */
export async function findSubjectsBySlugs(db: Executor, programmeId: number, slugs: readonly string[]) {
	if (slugs.length === 0) return [];
	return db
		.selectFrom('postSubjects')
		.select(['id', 'slug', 'name'])
		.where('programmeId', '=', programmeId)
		.where('slug', 'in', slugs)
		.execute();
}

export async function insertSubject(db: Executor, programmeId: number, slug: string, name: string) {
	return db
		.insertInto('postSubjects')
		.values({ programmeId, slug, name })
		.onConflict((oc) => oc.columns(['programmeId', 'slug']).doNothing())
		.returning(['id', 'slug', 'name'])
		.executeTakeFirst();
}

// ---- posts

export async function insertPost(db: Executor, values: Insertable<PostTable>) {
	return db.insertInto('posts').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updatePostRow(db: Executor, id: number, values: Updateable<PostTable>) {
	return db
		.updateTable('posts')
		.set({ ...values, updatedAt: nowIso() })
		.where('id', '=', id)
		.returningAll()
		.executeTakeFirstOrThrow();
}

export async function deletePostRow(db: Executor, id: number): Promise<void> {
	await db.deleteFrom('posts').where('id', '=', id).execute();
}

export async function findPost(db: Executor, id: number) {
	return db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
}

export type PostRow = NonNullable<Awaited<ReturnType<typeof findPost>>>;

export async function setAuthors(db: Executor, postId: number, personIds: readonly number[]): Promise<void> {
	await db.deleteFrom('postAuthors').where('postId', '=', postId).execute();
	if (personIds.length)
		await db
			.insertInto('postAuthors')
			.values(personIds.map((personId) => ({ postId, personId })))
			.execute();
}

/** Adds one author; false when they already are one. */
export async function insertAuthor(db: Executor, postId: number, personId: number): Promise<boolean> {
	const r = await db
		.insertInto('postAuthors')
		.values({ postId, personId })
		.onConflict((oc) => oc.columns(['postId', 'personId']).doNothing())
		.executeTakeFirst();
	return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes one author; false when they were none. */
export async function deleteAuthor(db: Executor, postId: number, personId: number): Promise<boolean> {
	const r = await db
		.deleteFrom('postAuthors')
		.where('postId', '=', postId)
		.where('personId', '=', personId)
		.executeTakeFirst();
	return Number(r.numDeletedRows) > 0;
}

export async function setTags(db: Executor, postId: number, subjectIds: readonly number[]): Promise<void> {
	await db.deleteFrom('postTags').where('postId', '=', postId).execute();
	if (subjectIds.length)
		await db
			.insertInto('postTags')
			.values(subjectIds.map((subjectId) => ({ postId, subjectId })))
			.execute();
}

export async function authorsOf(db: Executor, postId: number) {
	return db
		.selectFrom('postAuthors as a')
		.innerJoin('people as p', 'p.id', 'a.personId')
		.select(['p.id', 'p.name', 'p.email'])
		.where('a.postId', '=', postId)
		.orderBy('p.name')
		.execute();
}

export async function subjectsOf(db: Executor, postId: number) {
	return db
		.selectFrom('postTags as t')
		.innerJoin('postSubjects as s', 's.id', 't.subjectId')
		.select(['s.id', 's.slug', 's.name'])
		.where('t.postId', '=', postId)
		.orderBy('s.name')
		.execute();
}

/** Which posts a list shows: the visible ones of the audiences, plus drafts and scheduled ones of a scope. */
export interface PostFilter {
	programmeId: number;
	audiences: readonly PostAudience[];
	/** The office: every draft and scheduled post too. */
	allDrafts: boolean;
	/** Also this person's own drafts and scheduled posts. */
	authorId: number | null;
	/** Only what everyone in the audience sees (the archive, feed, neighbours). */
	visibleOnly?: boolean;
	kind?: PostKind | undefined;
	trackId?: number | undefined;
	subjectId?: number | undefined;
	/** `[from, to)` on `publishAt`. */
	from?: string | undefined;
	to?: string | undefined;
}

function filtered(db: Executor, f: PostFilter, now: string) {
	let q = db.selectFrom('posts as p').where('p.programmeId', '=', f.programmeId);
	q = q.where((eb) => {
		const visible = eb.and([
			eb('p.status', '=', 'published'),
			eb('p.publishAt', '<=', now),
			eb('p.audience', 'in', [...f.audiences])
		]);
		if (f.visibleOnly) return visible;
		if (f.allDrafts) return eb.or([visible, eb('p.status', '=', 'draft'), eb('p.publishAt', '>', now)]);
		if (f.authorId !== null)
			return eb.or([
				visible,
				eb.exists(
					eb
						.selectFrom('postAuthors as pa')
						.select('pa.postId')
						.whereRef('pa.postId', '=', 'p.id')
						.where('pa.personId', '=', f.authorId)
				)
			]);
		return visible;
	});
	if (f.kind) q = q.where('p.kind', '=', f.kind);
	if (f.trackId) q = q.where('p.trackId', '=', f.trackId);
	if (f.subjectId)
		q = q.where((eb) =>
			eb.exists(
				eb
					.selectFrom('postTags as t')
					.select('t.postId')
					.whereRef('t.postId', '=', 'p.id')
					.where('t.subjectId', '=', f.subjectId!)
			)
		);
	if (f.from) q = q.where('p.publishAt', '>=', f.from);
	if (f.to) q = q.where('p.publishAt', '<', f.to);
	return q;
}

/** One page of posts, newest first (drafts, without a date, first), and the count. */
export async function findPostPage(db: Executor, f: PostFilter, limit: number, offset: number) {
	const now = nowIso();
	// Newest first (drafts, without a date, first). The page's ids are chosen from the index
	// alone, and only those rows are read with their bodies: sorting every matching post with
	// its body to keep 20 cost 15 ms at 20,000 posts.
	const pageIds = filtered(db, f, now)
		.select('p.id')
		.orderBy(sql`case when p.publish_at is null then 0 else 1 end`)
		.orderBy('p.publishAt', 'desc')
		.orderBy('p.id', 'desc')
		.limit(limit)
		.offset(offset);
	const [rows, total] = await Promise.all([
		db
			.selectFrom('posts as p')
			.where('p.id', 'in', pageIds)
			.orderBy(sql`case when p.publish_at is null then 0 else 1 end`)
			.orderBy('p.publishAt', 'desc')
			.orderBy('p.id', 'desc')
			.leftJoin('tracks as tr', 'tr.id', 'p.trackId')
			.select([
				'p.id',
				'p.kind',
				'p.title',
				'p.bodyHtml',
				'p.language',
				'p.status',
				'p.publishAt',
				'p.audience',
				'p.trackId',
				'tr.name as trackName'
			])
			.execute(),
		filtered(db, f, now)
			.select((eb) => eb.fn.countAll().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(total.n) };
}

/** Visible posts per `YYYY-MM`, newest month first (the archive's index). */
export async function countByMonth(db: Executor, f: PostFilter) {
	const ym = yearMonthUtc(dialect(db), sql.ref('p.publishAt'));
	const rows = await filtered(db, { ...f, visibleOnly: true }, nowIso())
		.select([ym.as('month'), (eb) => eb.fn.countAll().as('n')])
		.groupBy(ym)
		.orderBy(ym, 'desc')
		.limit(600)
		.execute();
	return rows.map((r) => ({ month: String(r.month), count: Number(r.n) }));
}

/** Visible posts per subject (the subject index). */
export async function countBySubject(db: Executor, f: PostFilter) {
	const now = nowIso();
	return db
		.selectFrom('postSubjects as s')
		.leftJoin('postTags as t', 't.subjectId', 's.id')
		.leftJoin('posts as p', (j) =>
			j
				.onRef('p.id', '=', 't.postId')
				.on('p.status', '=', 'published')
				.on('p.publishAt', '<=', now)
				.on('p.audience', 'in', [...f.audiences])
		)
		.select(['s.slug', 's.name', (eb) => eb.fn.count('p.id').as('n')])
		.where('s.programmeId', '=', f.programmeId)
		.groupBy(['s.id', 's.slug', 's.name'])
		.orderBy('s.name')
		.limit(500)
		.execute();
}

/** The visible posts just before and after one, in publishing order. */
export async function neighbours(db: Executor, f: PostFilter, publishAt: string, id: number) {
	const now = nowIso();
	const base = () => filtered(db, { ...f, visibleOnly: true }, now).select(['p.id', 'p.title']);
	const [previous, next] = await Promise.all([
		base()
			.where((eb) =>
				eb.or([
					eb('p.publishAt', '<', publishAt),
					eb.and([eb('p.publishAt', '=', publishAt), eb('p.id', '<', id)])
				])
			)
			.orderBy('p.publishAt', 'desc')
			.orderBy('p.id', 'desc')
			.limit(1)
			.executeTakeFirst(),
		base()
			.where((eb) =>
				eb.or([
					eb('p.publishAt', '>', publishAt),
					eb.and([eb('p.publishAt', '=', publishAt), eb('p.id', '>', id)])
				])
			)
			.orderBy('p.publishAt', 'asc')
			.orderBy('p.id', 'asc')
			.limit(1)
			.executeTakeFirst()
	]);
	return { previous: previous ?? null, next: next ?? null };
}

// ---- files

export async function insertFile(
	db: Executor,
	values: {
		postId: number;
		fileName: string;
		contentType: string;
		size: number;
		content: Buffer;
		uploadedBy: number;
	}
) {
	return db
		.insertInto('postFiles')
		.values(values)
		.returning(['id', 'fileName', 'contentType', 'size'])
		.executeTakeFirstOrThrow();
}

export async function findFile(db: Executor, id: number) {
	return db.selectFrom('postFiles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function filesOf(db: Executor, postId: number) {
	return db
		.selectFrom('postFiles')
		.select(['id', 'fileName', 'contentType', 'size'])
		.where('postId', '=', postId)
		.orderBy('id')
		.limit(200)
		.execute();
}

// ---- comments

export async function insertComment(db: Executor, postId: number, personId: number, body: string) {
	return db
		.insertInto('postComments')
		.values({ postId, personId, body, updatedAt: nowIso() })
		.returningAll()
		.executeTakeFirstOrThrow();
}

export async function findComment(db: Executor, id: number) {
	return db.selectFrom('postComments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateComment(
	db: Executor,
	id: number,
	values: { body?: string; hiddenAt?: string | null; hiddenBy?: number | null }
) {
	await db
		.updateTable('postComments')
		.set({ ...values, updatedAt: nowIso() })
		.where('id', '=', id)
		.execute();
}

export async function deleteComment(db: Executor, id: number): Promise<void> {
	await db.deleteFrom('postComments').where('id', '=', id).execute();
}

/** A page of a post's comments, oldest first; hidden ones only for moderators. */
export async function commentPage(
	db: Executor,
	postId: number,
	withHidden: boolean,
	limit: number,
	offset: number
) {
	let q = db.selectFrom('postComments as c').where('c.postId', '=', postId);
	if (!withHidden) q = q.where('c.hiddenAt', 'is', null);
	const [rows, total] = await Promise.all([
		q
			.innerJoin('people as pe', 'pe.id', 'c.personId')
			.select([
				'c.id',
				'c.personId',
				'pe.name as authorName',
				'c.body',
				'c.hiddenAt',
				'c.createdAt',
				'c.updatedAt'
			])
			.orderBy('c.createdAt')
			.orderBy('c.id')
			.limit(limit)
			.offset(offset)
			.execute(),
		q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(total.n) };
}

// ---- comment notices (batched mail)

/** Opens a notice for the person unless one is open; the new notice's id, or undefined. */
export async function openNotice(
	db: Executor,
	personId: number,
	openedAt: string
): Promise<number | undefined> {
	const row = await db
		.insertInto('postCommentNotices')
		.values({ personId, openedAt })
		.onConflict((oc) => oc.column('personId').where('closedAt', 'is', null).doNothing())
		.returning('id')
		.executeTakeFirst();
	return row?.id;
}

/** Closes a notice at the first render (later retries keep the same window). */
export async function closeNotice(db: Executor, id: number) {
	await db
		.updateTable('postCommentNotices')
		.set({ closedAt: nowIso() })
		.where('id', '=', id)
		.where('closedAt', 'is', null)
		.execute();
	return db.selectFrom('postCommentNotices').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Comments by others on the person's posts made within the notice's window (at most 50). */
export async function commentsInWindow(db: Executor, personId: number, from: string, to: string) {
	return db
		.selectFrom('postComments as c')
		.innerJoin('postAuthors as a', 'a.postId', 'c.postId')
		.innerJoin('posts as p', 'p.id', 'c.postId')
		.innerJoin('people as pe', 'pe.id', 'c.personId')
		.select(['c.id', 'c.postId', 'p.title', 'p.programmeId', 'p.language', 'pe.name as authorName', 'c.body'])
		.where('a.personId', '=', personId)
		.where('c.personId', '!=', personId)
		.where('c.hiddenAt', 'is', null)
		.where('c.createdAt', '>=', from)
		.where('c.createdAt', '<=', to)
		.orderBy('c.createdAt')
		.limit(50)
		.execute();
}

/** The post's authors other than `exceptId` (who get a comment notice). */
export async function otherAuthorIds(db: Executor, postId: number, exceptId: number): Promise<number[]> {
	const rows = await db
		.selectFrom('postAuthors')
		.select('personId')
		.where('postId', '=', postId)
		.where('personId', '!=', exceptId)
		.execute();
	return rows.map((r) => r.personId);
}

export async function personContact(db: Executor, personId: number) {
	return db
		.selectFrom('people')
		.select(['id', 'name', 'email', 'locale', 'deactivatedAt', 'programmeId'])
		.where('id', '=', personId)
		.executeTakeFirst();
}

/** People of the programme among these ids (co-authors of one post, at most 20). */
export async function peopleInProgramme(db: Executor, programmeId: number, ids: readonly number[]) {
	if (ids.length === 0) return [];
	const rows = await db
		.selectFrom('people')
		.select('id')
		.where('programmeId', '=', programmeId)
		.where('deactivatedAt', 'is', null)
		.where('id', 'in', ids)
		.execute();
	return rows.map((r) => r.id);
}

/** Posts published in `[from, to)` on `publishAt` and by `now` (any audience); the goal count. */
export async function countPublished(
	db: Executor,
	programmeId: number,
	from: string | undefined,
	to: string,
	now: string
): Promise<number> {
	let q = db
		.selectFrom('posts as p')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('p.programmeId', '=', programmeId)
		.where('p.status', '=', 'published')
		.where('p.publishAt', '<=', now)
		.where('p.publishAt', '<', to);
	if (from) q = q.where('p.publishAt', '>=', from);
	const row = await q.executeTakeFirst();
	return Number(row?.n ?? 0);
}
