import type { Db } from '../db/database.ts';
import type { Locale, SearchAudience } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { parseInput } from '../core/validation.ts';
import { FieldsRuleError } from '../core/errors.ts';
import { searchAudiences, type Actor } from '../policy/policy.ts';
import { markedHtml, parseQuery } from './query.ts';
import { deleteDocument, matchQuery, upsertDocument } from './search.repository.ts';
import { searchQuerySchema, type SearchQuery } from './search.schema.ts';

/**
 * The one full-text index of the programme's knowledge (posts, activities, and whatever
 * else registers a kind: experts, networks). Owning domains call `indexDocument` and
 * `removeDocument` in their own write transactions, so the index never disagrees with what
 * was committed; `search` filters by the policy's audiences and visibility in SQL.
 */

export interface SearchDocument {
	/** The owner's name for the thing: 'post', 'activity', 'expert', 'network', … */
	kind: string;
	refId: number;
	programmeId: number;
	/** Chooses the stemming (PostgreSQL text-search configuration). */
	language: Locale;
	title: string;
	/** Plain text or HTML (tags are stripped here). */
	body: string;
	/** Where a hit links to, e.g. `/posts/12`. */
	url: string;
	/** A filterable sub-type (a post's kind, an activity's type). */
	subkind?: string | null;
	trackId?: number | null;
	/** public: anyone signed in or not; members: the programme's people; office: the office only. */
	audience: SearchAudience;
	/** From when it may be found; null hides it (a draft). A future instant schedules it. */
	visibleFrom: string | null;
	/** Its date for the year filter and ordering (defaults to `visibleFrom`). */
	publishedAt?: string | null;
}

const BODY_MAX = 100_000;

/** Plain text for the index: tags out, entities decoded, no control characters. */
export function plainText(html: string): string {
	return (
		html
			.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
			.replace(/<[^>]*>/g, ' ')
			.replace(/&nbsp;/g, ' ')
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&quot;/g, '"')
			.replace(/&#39;/g, "'")
			.replace(/&amp;/g, '&')
			// eslint-disable-next-line no-control-regex
			.replace(/[\u0000-\u001f\u007f]/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
	);
}

/** Adds or replaces the index entry of one thing; call inside the owner's transaction. */
export async function indexDocument(trx: Db, doc: SearchDocument): Promise<void> {
	await upsertDocument(trx, {
		kind: doc.kind,
		refId: doc.refId,
		programmeId: doc.programmeId,
		language: doc.language,
		title: plainText(doc.title).slice(0, 500),
		body: plainText(doc.body).slice(0, BODY_MAX),
		url: doc.url,
		subkind: doc.subkind ?? null,
		trackId: doc.trackId ?? null,
		audience: doc.audience,
		visibleFrom: doc.visibleFrom,
		publishedAt: doc.publishedAt ?? doc.visibleFrom,
		updatedAt: nowIso()
	});
}

/** Removes one thing from the index (deleted, or no longer searchable). */
export async function removeDocument(trx: Db, kind: string, refId: number): Promise<void> {
	await deleteDocument(trx, kind, refId);
}

export interface SearchResult {
	kind: string;
	refId: number;
	url: string;
	title: string;
	/** HTML: escaped text with `<mark>` around the matched words. */
	titleHtml: string;
	snippetHtml: string;
	subkind: string | null;
	language: string;
	publishedAt: string | null;
	/** The match is (also) in the title. */
	titleMatch: boolean;
}

export interface SearchPage {
	q: string;
	total: number;
	page: number;
	pageSize: number;
	results: SearchResult[];
}

class SearchInputError extends FieldsRuleError {}

/**
 * Searches what the actor may read in a programme: published and due (scheduled things stay
 * hidden until their time), of an audience the policy grants, matching every word (SQLite:
 * as a stemmed prefix; PostgreSQL: stemmed in the document's language) and every "phrase".
 */
export async function search(
	db: Db,
	actor: Actor | null,
	programmeId: number,
	input: unknown
): Promise<SearchPage> {
	const query: SearchQuery = parseInput(searchQuerySchema, input, (e) => new SearchInputError({}, e));
	const audiences = searchAudiences(actor, programmeId);
	const { total, hits } = await matchQuery(
		db,
		query.q,
		parseQuery(query.q),
		{
			programmeId,
			audiences,
			kind: query.kind,
			subkind: query.subkind,
			trackId: query.trackId,
			year: query.year
		},
		query.pageSize,
		(query.page - 1) * query.pageSize
	);
	return {
		q: query.q,
		total,
		page: query.page,
		pageSize: query.pageSize,
		results: hits.map((h) => ({
			kind: h.kind,
			refId: h.refId,
			url: h.url,
			title: h.title,
			titleHtml: markedHtml(h.titleMarked ?? h.title),
			snippetHtml: markedHtml(h.snippet ?? ''),
			subkind: h.subkind,
			language: h.language,
			publishedAt: h.publishedAt,
			titleMatch: h.titleHit === 1
		}))
	};
}
