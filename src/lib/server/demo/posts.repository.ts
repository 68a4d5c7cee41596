import { sql } from 'kysely';
import { dialect } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import type { DemoContext } from './demo.ts';

/** The national demo's bulk posts (set-based; demo data writes tables directly). */

/** ~`count` news posts with their search entries, in set-based statements (the scale benchmark). */
export async function bulkPosts(ctx: DemoContext, count: number): Promise<void> {
	const { db, programmeId } = ctx;
	const now = nowIso();
	const pg = dialect(db) === 'postgres';
	const words = [
		'utbildning',
		'bibliotek',
		'läsfrämjande',
		'språkcafé',
		'digital',
		'bemötande',
		'barn',
		'nätverk'
	];
	const wordList = sql.join(
		words.map((w, i) => sql`select ${sql.lit(i)} as i, cast(${sql.lit(w)} as text) as w`),
		sql` union all `
	);
	const series = pg
		? sql`select generate_series(1, ${count}) as n`
		: sql`with recursive s(n) as (select 1 union all select n + 1 from s where n < ${count}) select n from s`;
	const publish = pg
		? sql`(now() - (n % 365) * interval '1 day')`
		: sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (n % 365) || ' days')`;
	await sql`insert into posts (programme_id, kind, title, body_html, language, status, publish_at, audience,
			embed_evaluation, updated_at)
		select ${programmeId}, 'news', 'Nyhet ' || n || ' om ' || w1.w, '<p>Om ' || w1.w || ' och ' || w2.w || ' i projektets bibliotek, nummer ' || n || '.</p>',
			'sv', 'published', ${publish}, 'members', 0, ${now}
		from (${series}) s
		join (${wordList}) w1 on w1.i = n % ${words.length}
		join (${wordList}) w2 on w2.i = (n / ${words.length}) % ${words.length}`.execute(db);
	await sql`insert into search_documents (kind, ref_id, programme_id, language, title, body, url, subkind, track_id,
			audience, visible_from, published_at, updated_at)
		select 'post', p.id, p.programme_id, p.language, p.title,
			${pg ? sql`regexp_replace(p.body_html, '<[^>]*>', ' ', 'g')` : sql`replace(replace(p.body_html, '<p>', ''), '</p>', '')`},
			'/posts/' || p.id, p.kind, p.track_id, p.audience, p.publish_at, p.publish_at, ${now}
		from posts p
		where p.programme_id = ${programmeId}
			and not exists (select 1 from search_documents d where d.kind = 'post' and d.ref_id = p.id)`.execute(db);
}
