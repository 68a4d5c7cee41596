import { sql, type Kysely } from 'kysely';
import { columnTypes, createdAt, withId } from './helpers.ts';

/**
 * Knowledge sharing (issue 13 part A): the one full-text search index (owner: search) and
 * posts with their subjects, files and comments (owner: posts).
 *
 * `search_documents` is written by the owning domains in their own transactions (posts,
 * catalogue activities, later experts and networks). SQLite keeps an FTS5 external-content
 * table over it in sync by triggers (`unicode61 remove_diacritics 0`: å, ä, ö, æ, ø stay
 * letters of their own; prefix indexes for the query-side stemming); PostgreSQL keeps
 * `tsv` (title weight A, body B) and `title_tsv` by a trigger with the text-search
 * configuration of the document's language, GIN-indexed.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);

	await withId(db, db.schema.createTable('search_documents'))
		// post | activity | expert | network …
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('ref_id', 'integer', (c) => c.notNull())
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('url', 'text', (c) => c.notNull())
		// The owner's sub-type (post kind, activity type), a filter.
		.addColumn('subkind', 'text')
		.addColumn('track_id', 'integer')
		// public | members | office
		.addColumn('audience', 'text', (c) => c.notNull())
		// Null = not visible (draft, unpublished); in the future = scheduled.
		.addColumn('visible_from', t.timestamp)
		.addColumn('published_at', t.timestamp)
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.addUniqueConstraint('search_documents_ref', ['kind', 'ref_id'])
		.execute();
	await db.schema
		.createIndex('search_documents_programme')
		.on('search_documents')
		.columns(['programme_id', 'kind', 'published_at'])
		.execute();

	if (t.pg) {
		await sql`alter table search_documents add column tsv tsvector, add column title_tsv tsvector`.execute(
			db
		);
		// Immutable so it may appear in index expressions and be folded per row cheaply.
		await sql`create function klok_ts_config(lang text) returns regconfig language sql immutable as $$
			select case lang when 'sv' then 'swedish'::regconfig when 'da' then 'danish'::regconfig
				when 'nb' then 'norwegian'::regconfig else 'english'::regconfig end $$`.execute(db);
		await sql`create function search_documents_tsv() returns trigger language plpgsql as $$
			begin
				new.title_tsv := to_tsvector(klok_ts_config(new.language), new.title);
				new.tsv := setweight(new.title_tsv, 'A') ||
					setweight(to_tsvector(klok_ts_config(new.language), new.body), 'B');
				return new;
			end $$`.execute(db);
		await sql`create trigger search_documents_tsv before insert or update of title, body, language
			on search_documents for each row execute function search_documents_tsv()`.execute(db);
		await sql`create index search_documents_tsv_gin on search_documents using gin (tsv)`.execute(db);
	} else {
		await sql`create virtual table search_fts using fts5(title, body, content='search_documents',
			content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')`.execute(db);
		await sql`create trigger search_documents_ai after insert on search_documents begin
			insert into search_fts(rowid, title, body) values (new.id, new.title, new.body); end`.execute(db);
		await sql`create trigger search_documents_ad after delete on search_documents begin
			insert into search_fts(search_fts, rowid, title, body) values ('delete', old.id, old.title, old.body); end`.execute(
			db
		);
		await sql`create trigger search_documents_au after update of title, body on search_documents begin
			insert into search_fts(search_fts, rowid, title, body) values ('delete', old.id, old.title, old.body);
			insert into search_fts(rowid, title, body) values (new.id, new.title, new.body); end`.execute(db);
	}

	// Backfill: every activity, in its programme's language; visible when published and not archived.
	await sql`insert into search_documents (kind, ref_id, programme_id, language, title, body, url, subkind,
			track_id, audience, visible_from, published_at, updated_at)
		select 'activity', a.id, a.programme_id, p.default_locale, a.title, a.description_html,
			'/activities/' || a.id, a.type, a.track_id, 'members',
			case when a.archived_at is null then a.published_at else null end, a.published_at, a.updated_at
		from activities a join programmes p on p.id = a.programme_id`.execute(db);
	// The bodies were HTML: strip tags in pages (the catalogue's writes index plain text from then on).
	for (let after = 0; ;) {
		const rows = await sql<{ id: number; body: string }>`select id, body from search_documents
			where kind = 'activity' and id > ${after} order by id limit 500`.execute(db);
		if (rows.rows.length === 0) break;
		for (const r of rows.rows) {
			const text = r.body
				.replace(/<[^>]*>/g, ' ')
				.replace(/\s+/g, ' ')
				.trim();
			if (text !== r.body)
				await sql`update search_documents set body = ${text} where id = ${r.id}`.execute(db);
		}
		after = Number(rows.rows[rows.rows.length - 1]!.id);
	}

	// ---- posts

	// Programme settings for posts: who besides the office may write.
	await db.schema
		.createTable('post_settings')
		.addColumn('programme_id', 'integer', (c) =>
			c.primaryKey().references('programmes.id').onDelete('cascade')
		)
		.addColumn('managers_may_write', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('participants_may_write', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();

	// The programme's subject vocabulary (tags besides the track).
	await withId(db, db.schema.createTable('post_subjects'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addUniqueConstraint('post_subjects_slug', ['programme_id', 'slug'])
		.execute();

	await withId(db, db.schema.createTable('posts'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
		// news | course_report | study_trip_report | process_story
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		// Sanitised HTML.
		.addColumn('body_html', 'text', (c) => c.notNull())
		.addColumn('language', 'text', (c) => c.notNull())
		// draft | published
		.addColumn('status', 'text', (c) => c.notNull())
		// When a published post becomes visible (scheduled when in the future).
		.addColumn('publish_at', t.timestamp)
		// public (feed, anyone) | members (signed-in programme members)
		.addColumn('audience', 'text', (c) => c.notNull())
		.addColumn('track_id', 'integer', (c) => c.references('tracks.id'))
		.addColumn('activity_id', 'integer', (c) => c.references('activities.id'))
		.addColumn('session_id', 'integer', (c) => c.references('sessions.id'))
		.addColumn('process_id', 'integer', (c) => c.references('processes.id'))
		// A network (community domain, later); no foreign key until its table exists.
		.addColumn('network_id', 'integer')
		// 1 = a course report shows its session's evaluation summary.
		.addColumn('embed_evaluation', 'integer', (c) => c.notNull().defaultTo(0))
		// The evaluation summary as published (JSON, taken when the office embeds it: already
		// under the survey's small-group protection, so readers need no results permission).
		.addColumn('evaluation_json', 'text')
		.addColumn('created_by', 'integer', (c) => c.references('people.id'))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('posts_programme_published')
		.on('posts')
		.columns(['programme_id', 'status', 'publish_at'])
		.execute();
	await db.schema.createIndex('posts_track').on('posts').columns(['track_id', 'publish_at']).execute();
	await db.schema.createIndex('posts_session').on('posts').column('session_id').execute();

	await db.schema
		.createTable('post_authors')
		.addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		.addPrimaryKeyConstraint('post_authors_pk', ['post_id', 'person_id'])
		.execute();
	await db.schema
		.createIndex('post_authors_person')
		.on('post_authors')
		.columns(['person_id', 'post_id'])
		.execute();

	await db.schema
		.createTable('post_tags')
		.addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
		.addColumn('subject_id', 'integer', (c) => c.notNull().references('post_subjects.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('post_tags_pk', ['post_id', 'subject_id'])
		.execute();
	await db.schema
		.createIndex('post_tags_subject')
		.on('post_tags')
		.columns(['subject_id', 'post_id'])
		.execute();

	await withId(db, db.schema.createTable('post_files'))
		.addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('content', t.blob, (c) => c.notNull())
		.addColumn('uploaded_by', 'integer', (c) => c.references('people.id'))
		.addColumn(...createdAt(db))
		.execute();
	await db.schema.createIndex('post_files_post').on('post_files').column('post_id').execute();

	await withId(db, db.schema.createTable('post_comments'))
		.addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		// Plain text (every tag stripped).
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('hidden_at', t.timestamp)
		.addColumn('hidden_by', 'integer', (c) => c.references('people.id'))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('post_comments_post')
		.on('post_comments')
		.columns(['post_id', 'created_at'])
		.execute();

	// One open notice per post author collects new comments into one batched mail.
	await withId(db, db.schema.createTable('post_comment_notices'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		.addColumn('opened_at', t.timestamp, (c) => c.notNull())
		.addColumn('closed_at', t.timestamp)
		.execute();
	await sql`create unique index post_comment_notices_open on post_comment_notices (person_id) where closed_at is null`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'post_comment_notices',
		'post_comments',
		'post_files',
		'post_tags',
		'post_authors',
		'posts',
		'post_subjects',
		'post_settings'
	])
		await db.schema.dropTable(table).execute();
	const pg = columnTypes(db).pg;
	if (!pg) await sql`drop table if exists search_fts`.execute(db);
	await db.schema.dropTable('search_documents').execute();
	if (pg) {
		await sql`drop function if exists search_documents_tsv()`.execute(db);
		await sql`drop function if exists klok_ts_config(text)`.execute(db);
	}
}
