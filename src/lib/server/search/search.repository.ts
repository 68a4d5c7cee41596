import { sql, type RawBuilder } from 'kysely';
import { dialect, type Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import type { Insertable } from 'kysely';
import type { SearchAudience, SearchDocumentTable } from '../db/schema.ts';
import { ftsExpression, ftsTitleExpression, MARK_END, MARK_START, type ParsedQuery } from './query.ts';

/** Queries of the search index (owner: search). The dialects differ only in `matchQuery`. */

export type DocumentRow = Insertable<SearchDocumentTable>;

export async function upsertDocument(db: Db, row: DocumentRow): Promise<void> {
	const { kind: _kind, refId: _refId, ...rest } = row;
	await db
		.insertInto('searchDocuments')
		.values(row)
		.onConflict((oc) => oc.columns(['kind', 'refId']).doUpdateSet(rest))
		.execute();
}

export async function deleteDocument(db: Db, kind: string, refId: number): Promise<void> {
	await db.deleteFrom('searchDocuments').where('kind', '=', kind).where('refId', '=', refId).execute();
}

/** Which documents a search may return: the programme, the audiences, and the filters. */
export interface SearchFilter {
	programmeId: number;
	audiences: readonly SearchAudience[];
	kind?: string | undefined;
	subkind?: string | undefined;
	trackId?: number | undefined;
	year?: number | undefined;
}

export interface SearchHit {
	id: number;
	kind: string;
	refId: number;
	title: string;
	titleMarked: string;
	snippet: string;
	url: string;
	subkind: string | null;
	language: string;
	publishedAt: string | null;
	titleHit: number;
	rank: number;
}

/** The visibility and filter conditions, the same on both dialects (`d` = search_documents). */
function visibleWhere(f: SearchFilter, now: string): RawBuilder<unknown> {
	const parts: RawBuilder<unknown>[] = [
		sql`d.programme_id = ${f.programmeId}`,
		sql`d.visible_from is not null`,
		sql`d.visible_from <= ${now}`,
		sql`d.audience in (${sql.join(f.audiences.map((a) => sql`${a}`))})`
	];
	if (f.kind) parts.push(sql`d.kind = ${f.kind}`);
	if (f.subkind) parts.push(sql`d.subkind = ${f.subkind}`);
	if (f.trackId) parts.push(sql`d.track_id = ${f.trackId}`);
	if (f.year) {
		parts.push(sql`d.published_at >= ${`${f.year}-01-01T00:00:00.000Z`}`);
		parts.push(sql`d.published_at < ${`${f.year + 1}-01-01T00:00:00.000Z`}`);
	}
	return sql.join(parts, sql` and `);
}

const CONFIGS = [
	['sv', 'swedish'],
	['da', 'danish'],
	['nb', 'norwegian'],
	['en', 'english']
] as const;

/**
 * One page of matches, best first (title matches, then the engine's rank, then newest), and
 * the number of matches. SQLite: FTS5 `bm25` (title weighted 10) with `highlight`/`snippet`;
 * PostgreSQL: `websearch_to_tsquery` in the document's language, `ts_rank` over the weighted
 * vector, `ts_headline` for the page's rows only.
 */
export async function matchQuery(
	db: Db,
	text: string,
	parsed: ParsedQuery,
	filter: SearchFilter,
	limit: number,
	offset: number
): Promise<{ total: number; hits: SearchHit[] }> {
	if (text.trim() === '') return { total: 0, hits: [] };
	const now = nowIso();
	const where = visibleWhere(filter, now);
	if (dialect(db) === 'postgres') {
		// Each document is matched with the query parsed in its own language: an OR of one
		// condition per language lets the GIN index answer each part.
		const byLanguage = sql.join(
			CONFIGS.map(
				([lang, cfg]) =>
					sql`(d.language = ${lang} and d.tsv @@ websearch_to_tsquery(${sql.lit(cfg)}::regconfig, ${text}))`
			),
			sql` or `
		);
		const docQuery = sql`websearch_to_tsquery(klok_ts_config(d.language), ${text})`;
		const total = await sql<{ n: number }>`select count(*) as n from search_documents d
			where (${byLanguage}) and ${where}`.execute(db);
		const opts = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
		const titleOpts = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
		const rows = await sql<SearchHit>`select m.*,
				ts_headline(klok_ts_config(m.language), m.title, m.q, ${titleOpts}) as title_marked,
				ts_headline(klok_ts_config(m.language), m.body, m.q, ${opts}) as snippet
			from (
				select d.id, d.kind, d.ref_id, d.title, d.body, d.url, d.subkind, d.language, d.published_at,
					${docQuery} as q,
					case when d.title_tsv @@ ${docQuery} then 1 else 0 end as title_hit,
					ts_rank(d.tsv, ${docQuery}) as rank
				from search_documents d
				where (${byLanguage}) and ${where}
				order by title_hit desc, rank desc, d.published_at desc nulls last, d.id desc
				limit ${limit} offset ${offset}
			) m
			order by m.title_hit desc, m.rank desc, m.published_at desc nulls last, m.id desc`.execute(db);
		return { total: Number(total.rows[0]?.n ?? 0), hits: rows.rows.map(clean) };
	}
	const expr = ftsExpression(parsed);
	const titleExpr = ftsTitleExpression(parsed);
	if (!expr || !titleExpr) return { total: 0, hits: [] };
	const total = await sql<{ n: number }>`select count(*) as n from search_fts
		join search_documents d on d.id = search_fts.rowid
		where search_fts match ${expr} and ${where}`.execute(db);
	const rows = await sql<SearchHit>`select d.id, d.kind, d.ref_id, d.title, d.url, d.subkind, d.language,
			d.published_at,
			highlight(search_fts, 0, ${MARK_START}, ${MARK_END}) as title_marked,
			snippet(search_fts, 1, ${MARK_START}, ${MARK_END}, '…', 24) as snippet,
			bm25(search_fts, 10.0, 1.0) as rank,
			case when d.id in (select rowid from search_fts where search_fts match ${titleExpr}) then 1 else 0 end as title_hit
		from search_fts join search_documents d on d.id = search_fts.rowid
		where search_fts match ${expr} and ${where}
		order by title_hit desc, rank asc, d.published_at desc, d.id desc
		limit ${limit} offset ${offset}`.execute(db);
	return { total: Number(total.rows[0]?.n ?? 0), hits: rows.rows.map(clean) };
}

function clean(r: SearchHit & { body?: string; q?: unknown }): SearchHit {
	return {
		id: Number(r.id),
		kind: r.kind,
		refId: Number(r.refId),
		title: r.title,
		titleMarked: r.titleMarked,
		snippet: r.snippet,
		url: r.url,
		subkind: r.subkind,
		language: r.language,
		publishedAt: r.publishedAt,
		titleHit: Number(r.titleHit),
		rank: Number(r.rank)
	};
}
