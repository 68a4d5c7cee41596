import { sql, type RawBuilder } from 'kysely';
import { dialect } from '../db/database.ts';
import type { DemoContext } from './demo.ts';

/**
 * The national demo's bulk posts (set-based; demo data writes tables directly): news, course
 * reports, study-trip reports and process stories over three years, each with an author from
 * the staff, a track and a subject tag, about a quarter public, a few drafts and scheduled
 * ones, and their search documents (the PostgreSQL trigger fills `tsv`, the SQLite triggers
 * `search_fts`). Everything derives from the row number and the anchor date, so the same
 * demo comes out on both databases and on every run.
 */

const WORDS = [
	'utbildning',
	'bibliotek',
	'läsfrämjande',
	'språkcafé',
	'digital',
	'bemötande',
	'barn',
	'nätverk',
	'föreläsning',
	'studieresa',
	'delaktighet',
	'öppettider'
];

const PLACES = ['Umeå', 'Malmö', 'Göteborg', 'Uppsala', 'Luleå', 'Växjö', 'Örebro', 'Gävle', 'Karlstad'];

/** Posts per person of a national programme: ~20,000 at 100,000 people. */
export const POSTS_PER_PERSON = 0.2;

/**
 * Writes `count` posts in a few INSERT … SELECT statements. `anchor` (ISO-8601, UTC) is "now":
 * publish dates lie up to three years before it (and a few scheduled up to a month after).
 */
export async function bulkPosts(ctx: DemoContext, count: number, anchor: string): Promise<void> {
	const { db, programmeId } = ctx;
	const pg = dialect(db) === 'postgres';
	// A word chosen by an integer expression: a CASE, not a join (SQLite would loop over every pair).
	const pick = (index: RawBuilder<unknown>, values: readonly string[]) =>
		sql`(case ${index} % ${sql.lit(values.length)} ${sql.join(
			values.map((w, i) => sql`when ${sql.lit(i)} then ${sql.lit(w)}`),
			sql` `
		)} end)`;
	const w1 = pick(sql`n`, WORDS);
	const w2 = pick(sql`(n / ${sql.lit(WORDS.length)})`, WORDS);
	const w3 = pick(sql`(n / 7)`, WORDS);
	const place = pick(sql`n`, PLACES);
	const series = pg
		? sql`select generate_series(1, ${count}) as n`
		: sql`with recursive s(n) as (select 1 union all select n + 1 from s where n < ${count}) select n from s`;
	// n % 97 = 3 is scheduled (in the coming month), n % 89 = 5 a draft; the rest published.
	const days = sql`(case when n % 97 = 3 then -(n % 30) - 1 else (n * 7) % 1095 end)`;
	const publish = pg
		? sql`(cast(${anchor} as timestamptz) - ${days} * interval '1 day' - (n % 600) * interval '1 minute')`
		: sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${anchor}, (-${days}) || ' days', '-' || (n % 600) || ' minutes')`;
	const first = await db
		.selectFrom('posts')
		.select((eb) => eb.fn.max('id').as('id'))
		.executeTakeFirst();
	const after = Number(first?.id ?? 0);
	await sql`create temporary table demo_post_staff (person_rank integer primary key, person_id integer not null)`.execute(
		db
	);
	await sql`create temporary table demo_post_tracks (track_rank integer primary key, track_id integer not null)`.execute(
		db
	);
	await sql`insert into demo_post_staff (person_rank, person_id)
		select row_number() over (order by id) - 1, id from people
		where programme_id = ${programmeId} and deactivated_at is null`.execute(db);
	await sql`insert into demo_post_tracks (track_rank, track_id)
		select row_number() over (order by id) - 1, id from tracks where programme_id = ${programmeId}`.execute(db);
	const staff = Number(
		(await sql<{ n: number }>`select count(*) as n from demo_post_staff`.execute(db)).rows[0]!.n
	);
	const tracks = Number(
		(await sql<{ n: number }>`select count(*) as n from demo_post_tracks`.execute(db)).rows[0]!.n
	);
	const text = sql`${w1} || ' och ' || ${w2} || ' i ' || ${place} || ': vad vi lärde oss om ' || ${w3} || ' på biblioteket, del ' || n || '.'`;
	await sql`insert into posts (programme_id, kind, title, body_html, language, status, publish_at, audience,
			track_id, embed_evaluation, created_by, created_at, updated_at)
		select ${programmeId},
			case when n % 10 < 5 then 'news' when n % 10 < 8 then 'course_report'
				when n % 10 = 8 then 'process_story' else 'study_trip_report' end,
			case when n % 10 < 5 then 'Nyhet ' || n || ' om ' || ${w1}
				when n % 10 < 8 then 'Kursrapport ' || n || ': ' || ${w1} || ' och ' || ${w2}
				when n % 10 = 8 then 'Processberättelse ' || n || ' om ' || ${w1}
				else 'Studieresa ' || n || ' till ' || ${place} end,
			'<p>' || ${text} || '</p>',
			'sv',
			case when n % 89 = 5 then 'draft' else 'published' end,
			case when n % 89 = 5 then null else ${publish} end,
			case when n % 4 = 0 then 'public' else 'members' end,
			${tracks > 0 ? sql`(select t.track_id from demo_post_tracks t where t.track_rank = n % ${tracks})` : sql`null`},
			0,
			${staff > 0 ? sql`(select st.person_id from demo_post_staff st where st.person_rank = (n * 7919) % ${staff})` : sql`null`},
			${anchor}, ${anchor}
		from (${series}) s
		order by n`.execute(db);
	await sql`insert into post_authors (post_id, person_id)
		select id, created_by from posts where id > ${after} and programme_id = ${programmeId} and created_by is not null`.execute(
		db
	);
	await sql`insert into post_tags (post_id, subject_id)
		select p.id, s.id from posts p
		join (select id, row_number() over (order by id) - 1 as r, count(*) over () as c
			from post_subjects where programme_id = ${programmeId}) s on s.r = p.id % s.c
		where p.id > ${after} and p.programme_id = ${programmeId}`.execute(db);
	// The index: the body as plain text (the HTML above is one paragraph), drafts hidden.
	await sql`insert into search_documents (kind, ref_id, programme_id, language, title, body, url, subkind, track_id,
			audience, visible_from, published_at, updated_at)
		select 'post', p.id, p.programme_id, p.language, p.title,
			substr(p.body_html, 4, length(p.body_html) - 7),
			'/posts/' || p.id, p.kind, p.track_id, p.audience,
			case when p.status = 'published' then p.publish_at end, p.publish_at, ${anchor}
		from posts p
		where p.id > ${after} and p.programme_id = ${programmeId}
		order by p.id`.execute(db);
	for (const table of ['demo_post_staff', 'demo_post_tracks'])
		await sql.raw(`drop table if exists ${table}`).execute(db);
}
